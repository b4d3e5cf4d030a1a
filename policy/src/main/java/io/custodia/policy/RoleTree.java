package io.custodia.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a role back to the plain tree that {@link RoleDocument} reads, in a stable order. */
public final class RoleTree {

    private RoleTree() {}

    /** Writes a role back to the tree that {@link RoleDocument#parse} reads. */
    public static Map<String, Object> write(Role role) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", role.name());
        Map<String, Object> entities = new LinkedHashMap<>();
        for (EntityType entity : EntityType.values()) {
            Map<Action, Grant> byAction = role.entities().get(entity);
            if (byAction != null) {
                entities.put(entity.key(), writeActions(byAction));
            }
        }
        tree.put("entities", entities);
        Map<String, Object> stages = new LinkedHashMap<>();
        role.stages().forEach((stage, byAction) -> stages.put(stage.toString(), writeActions(byAction)));
        tree.put("stages", stages);
        Map<String, Object> fields = new LinkedHashMap<>();
        for (EntityType entity : EntityType.values()) {
            Map<String, FieldAccess> byField = role.fields().get(entity);
            if (byField != null) {
                Map<String, Object> written = new LinkedHashMap<>();
                byField.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(e -> written.put(e.getKey(), e.getValue().name()));
                fields.put(entity.key(), written);
            }
        }
        tree.put("fields", fields);
        tree.put(
                "system",
                role.system().stream().sorted().map(SystemPermission::key).toList());
        return tree;
    }

    private static Map<String, Object> writeActions(Map<Action, Grant> byAction) {
        Map<String, Object> written = new LinkedHashMap<>();
        for (Action action : Action.values()) {
            Grant grant = byAction.get(action);
            if (grant != null) {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("level", grant.level().name());
                if (grant.condition() != null) {
                    g.put("condition", writeCondition(grant.condition()));
                }
                written.put(action.key(), g);
            }
        }
        return written;
    }

    public static Map<String, Object> writeCondition(Condition condition) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (condition instanceof Condition.All all) {
            tree.put(
                    "all",
                    all.conditions().stream().map(RoleTree::writeCondition).toList());
        } else if (condition instanceof Condition.Any any) {
            tree.put(
                    "any",
                    any.conditions().stream().map(RoleTree::writeCondition).toList());
        } else if (condition instanceof Condition.Comparison c) {
            tree.put("field", c.field());
            tree.put("op", c.op().key());
            if (c.op().takesList()) {
                tree.put("values", c.values().stream().map(RoleTree::writeValue).toList());
            } else {
                tree.put("value", writeValue(c.values().get(0)));
            }
        }
        return tree;
    }

    private static Object writeValue(Value value) {
        return value instanceof Value.Date d ? d.value().toString() : value.raw();
    }
}
