package io.custodia.policy;

/** What a user may do with one field of a record it can read; ordered from least to most. */
public enum FieldAccess {
    HIDDEN,
    READ,
    EDIT;

    public static FieldAccess max(FieldAccess a, FieldAccess b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
