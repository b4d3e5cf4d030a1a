package io.custodia.policy;

import java.util.Locale;

/** The kinds of CRM records that roles grant access to. */
public enum EntityType {
    CONTACT,
    COMPANY,
    DEAL,
    ACTIVITY,
    NOTE;

    private static final EntityType[] VALUES = values();

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntityType fromKey(String key) {
        for (EntityType type : VALUES) {
            if (type.key().equals(key)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown entity '" + key + "'");
    }
}
