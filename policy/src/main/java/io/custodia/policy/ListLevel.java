package io.custodia.policy;

/**
 * A member's level on a shared contact list (seed 004): each includes the ones before it. Only the
 * owner renames, deletes or transfers the list; levels never give a contact to another owner.
 */
public enum ListLevel {
    VIEW,
    EDIT,
    DELETE,
    MANAGER,
    OWNER;

    /**
     * Whether this level lets its member take the action on the list's contacts. Every member may
     * export what they may read (the list is theirs to take along); none creates or imports through it.
     */
    public boolean admits(Action action) {
        return switch (action) {
            case READ, EXPORT -> true;
            case UPDATE -> atLeast(EDIT);
            case DELETE -> atLeast(DELETE);
            case CREATE, IMPORT -> false;
        };
    }

    public boolean atLeast(ListLevel other) {
        return compareTo(other) >= 0;
    }

    /** Whether members at this level see the fields the list hides (managers and the owner do). */
    public boolean seesHiddenFields() {
        return atLeast(MANAGER);
    }
}
