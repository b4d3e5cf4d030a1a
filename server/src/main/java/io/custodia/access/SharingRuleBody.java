package io.custodia.access;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.platform.ValueRules;
import io.custodia.policy.Condition;
import io.custodia.policy.EntityType;
import io.custodia.policy.InvalidRoleException;
import io.custodia.policy.RoleDocument;
import io.custodia.policy.ShareLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A sharing rule's body, read and checked (docs/api.md, "Sharing rules"): every problem is named by
 * its place, all of them at once, and nothing odd reaches the database or the engine.
 */
final class SharingRuleBody {
    private static final int MAX_NAME = 200;
    private static final Set<String> KEYS = Set.of("id", "name", "entity", "from", "to", "level");

    private final UUID workspaceId;
    private final DirectoryFacts directory;
    private final FieldCatalogs catalogs;
    private final String prefix;
    private final List<ApiProblem.FieldError> errors = new ArrayList<>();

    private SharingRuleBody(UUID workspaceId, DirectoryFacts directory, FieldCatalogs catalogs, String prefix) {
        this.prefix = prefix;
        this.workspaceId = workspaceId;
        this.directory = directory;
        this.catalogs = catalogs;
    }

    /**
     * The rule the body describes, with this id; 422 listing every problem otherwise, each place
     * named after {@code prefix} (empty for a rule's own body, {@code changes[0].sharingRule.} for
     * a simulation's).
     */
    static SharingRules.Stored read(
            UUID id,
            Map<String, Object> body,
            UUID workspaceId,
            DirectoryFacts directory,
            FieldCatalogs catalogs,
            String prefix) {
        return new SharingRuleBody(workspaceId, directory, catalogs, prefix).rule(id, body);
    }

    private SharingRules.Stored rule(UUID id, Map<String, Object> body) {
        if (body == null) {
            throw ApiProblem.invalid(
                    prefix.isEmpty() ? "$" : prefix.substring(0, prefix.length() - 1), "expected a sharing rule");
        }
        body.keySet().stream()
                .filter(key -> !KEYS.contains(key))
                .sorted()
                .forEach(key -> fail(
                        key,
                        "not a part of a sharing rule; expected {0}",
                        KEYS.stream().sorted().toList()));
        String name = name(body.get("name"));
        EntityType entity = entity(body.get("entity"));
        ShareLevel level = level(body.get("level"));
        Map<String, Object> from =
                object(body.get("from"), "from", Set.of("departmentId", "includeSubdepartments", "condition"));
        UUID fromDepartment = null;
        boolean subdepartments = false;
        Condition condition = null;
        if (from != null) {
            if (from.containsKey("departmentId") == from.containsKey("condition")) {
                fail("from", "give exactly one of departmentId, condition");
            } else if (from.containsKey("condition")) {
                if (from.containsKey("includeSubdepartments")) {
                    fail("from.includeSubdepartments", "applies to a rule from a department only");
                }
                condition = entity == null ? null : condition(from.get("condition"), entity);
            } else {
                fromDepartment = department(from.get("departmentId"), "from.departmentId");
                Object sub = from.get("includeSubdepartments");
                if (sub != null && !(sub instanceof Boolean)) {
                    fail("from.includeSubdepartments", "expected true or false");
                }
                subdepartments = Boolean.TRUE.equals(sub);
            }
        }
        Map<String, Object> to = object(body.get("to"), "to", Set.of("departmentId", "teamId", "everyone"));
        UUID toDepartment = null;
        UUID toTeam = null;
        boolean everyone = false;
        if (to != null) {
            Object everyoneSaid = to.get("everyone");
            if (everyoneSaid != null && !Boolean.TRUE.equals(everyoneSaid)) {
                fail("to.everyone", "only true; name a department or a team otherwise");
            }
            everyone = Boolean.TRUE.equals(everyoneSaid);
            int targets =
                    (to.containsKey("departmentId") ? 1 : 0) + (to.containsKey("teamId") ? 1 : 0) + (everyone ? 1 : 0);
            if (targets != 1) {
                fail("to", "give exactly one of departmentId, teamId, everyone: true");
            } else if (to.containsKey("departmentId")) {
                toDepartment = department(to.get("departmentId"), "to.departmentId");
            } else if (to.containsKey("teamId")) {
                toTeam = id(to.get("teamId"), "to.teamId")
                        .filter(team -> known(directory.teamExists(workspaceId, team), "to.teamId", "no such team"))
                        .orElse(null);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new SharingRules.Stored(
                id, name, entity, fromDepartment, subdepartments, condition, toDepartment, toTeam, everyone, level);
    }

    private String name(Object raw) {
        if (!(raw instanceof String s) || s.isBlank()) {
            fail("name", "required, a non-empty text");
            return null;
        }
        Optional<ProblemText> odd = ValueRules.ofText(s);
        if (odd.isPresent()) {
            fail("name", odd.get());
            return null;
        }
        if (s.strip().length() > MAX_NAME) {
            fail("name", "at most {0} characters", MAX_NAME);
            return null;
        }
        return s.strip();
    }

    private EntityType entity(Object raw) {
        Optional<EntityType> entity = raw instanceof String s ? EntityType.byKey(s) : Optional.empty();
        if (entity.isEmpty()) {
            fail("entity", "required, one of {0}", EntityType.keys());
        }
        return entity.orElse(null);
    }

    private ShareLevel level(Object raw) {
        if ("READ".equals(raw) || "EDIT".equals(raw)) {
            return ShareLevel.valueOf((String) raw);
        }
        fail("level", "required, one of READ, EDIT");
        return null;
    }

    private Condition condition(Object tree, EntityType entity) {
        Condition condition;
        try {
            condition =
                    RoleDocument.parseCondition(tree, "from.condition", entity, catalogs.catalogOf(workspaceId), false);
        } catch (InvalidRoleException e) {
            e.violations().forEach(v -> fail(v.path(), v.template(), v.args().toArray()));
            return null;
        }
        List<ApiProblem.FieldError> notOptions = ConditionOptions.ofCondition(
                tree, "from.condition", catalogs.selectOptions(workspaceId).getOrDefault(entity, Map.of()));
        notOptions.forEach(e -> errors.add(new ApiProblem.FieldError(prefix + e.field(), e.message())));
        return notOptions.isEmpty() ? condition : null;
    }

    private UUID department(Object raw, String path) {
        return id(raw, path)
                .filter(d -> known(directory.departmentExists(workspaceId, d), path, "no such department"))
                .orElse(null);
    }

    private Optional<UUID> id(Object raw, String path) {
        if (raw instanceof String s) {
            try {
                UUID id = UUID.fromString(s);
                // UUID.fromString takes shortened forms; only the canonical one names something.
                if (id.toString().equalsIgnoreCase(s)) {
                    return Optional.of(id);
                }
            } catch (IllegalArgumentException e) {
                // Told below, as any other value that is no id.
            }
        }
        fail(path, "required, an id");
        return Optional.empty();
    }

    private boolean known(boolean exists, String path, String message) {
        if (!exists) {
            fail(path, message);
        }
        return exists;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(Object raw, String path, Set<String> keys) {
        if (!(raw instanceof Map<?, ?> map)) {
            fail(path, "required, an object");
            return null;
        }
        map.keySet().stream()
                .map(String::valueOf)
                .filter(key -> !keys.contains(key))
                .sorted()
                .forEach(key -> fail(
                        path + "." + key,
                        "not a part of {0}; expected one of {1}",
                        path,
                        keys.stream().sorted().toList()));
        return (Map<String, Object>) map;
    }

    private void fail(String path, String message, Object... args) {
        fail(path, ProblemText.of(message, args));
    }

    private void fail(String path, ProblemText message) {
        errors.add(new ApiProblem.FieldError(prefix + path, message));
    }
}
