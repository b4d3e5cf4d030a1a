package io.custodia.policy;

import java.util.List;
import java.util.Locale;

/** The kinds of CRM records that roles grant access to. */
public enum EntityType {
    CONTACT,
    COMPANY,
    DEAL,
    ACTIVITY,
    NOTE;

    private static final EntityType[] VALUES = values();

    /**
     * A link from a record to the record it belongs to: an activity's deal, a note's company. A record
     * with parents is readable only while the one it links to is ("controlled by parent").
     */
    public record Parent(String field, EntityType entity) {}

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The links of which a record of this type has exactly one; none for records that stand alone. */
    public List<Parent> parents() {
        return switch (this) {
            case ACTIVITY -> List.of(new Parent("dealId", DEAL), new Parent("contactId", CONTACT));
            case NOTE ->
                List.of(new Parent("dealId", DEAL), new Parent("contactId", CONTACT), new Parent("companyId", COMPANY));
            case CONTACT, COMPANY, DEAL -> List.of();
        };
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
