package io.custodia.policy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Small builders that keep tests readable. */
final class Fixtures {
    private Fixtures() {}

    static UserId user() {
        return new UserId(UUID.randomUUID());
    }

    static DepartmentId department() {
        return new DepartmentId(UUID.randomUUID());
    }

    static StageId stage() {
        return new StageId(UUID.randomUUID());
    }

    static RoleBuilder role(String name) {
        return new RoleBuilder(name);
    }

    static RecordFacts deal(UserId owner, StageId stage) {
        return new RecordFacts(EntityType.DEAL, "deal-" + UUID.randomUUID(), owner, stage, Map.of());
    }

    static RecordFacts deal(UserId owner, StageId stage, Map<String, Value> fields) {
        return new RecordFacts(EntityType.DEAL, "deal-" + UUID.randomUUID(), owner, stage, fields);
    }

    static final class RoleBuilder {
        private final String name;
        private final Map<EntityType, Map<Action, Grant>> entities = new EnumMap<>(EntityType.class);
        private final Map<StageId, Map<Action, Grant>> stages = new HashMap<>();
        private final Map<EntityType, Map<String, FieldAccess>> fields = new EnumMap<>(EntityType.class);

        RoleBuilder(String name) {
            this.name = name;
        }

        RoleBuilder entity(EntityType entity, Action action, Grant grant) {
            entities.computeIfAbsent(entity, e -> new EnumMap<>(Action.class)).put(action, grant);
            return this;
        }

        RoleBuilder entity(EntityType entity, Action action, Level level) {
            return entity(entity, action, Grant.of(level));
        }

        RoleBuilder stage(StageId stage, Action action, Level level) {
            stages.computeIfAbsent(stage, s -> new EnumMap<>(Action.class)).put(action, Grant.of(level));
            return this;
        }

        RoleBuilder field(EntityType entity, String field, FieldAccess access) {
            fields.computeIfAbsent(entity, e -> new HashMap<>()).put(field, access);
            return this;
        }

        Role build() {
            return new Role(new RoleId(UUID.randomUUID()), name, entities, stages, fields, Set.of());
        }
    }
}
