package io.custodia.policy;

import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named set of entries. Entity entries, stage entries (deals only) and field entries may each be
 * unset, which is not the same as {@link Level#NONE}: an unset entry takes no part in conflicts.
 */
public record Role(
        RoleId id,
        String name,
        Map<EntityType, Map<Action, Grant>> entities,
        Map<StageId, Map<Action, Grant>> stages,
        Map<EntityType, Map<String, FieldAccess>> fields,
        Set<SystemPermission> system) {

    public Role {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        entities = copyNested(entities);
        stages = Map.copyOf(copyStages(stages));
        fields = copyFields(fields);
        system = system.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(system));
    }

    /** The same entries under another id and name (copying a role or a template). */
    public Role copy(RoleId newId, String newName) {
        return new Role(newId, newName, entities, stages, fields, system);
    }

    public Grant entityEntry(EntityType entity, Action action) {
        Map<Action, Grant> byAction = entities.get(entity);
        return byAction == null ? null : byAction.get(action);
    }

    public Grant stageEntry(StageId stage, Action action) {
        Map<Action, Grant> byAction = stages.get(stage);
        return byAction == null ? null : byAction.get(action);
    }

    public FieldAccess fieldEntry(EntityType entity, String field) {
        Map<String, FieldAccess> byField = fields.get(entity);
        return byField == null ? null : byField.get(field);
    }

    private static Map<EntityType, Map<Action, Grant>> copyNested(Map<EntityType, Map<Action, Grant>> source) {
        Map<EntityType, Map<Action, Grant>> copy = new EnumMap<>(EntityType.class);
        source.forEach((entity, byAction) -> {
            if (!byAction.isEmpty()) {
                copy.put(entity, Map.copyOf(new EnumMap<>(byAction)));
            }
        });
        return Map.copyOf(copy);
    }

    private static Map<StageId, Map<Action, Grant>> copyStages(Map<StageId, Map<Action, Grant>> source) {
        Map<StageId, Map<Action, Grant>> copy = new LinkedHashMap<>();
        source.forEach((stage, byAction) -> {
            if (!byAction.isEmpty()) {
                copy.put(stage, Map.copyOf(byAction));
            }
        });
        return copy;
    }

    private static Map<EntityType, Map<String, FieldAccess>> copyFields(
            Map<EntityType, Map<String, FieldAccess>> source) {
        Map<EntityType, Map<String, FieldAccess>> copy = new EnumMap<>(EntityType.class);
        source.forEach((entity, byField) -> {
            if (!byField.isEmpty()) {
                copy.put(entity, Map.copyOf(byField));
            }
        });
        return Map.copyOf(copy);
    }
}
