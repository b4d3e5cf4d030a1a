package io.custodia.policy;

import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine needs to know of one record: its type, owner, stage (deals), field values, and
 * the users it is shared with.
 */
public record RecordFacts(
        EntityType entity,
        String id,
        UserId owner,
        StageId stage,
        Map<String, Value> fields,
        Map<UserId, ShareLevel> shares) {
    public RecordFacts {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(owner, "owner");
        fields = fields == null ? Map.of() : fields;
        shares = shares == null ? Map.of() : shares;
        if (entity == EntityType.DEAL && stage == null) {
            throw new IllegalArgumentException("a deal is always in a stage");
        }
    }

    /** A record shared with nobody. */
    public RecordFacts(EntityType entity, String id, UserId owner, StageId stage, Map<String, Value> fields) {
        this(entity, id, owner, stage, fields, Map.of());
    }

    /** The same record shared as given. */
    public RecordFacts withShares(Map<UserId, ShareLevel> other) {
        return new RecordFacts(entity, id, owner, stage, fields, other);
    }

    public Value field(String key) {
        return fields.get(key);
    }
}
