package io.custodia.policy;

/**
 * The type of a field as conditions see it; a select field (and a reference, such as an owner's
 * id) compares as text. How each type compares is written once, in {@link Value}.
 */
public enum FieldType {
    TEXT,
    NUMBER,
    DATE,
    /** An instant, such as an activity's {@code dueAt}: conditions compare its UTC date with a date. */
    TIMESTAMP,
    BOOLEAN;

    /** The type of the values a condition on a field of this type compares it with. */
    public FieldType operandType() {
        return this == TIMESTAMP ? DATE : this;
    }
}
