package io.custodia.policy;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the shared lists holding one contact give one user: the highest level among them, the
 * fields hidden from the user on every one of those lists (a list hides nothing from its managers
 * and owner; a field hidden on one list but not another is visible), and a list's name to explain.
 */
public record ListAccess(ListLevel level, Set<String> hiddenFields, String listName) {
    public ListAccess {
        Objects.requireNonNull(level, "level");
        hiddenFields = Set.copyOf(hiddenFields);
    }

    /** What one list gives its member: the fields it hides apply only below MANAGER. */
    public static ListAccess onList(ListLevel level, Set<String> hiddenOnList, String listName) {
        return new ListAccess(level, level.seesHiddenFields() ? Set.of() : hiddenOnList, listName);
    }

    /** Two lists holding the same contact: the higher level (and its list's name), fields hidden on both. */
    public ListAccess and(ListAccess other) {
        Set<String> hidden = new TreeSet<>(hiddenFields);
        hidden.retainAll(other.hiddenFields);
        ListAccess higher = level.compareTo(other.level) >= 0 ? this : other;
        return new ListAccess(higher.level, hidden, higher.listName);
    }
}
