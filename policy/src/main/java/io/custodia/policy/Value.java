package io.custodia.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A typed value of a record field or a condition operand, and the one place where conditions'
 * comparison rules are written (docs/access-model.md, "Conditions"); the server's SQL translation
 * follows the same rules and tests hold the two together on every field type.
 */
public sealed interface Value extends Comparable<Value> {

    FieldType type();

    /** The value as plain Java: String, BigDecimal, LocalDate, Instant or Boolean. */
    Object raw();

    /**
     * This value as a condition compares it with an operand of {@code operandType}, or null when the
     * two are incomparable (then every comparison is false): a value of that very type is itself; a
     * timestamp compared with a date is its UTC date, whatever any time zone says.
     */
    default Value comparableAs(FieldType operandType) {
        return type() == operandType ? this : null;
    }

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

    /** An instant, such as an activity's due time. */
    record Timestamp(Instant value) implements Value {
        public Timestamp {
            Objects.requireNonNull(value, "timestamp");
        }

        @Override
        public FieldType type() {
            return FieldType.TIMESTAMP;
        }

        @Override
        public Object raw() {
            return value;
        }

        @Override
        public Value comparableAs(FieldType operandType) {
            if (operandType == FieldType.DATE) {
                return new Date(LocalDate.ofInstant(value, ZoneOffset.UTC));
            }
            return Value.super.comparableAs(operandType);
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
     * comparison between them is false, so callers go through {@link #comparableAs} first. Text is
     * ordered by Unicode code point, as PostgreSQL's {@code COLLATE "C"} orders UTF-8: never by
     * UTF-16 code unit (which puts U+E000..U+FFFF after every character beyond U+FFFF) nor by any
     * language's rules, so case and accents count.
     */
    @Override
    default int compareTo(Value other) {
        if (this instanceof Text a && other instanceof Text b) {
            return compareCodePoints(a.value, b.value);
        }
        if (this instanceof Number a && other instanceof Number b) {
            return a.value.compareTo(b.value);
        }
        if (this instanceof Date a && other instanceof Date b) {
            return a.value.compareTo(b.value);
        }
        if (this instanceof Timestamp a && other instanceof Timestamp b) {
            return a.value.compareTo(b.value);
        }
        if (this instanceof Bool a && other instanceof Bool b) {
            return Boolean.compare(a.value, b.value);
        }
        throw new IllegalArgumentException("cannot compare " + type() + " with " + other.type());
    }

    /** Code-point order: equal up to the first differing code point, then that one decides; a prefix comes first. */
    static int compareCodePoints(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Compare whole code points: step back when both differ only in a pair's second half.
                int at = i > 0 && Character.isHighSurrogate(a.charAt(i - 1)) ? i - 1 : i;
                return Integer.compare(a.codePointAt(at), b.codePointAt(at));
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
