package io.custodia.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** A typed value of a record field or a condition operand. */
public sealed interface Value extends Comparable<Value> {

    FieldType type();

    /** The value as plain Java: String, BigDecimal, LocalDate or Boolean. */
    Object raw();

    record Text(String value) implements Value {
        public Text {
            Objects.requireNonNull(value, "text");
        }

        @Override
        public FieldType type() {
            return FieldType.TEXT;
        }

        @Override
        public Object raw() {
            return value;
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }

    record Number(BigDecimal value) implements Value {
        public Number {
            Objects.requireNonNull(value, "number");
            value = value.stripTrailingZeros();
        }

        public static Number of(long value) {
            return new Number(BigDecimal.valueOf(value));
        }

        @Override
        public FieldType type() {
            return FieldType.NUMBER;
        }

        @Override
        public Object raw() {
            return value;
        }

        @Override
        public String toString() {
            return value.toPlainString();
        }
    }

    record Date(LocalDate value) implements Value {
        /**
         * The first and last dates anyone may write: years 1 to 9999, what ISO 8601 writes with
         * four digits and every database reads. Roles stored before this rule may hold others.
         */
        public static final LocalDate FIRST = LocalDate.of(1, 1, 1);

        public static final LocalDate LAST = LocalDate.of(9999, 12, 31);

        public Date {
            Objects.requireNonNull(value, "date");
        }

        /** Whether the date is within {@link #FIRST} and {@link #LAST}. */
        public static boolean accepted(LocalDate date) {
            return !date.isBefore(FIRST) && !date.isAfter(LAST);
        }

        @Override
        public FieldType type() {
            return FieldType.DATE;
        }

        @Override
        public Object raw() {
            return value;
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public FieldType type() {
            return FieldType.BOOLEAN;
        }

        @Override
        public Object raw() {
            return value;
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    static Value text(String value) {
        return new Text(value);
    }

    static Value number(long value) {
        return Number.of(value);
    }

    /**
     * Orders two values of the same type; values of different types are incomparable and every
     * comparison between them is false, so callers check {@link #type()} first.
     */
    @Override
    default int compareTo(Value other) {
        if (this instanceof Text a && other instanceof Text b) {
            return a.value.compareTo(b.value);
        }
        if (this instanceof Number a && other instanceof Number b) {
            return a.value.compareTo(b.value);
        }
        if (this instanceof Date a && other instanceof Date b) {
            return a.value.compareTo(b.value);
        }
        if (this instanceof Bool a && other instanceof Bool b) {
            return Boolean.compare(a.value, b.value);
        }
        throw new IllegalArgumentException("cannot compare " + type() + " with " + other.type());
    }
}
