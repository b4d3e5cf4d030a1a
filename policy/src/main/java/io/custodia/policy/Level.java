package io.custodia.policy;

/** How far a grant reaches, lowest to highest; each level admits everything the one below admits. */
public enum Level {
    NONE,
    OWN,
    DEPARTMENT,
    SUBDEPARTMENTS,
    ALL;

    public boolean atLeast(Level other) {
        return compareTo(other) >= 0;
    }

    public static Level max(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
