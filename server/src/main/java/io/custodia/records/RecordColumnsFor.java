package io.custodia.records;

import io.custodia.access.RecordColumns;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** A record type's columns as the scope translator sees them, with the workspace's custom fields. */
final class RecordColumnsFor implements RecordColumns {
    private final RecordType type;
    private final FieldCatalog catalog;

    RecordColumnsFor(RecordType type, FieldCatalog catalog) {
        this.type = type;
        this.catalog = catalog;
    }

    @Override
    public Field<UUID> workspaceId() {
        return type.workspaceId;
    }

    @Override
    public Field<UUID> ownerId() {
        return type.ownerId;
    }

    @Override
    public Field<UUID> ownerUnit() {
        return type.ownerUnit;
    }

    @Override
    public Field<UUID> id() {
        return type.id;
    }

    @Override
    public String entityKey() {
        return type.entity.key();
    }

    @Override
    public Field<UUID> stageId() {
        return type.stageId;
    }

    @Override
    public FieldType typeOf(String key) {
        return catalog.typeOf(type.entity, key).orElse(null);
    }

    @Override
    public Field<?> field(String key) {
        if (key.equals("ownerId")) {
            return type.ownerId.cast(SQLDataType.VARCHAR);
        }
        var builtIn = type.builtIn(key);
        if (builtIn.isPresent()) {
            Field<?> column = builtIn.get().column();
            return switch (builtIn.get().kind()) {
                case REFERENCE -> column.cast(SQLDataType.VARCHAR);
                // Conditions see a date-time as its date in UTC, as the engine does (Records.facts);
                // compared as it is, PostgreSQL would turn the condition's date into midnight instead.
                case TIMESTAMP -> DSL.field("(({0} at time zone 'UTC')::date)", LocalDate.class, column);
                default -> column;
            };
        }
        FieldType fieldType = typeOf(key);
        if (fieldType == null) {
            return null;
        }
        Field<String> text = DSL.field("({0} ->> {1})", String.class, type.fields, DSL.inline(key));
        return switch (fieldType) {
            case TEXT -> text;
            case NUMBER -> text.cast(BigDecimal.class);
            case DATE -> text.cast(LocalDate.class);
            case BOOLEAN -> text.cast(Boolean.class);
        };
    }
}
