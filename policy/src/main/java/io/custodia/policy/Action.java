package io.custodia.policy;

import java.util.Locale;

/** What a user does to records of an entity. */
public enum Action {
    READ,
    CREATE,
    UPDATE,
    DELETE,
    EXPORT,
    IMPORT;

    private static final Action[] VALUES = values();

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action fromKey(String key) {
        for (Action action : VALUES) {
            if (action.key().equals(key)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + key + "'");
    }
}
