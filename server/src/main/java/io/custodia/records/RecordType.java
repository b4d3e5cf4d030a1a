package io.custodia.records;

import io.custodia.platform.db.DefaultSchema;
import io.custodia.policy.BuiltInField;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;

/**
 * A record type of the registry ({@link EntityType}) with the table that holds it: derived, never
 * written by hand. The table is named after the type's key ({@code deal}), each built-in field's
 * column after its key in snake case ({@code stageId} in {@code stage_id}), and every record table has
 * the same bookkeeping columns (workspace, id, owner and owner's unit, custom fields, version, times).
 * A type whose table or columns are missing or of another type stops the server as it starts.
 * Everything generic (create, read, update, delete, list, access) works from this description.
 */
public final class RecordType {
    private static final List<RecordType> VALUES =
            Arrays.stream(EntityType.values()).map(RecordType::new).toList();
    private static final Map<EntityType, RecordType> BY_ENTITY =
            VALUES.stream().collect(Collectors.toUnmodifiableMap(t -> t.entity, Function.identity()));

    /** Contacts, which shared lists hold (what only they do is written against this). */
    public static final RecordType CONTACTS = BY_ENTITY.get(EntityType.CONTACT);
    /** Deals, which sit in a pipeline's stages and link contacts. */
    public static final RecordType DEALS = BY_ENTITY.get(EntityType.DEAL);

    final String path;
    final EntityType entity;
    final Table<?> table;
    final Field<UUID> workspaceId;
    final Field<UUID> id;
    final Field<UUID> ownerId;
    /** The owner's unit copied onto the row, for department lists (see access.OwnerUnits). */
    final Field<UUID> ownerUnit;
    /** The stage column of types with a {@code stageId} field (deals); null for the others. */
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

    private RecordType(EntityType entity) {
        this.path = entity.path();
        this.entity = entity;
        this.table = DefaultSchema.DEFAULT_SCHEMA.getTable(entity.key());
        if (table == null) {
            throw new IllegalStateException("the record type " + entity.key() + " has no table " + entity.key());
        }
        this.workspaceId = column("workspace_id", UUID.class);
        this.id = column("id", UUID.class);
        this.ownerId = column("owner_id", UUID.class);
        this.ownerUnit = column("owner_unit", UUID.class);
        this.fields = column("fields", JSONB.class);
        this.version = column("version", Long.class);
        this.createdAt = column("created_at", OffsetDateTime.class);
        this.updatedAt = column("updated_at", OffsetDateTime.class);
        this.deletedAt = column("deleted_at", OffsetDateTime.class);
        this.builtIns = entity.fields().stream()
                .map(f -> new BuiltIn(f, column(snakeCase(f.key()), javaType(f.kind()))))
                .toList();
        this.stageId = entity.field("stageId").isPresent() ? column("stage_id", UUID.class) : null;
        this.searched = entity.keys(BuiltInField.Trait.SEARCHED);
        this.nameKey = entity.nameKey();
        this.name = text(nameKey);
    }

    /** Every record type, in the registry's order. */
    public static List<RecordType> values() {
        return VALUES;
    }

    public EntityType entity() {
        return entity;
    }

    /** The records of an entity (every entity of the registry has them). */
    public static Optional<RecordType> of(EntityType entity) {
        return Optional.ofNullable(BY_ENTITY.get(entity));
    }

    public static Optional<RecordType> byPath(String path) {
        return EntityType.byPath(path).map(BY_ENTITY::get);
    }

    Optional<BuiltIn> builtIn(String key) {
        return builtIns.stream().filter(b -> b.key().equals(key)).findFirst();
    }

    /** The column of a built-in text field. */
    @SuppressWarnings("unchecked")
    Field<String> text(String key) {
        return (Field<String>) builtIn(key)
                .filter(b -> b.kind() == BuiltInField.Kind.TEXT)
                .orElseThrow(() -> new IllegalArgumentException(path + " have no text field " + key))
                .column();
    }

    /** The record type a reference key points at ({@code stageId} and {@code pipelineId} are checked apart). */
    static Optional<RecordType> referenced(String key) {
        return BuiltInField.reference(key).target().map(BY_ENTITY::get);
    }

    /** The parent links a record must have exactly one of (activities and notes), none for the others. */
    List<String> parents() {
        return entity.parents().stream().map(EntityType.Parent::field).toList();
    }

    @Override
    public String toString() {
        return path;
    }

    /** The table's column of that name, checked to hold values of that type. */
    @SuppressWarnings("unchecked")
    private <T> Field<T> column(String name, Class<T> type) {
        Field<?> column = table.field(name);
        if (column == null || !column.getType().equals(type)) {
            throw new IllegalStateException(
                    "the table " + table.getName() + " needs a column " + name + " of " + type.getSimpleName()
                            + (column == null ? "" : ", not " + column.getType().getSimpleName()));
        }
        return (Field<T>) column;
    }

    private static Class<?> javaType(BuiltInField.Kind kind) {
        return switch (kind) {
            case TEXT, CHOICE -> String.class;
            case NUMBER -> BigDecimal.class;
            case TIMESTAMP -> OffsetDateTime.class;
            case BOOLEAN -> Boolean.class;
            case REFERENCE -> UUID.class;
        };
    }

    /** {@code stageId} as {@code stage_id}. */
    static String snakeCase(String key) {
        return key.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /** A built-in field with its column. */
    record BuiltIn(BuiltInField field, Field<?> column) {
        String key() {
            return field.key();
        }

        BuiltInField.Kind kind() {
            return field.kind();
        }

        int maxLength() {
            return field.maxLength();
        }

        boolean required() {
            return field.required();
        }

        List<String> choices() {
            return field.choices();
        }

        /** How conditions see the field: references as their id text. */
        FieldType engineType() {
            return field.type();
        }
    }
}
