package io.custodia.records;

import io.custodia.policy.EntityType;
import java.util.UUID;

/** A record was created, updated, sent to the recycle bin or restored, inside the transaction that did it. */
public record RecordChanged(UUID workspaceId, EntityType entity, UUID recordId, Change change) {
    public enum Change {
        CREATED,
        UPDATED,
        DELETED,
        RESTORED
    }
}
