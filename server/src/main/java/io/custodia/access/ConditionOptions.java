package io.custodia.access;

import io.custodia.platform.ApiProblem;
import io.custodia.policy.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A role's conditions against the select fields' options (seed 001: {@code region in (XX)} must not
 * be accepted when XX is no region). Read over the role document after the engine has parsed it,
 * so its shape is known to be sound; each value that is not an option is named by its path.
 */
final class ConditionOptions {
    // A refused value is quoted back, at most this long.
    private static final int SHOWN = 100;

    private ConditionOptions() {}

    static List<ApiProblem.FieldError> problems(
            Map<String, Object> document, Map<EntityType, Map<String, List<String>>> options) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (document.get("entities") instanceof Map<?, ?> entities) {
            entities.forEach((key, actions) -> EntityType.byKey(String.valueOf(key))
                    .ifPresent(entity ->
                            actions(actions, "entities." + key, options.getOrDefault(entity, Map.of()), errors)));
        }
        if (document.get("stages") instanceof Map<?, ?> stages) {
            stages.forEach((key, actions) ->
                    actions(actions, "stages." + key, options.getOrDefault(EntityType.DEAL, Map.of()), errors));
        }
        return errors;
    }

    /** The same check of one condition (a sharing rule's) on the fields of its entity, named from {@code path}. */
    static List<ApiProblem.FieldError> ofCondition(Object tree, String path, Map<String, List<String>> options) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        condition(tree, path, options, errors);
        return errors;
    }

    private static void actions(
            Object actions, String path, Map<String, List<String>> options, List<ApiProblem.FieldError> errors) {
        if (options.isEmpty() || !(actions instanceof Map<?, ?> byAction)) {
            return;
        }
        byAction.forEach((action, grant) -> {
            if (grant instanceof Map<?, ?> g && g.get("condition") != null) {
                condition(g.get("condition"), path + "." + action + ".condition", options, errors);
            }
        });
    }

    private static void condition(
            Object tree, String path, Map<String, List<String>> options, List<ApiProblem.FieldError> errors) {
        if (!(tree instanceof Map<?, ?> body)) {
            return;
        }
        for (String key : List.of("all", "any")) {
            if (body.get(key) instanceof List<?> parts) {
                for (int i = 0; i < parts.size(); i++) {
                    condition(parts.get(i), path + "." + key + "[" + i + "]", options, errors);
                }
                return;
            }
        }
        List<String> allowed = options.get(String.valueOf(body.get("field")));
        if (allowed == null) {
            return;
        }
        if (body.get("values") instanceof List<?> values) {
            for (int i = 0; i < values.size(); i++) {
                check(values.get(i), path + ".values[" + i + "]", body.get("field"), allowed, errors);
            }
        } else if (body.containsKey("value")) {
            check(body.get("value"), path + ".value", body.get("field"), allowed, errors);
        }
    }

    private static void check(
            Object value, String path, Object field, List<String> allowed, List<ApiProblem.FieldError> errors) {
        String said = String.valueOf(value);
        if (!allowed.contains(said)) {
            String shown = said.length() > SHOWN ? said.substring(0, SHOWN) + "…" : said;
            errors.add(new ApiProblem.FieldError(
                    path, "'{0}' is not an option of {1}; one of {2}", shown, field, allowed));
        }
    }
}
