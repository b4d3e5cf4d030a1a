package io.custodia.policy;

import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads a role's body from a plain tree (maps, lists, strings, numbers, booleans), the shape JSON
 * parsers produce, validating as it reads ({@link RoleTree} writes it back). Every violation names the path of the bad
 * element, such as {@code entities.deal.read.condition.values[1]: expected a number}.
 */
public final class RoleDocument {
    private static final int MAX_NAME = 100;
    private static final int MAX_CONDITION_DEPTH = 8;
    private static final int MAX_VALUES = 500;
    private static final String UNSTORABLE = "expected a text without NUL or unpaired surrogate characters";

    private final FieldCatalog catalog;
    private final Predicate<StageId> stageExists;
    /** Reading a stored body back: dates written before the range rule keep their meaning. */
    private final boolean stored;

    private final List<Violation> violations = new ArrayList<>();

    private RoleDocument(FieldCatalog catalog, Predicate<StageId> stageExists, boolean stored) {
        this.catalog = catalog;
        this.stageExists = stageExists;
        this.stored = stored;
    }

    /**
     * Parses a role body. {@code stageExists} says whether a stage id names a deal stage of the
     * workspace.
     *
     * @throws InvalidRoleException listing every violation
     */
    public static Role parse(RoleId id, Object tree, FieldCatalog catalog, Predicate<StageId> stageExists) {
        return read(new RoleDocument(catalog, stageExists, false), id, tree);
    }

    /**
     * Reads back a body that {@link #parse} accepted when it was stored: stages removed since then
     * simply never match, and condition dates outside {@link Value.Date#FIRST}..{@link
     * Value.Date#LAST}, accepted before that rule, are kept as they are (they compare like any
     * date; the SQL translation binds them as infinity, which compares the same with every date a
     * record can hold).
     *
     * @throws InvalidRoleException listing every violation
     */
    public static Role readStored(RoleId id, Object tree, FieldCatalog catalog) {
        return read(new RoleDocument(catalog, stage -> true, true), id, tree);
    }

    /**
     * Parses a condition on the entity's fields alone, as a role's grant takes it (a sharing rule's),
     * each violation named from {@code path}; {@code stored} reads back one accepted before.
     *
     * @throws InvalidRoleException listing every violation
     */
    public static Condition parseCondition(
            Object tree, String path, EntityType entity, FieldCatalog catalog, boolean stored) {
        RoleDocument document = new RoleDocument(catalog, stage -> true, stored);
        Condition condition = document.condition(tree, path, entity, 0);
        if (!document.violations.isEmpty()) {
            throw new InvalidRoleException(document.violations);
        }
        return condition;
    }

    private static Role read(RoleDocument document, RoleId id, Object tree) {
        Role role = document.role(id, tree);
        if (!document.violations.isEmpty()) {
            throw new InvalidRoleException(document.violations);
        }
        return role;
    }

    private Role role(RoleId id, Object tree) {
        Map<String, Object> body = object(tree, "");
        if (body == null) {
            return null;
        }
        allowOnly(body, "", Set.of("name", "entities", "stages", "fields", "system", "id", "description"));
        String name = null;
        Object rawName = body.get("name");
        if (!(rawName instanceof String s) || s.isBlank()) {
            fail("name", "required, a non-empty text");
        } else if (s.length() > MAX_NAME) {
            fail("name", "at most {0} characters", MAX_NAME);
        } else if (!storable(s)) {
            fail("name", UNSTORABLE);
        } else {
            name = s.strip();
        }
        Map<EntityType, Map<Action, Grant>> entities = new EnumMap<>(EntityType.class);
        Map<String, Object> rawEntities = optionalObject(body.get("entities"), "entities");
        rawEntities.forEach((key, value) -> {
            String path = "entities." + key;
            EntityType entity = entity(key, path);
            Map<Action, Grant> actions = actions(value, path, entity);
            if (entity != null && actions != null) {
                entities.put(entity, actions);
            }
        });
        Map<StageId, Map<Action, Grant>> stages = new LinkedHashMap<>();
        Map<String, Object> rawStages = optionalObject(body.get("stages"), "stages");
        rawStages.forEach((key, value) -> {
            String path = "stages." + key;
            StageId stage = stage(key, path);
            Map<Action, Grant> actions = actions(value, path, EntityType.DEAL);
            if (stage != null && actions != null) {
                stages.put(stage, actions);
            }
        });
        Map<EntityType, Map<String, FieldAccess>> fields = new EnumMap<>(EntityType.class);
        Map<String, Object> rawFields = optionalObject(body.get("fields"), "fields");
        rawFields.forEach((key, value) -> {
            String path = "fields." + key;
            EntityType entity = entity(key, path);
            Map<String, Object> byField = object(value, path);
            if (entity == null || byField == null) {
                return;
            }
            Map<String, FieldAccess> parsed = new LinkedHashMap<>();
            byField.forEach((field, access) -> {
                String fieldPath = path + "." + field;
                if (catalog.typeOf(entity, field).isEmpty()) {
                    fail(fieldPath, "unknown field of {0}", entity.key());
                } else if (!(access instanceof String s)) {
                    fail(fieldPath, "expected one of HIDDEN, READ, EDIT");
                } else {
                    try {
                        parsed.put(field, FieldAccess.valueOf(s));
                    } catch (IllegalArgumentException e) {
                        fail(fieldPath, "expected one of HIDDEN, READ, EDIT");
                    }
                }
            });
            fields.put(entity, parsed);
        });
        Set<SystemPermission> system = EnumSet.noneOf(SystemPermission.class);
        Object rawSystem = body.get("system");
        if (rawSystem != null) {
            if (rawSystem instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    String path = "system[" + i + "]";
                    if (list.get(i) instanceof String s) {
                        try {
                            system.add(SystemPermission.fromKey(s));
                        } catch (IllegalArgumentException e) {
                            fail(path, "unknown system permission '{0}'", s);
                        }
                    } else {
                        fail(path, "expected a text");
                    }
                }
            } else {
                fail("system", "expected a list");
            }
        }
        if (!violations.isEmpty()) {
            return null;
        }
        return new Role(id, name, entities, stages, fields, system);
    }

    private Map<Action, Grant> actions(Object tree, String path, EntityType entity) {
        Map<String, Object> byAction = object(tree, path);
        if (byAction == null) {
            return null;
        }
        Map<Action, Grant> parsed = new EnumMap<>(Action.class);
        byAction.forEach((key, value) -> {
            String actionPath = path + "." + key;
            Action action;
            try {
                action = Action.fromKey(key);
            } catch (IllegalArgumentException e) {
                fail(actionPath, "unknown action; expected one of read, create, update, delete, export, import");
                return;
            }
            Grant grant = grant(value, actionPath, entity);
            if (grant != null) {
                parsed.put(action, grant);
            }
        });
        return parsed;
    }

    private Grant grant(Object tree, String path, EntityType entity) {
        Map<String, Object> body = object(tree, path);
        if (body == null) {
            return null;
        }
        allowOnly(body, path, Set.of("level", "condition"));
        Level level = null;
        Object rawLevel = body.get("level");
        if (!(rawLevel instanceof String s)) {
            fail(path + ".level", "required, one of NONE, OWN, DEPARTMENT, SUBDEPARTMENTS, ALL");
        } else {
            try {
                level = Level.valueOf(s);
            } catch (IllegalArgumentException e) {
                fail(
                        path + ".level",
                        "unknown level '{0}'; expected one of NONE, OWN, DEPARTMENT, SUBDEPARTMENTS, ALL",
                        s);
            }
        }
        Condition condition = null;
        if (body.get("condition") != null) {
            condition = condition(body.get("condition"), path + ".condition", entity, 0);
        }
        return level == null ? null : new Grant(level, condition);
    }

    private Condition condition(Object tree, String path, EntityType entity, int depth) {
        Map<String, Object> body = object(tree, path);
        if (body == null) {
            return null;
        }
        if (depth >= MAX_CONDITION_DEPTH) {
            fail(path, "conditions nest at most {0} deep", MAX_CONDITION_DEPTH);
            return null;
        }
        if (body.containsKey("all") || body.containsKey("any")) {
            boolean all = body.containsKey("all");
            String key = all ? "all" : "any";
            allowOnly(body, path, Set.of(key));
            if (!(body.get(key) instanceof List<?> list) || list.isEmpty()) {
                fail(path + "." + key, "expected a non-empty list of conditions");
                return null;
            }
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Condition part = condition(list.get(i), path + "." + key + "[" + i + "]", entity, depth + 1);
                if (part != null) {
                    parts.add(part);
                }
            }
            if (parts.size() != list.size()) {
                return null;
            }
            return all ? new Condition.All(parts) : new Condition.Any(parts);
        }
        allowOnly(body, path, Set.of("field", "op", "value", "values"));
        Object rawField = body.get("field");
        FieldType type = null;
        if (!(rawField instanceof String field)) {
            fail(path + ".field", "required, the key of a field");
            return null;
        } else {
            type = catalog.typeOf(entity, field).orElse(null);
            if (type == null) {
                fail(path + ".field", "unknown field '{0}' of {1}", field, entity.key());
                return null;
            }
        }
        Condition.Op op;
        if (!(body.get("op") instanceof String rawOp)) {
            fail(path + ".op", "required, one of eq, ne, in, not_in, gt, gte, lt, lte");
            return null;
        }
        try {
            op = Condition.Op.fromKey(rawOp);
        } catch (IllegalArgumentException e) {
            fail(path + ".op", "unknown operator '{0}'; expected one of eq, ne, in, not_in, gt, gte, lt, lte", rawOp);
            return null;
        }
        if (op.isOrdering() && type == FieldType.BOOLEAN) {
            fail(path + ".op", "{0} does not apply to a yes/no field", op.key());
            return null;
        }
        List<Value> values = new ArrayList<>();
        int before = violations.size();
        if (op.takesList()) {
            if (body.containsKey("value")) {
                fail(path + ".value", "{0} takes 'values', a list", op.key());
            }
            if (!(body.get("values") instanceof List<?> list) || list.isEmpty()) {
                fail(path + ".values", "required, a non-empty list");
                return null;
            }
            if (list.size() > MAX_VALUES) {
                fail(path + ".values", "at most {0} values", MAX_VALUES);
                return null;
            }
            for (int i = 0; i < list.size(); i++) {
                Value value = value(list.get(i), type.operandType(), path + ".values[" + i + "]");
                if (value != null) {
                    values.add(value);
                }
            }
        } else {
            if (body.containsKey("values")) {
                fail(path + ".values", "{0} takes 'value', a single value", op.key());
            }
            if (!body.containsKey("value") || body.get("value") == null) {
                fail(path + ".value", "required");
                return null;
            }
            Value value = value(body.get("value"), type.operandType(), path + ".value");
            if (value != null) {
                values.add(value);
            }
        }
        if (violations.size() != before) {
            return null;
        }
        return new Condition.Comparison((String) rawField, op, values);
    }

    private Value value(Object raw, FieldType type, String path) {
        switch (type) {
            case TEXT -> {
                if (raw instanceof String s && storable(s)) {
                    return new Value.Text(s);
                }
                fail(path, raw instanceof String ? UNSTORABLE : "expected a text");
            }
            case NUMBER -> {
                BigDecimal number = number(raw);
                if (number != null) {
                    return new Value.Number(number);
                }
                fail(path, "expected a number");
            }
            case DATE -> {
                if (raw instanceof String s) {
                    try {
                        LocalDate date = LocalDate.parse(s);
                        if (stored || Value.Date.accepted(date)) {
                            return new Value.Date(date);
                        }
                        fail(path, "expected a date (YYYY-MM-DD) in the years 1 to 9999");
                        return null;
                    } catch (DateTimeParseException e) {
                        // falls through to the violation below
                    }
                }
                fail(path, "expected a date (YYYY-MM-DD) in the years 1 to 9999");
            }
            case BOOLEAN -> {
                if (raw instanceof Boolean b) {
                    return new Value.Bool(b);
                }
                fail(path, "expected true or false");
            }
        }
        return null;
    }

    /**
     * Whether the text can be stored as it is: PostgreSQL keeps no NUL in text, and UTF-8 cannot
     * encode half of a surrogate pair (it would come back as something else).
     */
    private static boolean storable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static BigDecimal number(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return BigDecimal.valueOf(((Number) raw).longValue());
        }
        if (raw instanceof Double || raw instanceof Float) {
            double d = ((Number) raw).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return null;
    }

    private EntityType entity(String key, String path) {
        try {
            return EntityType.fromKey(key);
        } catch (IllegalArgumentException e) {
            fail(path, "unknown entity; expected one of contact, company, deal, activity, note");
            return null;
        }
    }

    private StageId stage(String key, String path) {
        StageId stage;
        try {
            stage = new StageId(UUID.fromString(key));
        } catch (IllegalArgumentException e) {
            fail(path, "expected a stage id");
            return null;
        }
        if (!stageExists.test(stage)) {
            fail(path, "no deal stage with this id in the workspace");
            return null;
        }
        return stage;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object tree, String path) {
        if (tree instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        fail(path.isEmpty() ? "$" : path, "expected an object");
        return null;
    }

    private Map<String, Object> optionalObject(Object tree, String path) {
        if (tree == null) {
            return Map.of();
        }
        Map<String, Object> map = object(tree, path);
        return map == null ? Map.of() : map;
    }

    private void allowOnly(Map<String, Object> body, String path, Set<String> allowed) {
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                fail(path.isEmpty() ? key : path + "." + key, "unknown property");
            }
        }
    }

    private void fail(String path, String message, Object... args) {
        violations.add(Violation.of(path, message, args));
    }
}
