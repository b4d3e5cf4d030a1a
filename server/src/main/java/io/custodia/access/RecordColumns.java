package io.custodia.access;

import io.custodia.policy.FieldType;
import java.util.UUID;
import org.jooq.Field;

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
}
