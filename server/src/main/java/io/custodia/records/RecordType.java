package io.custodia.records;

import static io.custodia.platform.db.Tables.ACTIVITY;
import static io.custodia.platform.db.Tables.COMPANY;
import static io.custodia.platform.db.Tables.CONTACT;
import static io.custodia.platform.db.Tables.DEAL;
import static io.custodia.platform.db.Tables.NOTE;

import io.custodia.policy.EntityType;
import io.custodia.policy.FieldType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;

/**
 * The record types the API serves, each described once: its table, its built-in fields (name,
 * column, type, limits) and which of them name the record in searches and sorting. Everything
 * generic (create, read, update, delete, list, access) works from this description.
 */
public enum RecordType {
    CONTACTS(
            "contacts",
            EntityType.CONTACT,
            CONTACT,
            CONTACT.WORKSPACE_ID,
            CONTACT.ID,
            CONTACT.OWNER_ID,
            null,
            CONTACT.FIELDS,
            CONTACT.VERSION,
            CONTACT.CREATED_AT,
            CONTACT.UPDATED_AT,
            CONTACT.DELETED_AT,
            List.of(
                    BuiltIn.text("firstName", CONTACT.FIRST_NAME, 200, false),
                    BuiltIn.text("lastName", CONTACT.LAST_NAME, 200, false),
                    BuiltIn.text("email", CONTACT.EMAIL, 254, false),
                    BuiltIn.text("phone", CONTACT.PHONE, 50, false),
                    BuiltIn.reference("companyId", CONTACT.COMPANY_ID)),
            List.of("firstName", "lastName", "email"),
            "lastName"),
    COMPANIES(
            "companies",
            EntityType.COMPANY,
            COMPANY,
            COMPANY.WORKSPACE_ID,
            COMPANY.ID,
            COMPANY.OWNER_ID,
            null,
            COMPANY.FIELDS,
            COMPANY.VERSION,
            COMPANY.CREATED_AT,
            COMPANY.UPDATED_AT,
            COMPANY.DELETED_AT,
            List.of(BuiltIn.text("name", COMPANY.NAME, 300, true), BuiltIn.text("domain", COMPANY.DOMAIN, 300, false)),
            List.of("name", "domain"),
            "name"),
    DEALS(
            "deals",
            EntityType.DEAL,
            DEAL,
            DEAL.WORKSPACE_ID,
            DEAL.ID,
            DEAL.OWNER_ID,
            DEAL.STAGE_ID,
            DEAL.FIELDS,
            DEAL.VERSION,
            DEAL.CREATED_AT,
            DEAL.UPDATED_AT,
            DEAL.DELETED_AT,
            List.of(
                    BuiltIn.text("title", DEAL.TITLE, 300, true),
                    BuiltIn.number("amount", DEAL.AMOUNT),
                    BuiltIn.text("currency", DEAL.CURRENCY, 3, false),
                    BuiltIn.reference("pipelineId", DEAL.PIPELINE_ID),
                    BuiltIn.reference("stageId", DEAL.STAGE_ID),
                    BuiltIn.reference("companyId", DEAL.COMPANY_ID)),
            List.of("title"),
            "title"),
    ACTIVITIES(
            "activities",
            EntityType.ACTIVITY,
            ACTIVITY,
            ACTIVITY.WORKSPACE_ID,
            ACTIVITY.ID,
            ACTIVITY.OWNER_ID,
            null,
            ACTIVITY.FIELDS,
            ACTIVITY.VERSION,
            ACTIVITY.CREATED_AT,
            ACTIVITY.UPDATED_AT,
            ACTIVITY.DELETED_AT,
            List.of(
                    BuiltIn.choice("type", ACTIVITY.TYPE, List.of("call", "meeting", "task")),
                    BuiltIn.text("subject", ACTIVITY.SUBJECT, 300, true),
                    BuiltIn.timestamp("dueAt", ACTIVITY.DUE_AT),
                    BuiltIn.bool("done", ACTIVITY.DONE),
                    BuiltIn.reference("dealId", ACTIVITY.DEAL_ID),
                    BuiltIn.reference("contactId", ACTIVITY.CONTACT_ID)),
            List.of("subject"),
            "subject"),
    NOTES(
            "notes",
            EntityType.NOTE,
            NOTE,
            NOTE.WORKSPACE_ID,
            NOTE.ID,
            NOTE.OWNER_ID,
            null,
            NOTE.FIELDS,
            NOTE.VERSION,
            NOTE.CREATED_AT,
            NOTE.UPDATED_AT,
            NOTE.DELETED_AT,
            List.of(
                    BuiltIn.text("body", NOTE.BODY, 20_000, true),
                    BuiltIn.reference("dealId", NOTE.DEAL_ID),
                    BuiltIn.reference("contactId", NOTE.CONTACT_ID),
                    BuiltIn.reference("companyId", NOTE.COMPANY_ID)),
            List.of("body"),
            "body");

    final String path;
    final EntityType entity;
    final Table<?> table;
    final Field<UUID> workspaceId;
    final Field<UUID> id;
    final Field<UUID> ownerId;
    /** The owner's unit copied onto the row, for department lists (see access.OwnerUnits). */
    final Field<UUID> ownerUnit;

    final Field<UUID> stageId;
    final Field<JSONB> fields;
    final Field<Long> version;
    final Field<OffsetDateTime> createdAt;
    final Field<OffsetDateTime> updatedAt;
    final Field<OffsetDateTime> deletedAt;
    final List<BuiltIn> builtIns;
    /** The built-in text fields a list's {@code q} searches, by key. */
    final List<String> searched;
    /** The built-in text field that names a record (sorting by name, the recycle bin), by key. */
    final String nameKey;
    /** That field's column. */
    final Field<String> name;

    RecordType(
            String path,
            EntityType entity,
            Table<?> table,
            Field<UUID> workspaceId,
            Field<UUID> id,
            Field<UUID> ownerId,
            Field<UUID> stageId,
            Field<JSONB> fields,
            Field<Long> version,
            Field<OffsetDateTime> createdAt,
            Field<OffsetDateTime> updatedAt,
            Field<OffsetDateTime> deletedAt,
            List<BuiltIn> builtIns,
            List<String> searched,
            String nameKey) {
        this.path = path;
        this.entity = entity;
        this.table = table;
        this.workspaceId = workspaceId;
        this.id = id;
        this.ownerId = ownerId;
        this.ownerUnit = table.field("owner_unit", UUID.class);
        this.stageId = stageId;
        this.fields = fields;
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.deletedAt = deletedAt;
        this.builtIns = builtIns;
        this.searched = searched;
        this.nameKey = nameKey;
        this.name = text(nameKey);
    }

    public EntityType entity() {
        return entity;
    }

    /** The records of an entity, if the entity has records. */
    public static Optional<RecordType> of(EntityType entity) {
        for (RecordType type : values()) {
            if (type.entity == entity) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<RecordType> byPath(String path) {
        for (RecordType type : values()) {
            if (type.path.equals(path)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    Optional<BuiltIn> builtIn(String key) {
        return builtIns.stream().filter(b -> b.key().equals(key)).findFirst();
    }

    /** The column of a built-in text field. */
    @SuppressWarnings("unchecked")
    Field<String> text(String key) {
        return (Field<String>) builtIn(key)
                .filter(b -> b.kind() == BuiltIn.Kind.TEXT)
                .orElseThrow(() -> new IllegalArgumentException(path + " have no text field " + key))
                .column();
    }

    /** The record types a reference key points at ({@code stageId} and {@code pipelineId} are checked apart). */
    static Optional<RecordType> referenced(String key) {
        return switch (key) {
            case "companyId" -> Optional.of(COMPANIES);
            case "contactId" -> Optional.of(CONTACTS);
            case "dealId" -> Optional.of(DEALS);
            default -> Optional.empty();
        };
    }

    /** The parent links a record must have exactly one of (activities and notes), none for the others. */
    List<String> parents() {
        return switch (this) {
            case ACTIVITIES -> List.of("dealId", "contactId");
            case NOTES -> List.of("dealId", "contactId", "companyId");
            default -> List.of();
        };
    }

    /** A built-in field: its API key, its column, its kind, and its limits. */
    record BuiltIn(String key, Field<?> column, Kind kind, int maxLength, boolean required, List<String> choices) {
        enum Kind {
            TEXT,
            CHOICE,
            NUMBER,
            TIMESTAMP,
            BOOLEAN,
            REFERENCE
        }

        static BuiltIn text(String key, Field<String> column, int maxLength, boolean required) {
            return new BuiltIn(key, column, Kind.TEXT, maxLength, required, List.of());
        }

        static BuiltIn choice(String key, Field<String> column, List<String> choices) {
            return new BuiltIn(key, column, Kind.CHOICE, 0, true, choices);
        }

        static BuiltIn number(String key, Field<BigDecimal> column) {
            return new BuiltIn(key, column, Kind.NUMBER, 0, false, List.of());
        }

        static BuiltIn timestamp(String key, Field<OffsetDateTime> column) {
            return new BuiltIn(key, column, Kind.TIMESTAMP, 0, false, List.of());
        }

        static BuiltIn bool(String key, Field<Boolean> column) {
            return new BuiltIn(key, column, Kind.BOOLEAN, 0, false, List.of());
        }

        static BuiltIn reference(String key, Field<UUID> column) {
            return new BuiltIn(key, column, Kind.REFERENCE, 0, false, List.of());
        }

        /** How conditions see the field: references as their id text. */
        FieldType engineType() {
            return switch (kind) {
                case NUMBER -> FieldType.NUMBER;
                case TIMESTAMP -> FieldType.TIMESTAMP;
                case BOOLEAN -> FieldType.BOOLEAN;
                case TEXT, CHOICE, REFERENCE -> FieldType.TEXT;
            };
        }
    }
}
