package io.custodia.policy;

import java.util.Objects;
import java.util.Set;

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
}
