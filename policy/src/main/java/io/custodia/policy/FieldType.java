package io.custodia.policy;

/** The type of a field as conditions see it; a select field compares as text. */
public enum FieldType {
    TEXT,
    NUMBER,
    DATE,
    BOOLEAN
}
