package io.custodia.policy;

/** One record shared with one user: READ lets the user read it, EDIT also update it (never delete it or change its owner). */
public enum ShareLevel {
    READ,
    EDIT;

    /** Whether a share at this level admits the action. */
    public boolean admits(Action action) {
        return switch (action) {
            case READ -> true;
            case UPDATE -> this == EDIT;
            case CREATE, DELETE, EXPORT, IMPORT -> false;
        };
    }
}
