package io.custodia.policy;

import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.Map;
import java.util.Objects;

/** What the engine needs to know of one record: its type, owner, stage (deals) and field values. */
public record RecordFacts(EntityType entity, String id, UserId owner, StageId stage, Map<String, Value> fields) {
    public RecordFacts {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(owner, "owner");
        fields = fields == null ? Map.of() : fields;
        if (entity == EntityType.DEAL && stage == null) {
            throw new IllegalArgumentException("a deal is always in a stage");
        }
    }

    public Value field(String key) {
        return fields.get(key);
    }
}
