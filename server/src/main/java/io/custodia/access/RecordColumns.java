package io.custodia.access;

import io.custodia.policy.EntityType;
import io.custodia.policy.FieldType;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

/** What the scope translator needs to know of a record table: where the owner, the stage and each field are. */
public interface RecordColumns {
    Field<UUID> workspaceId();

    Field<UUID> ownerId();

    /** The owner's unit as copied onto the row; see {@link OwnerUnits}. */
    Field<UUID> ownerUnit();

    /** The record's id column. */
    Field<UUID> id();

    /** The entity's key as record shares name it (deal, contact, ...). */
    String entityKey();

    /** The deal's stage column; null for entities without stages. */
    Field<UUID> stageId();

    /** The typed SQL value of a field for conditions, or null when the entity has no such field. */
    Field<?> field(String key);

    /** The type the field holds, or null when the entity has no such field. */
    FieldType typeOf(String key);

    /** The record table itself, to read a parent's row in a subquery. */
    Table<?> table();

    /** The record is not in the recycle bin. */
    Condition live();

    /** The column of a link to the record this one belongs to (an activity's {@code dealId}). */
    Field<UUID> link(String field);

    /** The columns of another entity's records, with the same workspace's custom fields. */
    RecordColumns of(EntityType entity);
}
