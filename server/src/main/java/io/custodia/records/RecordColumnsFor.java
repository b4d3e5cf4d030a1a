package io.custodia.records;

import io.custodia.access.RecordColumns;
import io.custodia.policy.BuiltInField;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
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
    public Table<?> table() {
        return type.table;
    }

    @Override
    public Condition live() {
        return type.deletedAt.isNull();
    }

    @SuppressWarnings("unchecked")
    @Override
    public Field<UUID> link(String field) {
        return (Field<UUID>) type.builtIn(field)
                .filter(b -> b.kind() == BuiltInField.Kind.REFERENCE)
                .orElseThrow(() -> new IllegalArgumentException(type.path + " have no link " + field))
                .column();
    }

    @Override
    public RecordColumns of(EntityType entity) {
        return new RecordColumnsFor(RecordType.of(entity).orElseThrow(), catalog);
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
                // A timestamp is compared as its UTC date by ScopeSql, the one place of that rule.
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
            case TIMESTAMP -> text.cast(OffsetDateTime.class);
            case BOOLEAN -> text.cast(Boolean.class);
        };
    }
}
