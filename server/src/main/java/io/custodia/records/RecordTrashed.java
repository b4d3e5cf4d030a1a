package io.custodia.records;

import io.custodia.policy.EntityType;
import java.util.UUID;

/** A record was sent to the recycle bin by a user, inside the transaction that did it. */
public record RecordTrashed(UUID workspaceId, EntityType entity, UUID recordId, UUID byUserId, String byName) {}
