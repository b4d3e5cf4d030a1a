package io.custodia.policy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A predicate over a record's fields that narrows a grant. A comparison with a field the record
 * lacks is false, whatever the operator, so {@code ne} and {@code not_in} are false on a missing
 * value too (this is also what SQL's three-valued logic gives, which keeps decide and scope equal).
 */
public sealed interface Condition {

    /** Evaluates against a record's field values; {@code fields} answers null for a missing field. */
    boolean test(Function<String, Value> fields);

    enum Op {
        EQ,
        NE,
        IN,
        NOT_IN,
        GT,
        GTE,
        LT,
        LTE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean takesList() {
            return this == IN || this == NOT_IN;
        }

        public boolean isOrdering() {
            return this == GT || this == GTE || this == LT || this == LTE;
        }

        public static Op fromKey(String key) {
            for (Op op : values()) {
                if (op.key().equals(key)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown operator '" + key + "'");
        }
    }

    /** {@code field op value} or {@code field op (values...)}. */
    record Comparison(String field, Op op, List<Value> values) implements Condition {
        public Comparison {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a comparison needs at least one value");
            }
            if (!op.takesList() && values.size() != 1) {
                throw new IllegalArgumentException(op.key() + " takes exactly one value");
            }
        }

        public static Comparison of(String field, Op op, Value... values) {
            return new Comparison(field, op, List.of(values));
        }

        @Override
        public boolean test(Function<String, Value> fields) {
            return holdsFor(fields.apply(field));
        }

        /** Whether the comparison holds for this actual value (null: the record has none). */
        public boolean holdsFor(Value actual) {
            // The operands share one type (the field's operand type): the value as compared with them.
            Value compared =
                    actual == null ? null : actual.comparableAs(values.get(0).type());
            if (compared == null) {
                return false;
            }
            Value operand = values.get(0);
            return switch (op) {
                case EQ -> compared.compareTo(operand) == 0;
                case NE -> compared.compareTo(operand) != 0;
                case IN -> contains(compared);
                case NOT_IN -> !contains(compared);
                case GT -> compared.compareTo(operand) > 0;
                case GTE -> compared.compareTo(operand) >= 0;
                case LT -> compared.compareTo(operand) < 0;
                case LTE -> compared.compareTo(operand) <= 0;
            };
        }

        private boolean contains(Value compared) {
            for (Value value : values) {
                if (value.type() == compared.type() && compared.compareTo(value) == 0) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return field + " " + op.key() + " "
                    + (op.takesList() ? values.toString() : values.get(0).toString());
        }
    }

    /** Every condition holds. */
    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Function<String, Value> fields) {
            for (Condition condition : conditions) {
                if (!condition.test(fields)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "all" + conditions;
        }
    }

    /** At least one condition holds. */
    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }

        @Override
        public boolean test(Function<String, Value> fields) {
            for (Condition condition : conditions) {
                if (condition.test(fields)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "any" + conditions;
        }
    }
}
