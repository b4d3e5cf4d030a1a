package io.custodia.web;

import io.custodia.platform.ConsolePage;
import io.custodia.policy.Action;
import io.custodia.policy.BuiltInField;
import io.custodia.policy.Condition;
import io.custodia.policy.EntityType;
import io.custodia.policy.Level;
import io.custodia.policy.SystemPermission;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.ObjectMapper;

/**
 * Roles as a matrix: entity by action, one level each, with an optional condition; deal stages as
 * rows that inherit the deal's levels (greyed) unless set on the stage itself (explicit); field
 * permissions; system permissions. Saving sends the whole role document to the API, which validates it.
 */
@Controller
@ConsolePage
class RolePages {
    // The matrix's rows, columns and choices are the engine's own vocabulary, so that a new action
    // or permission appears in the editor without a second list to keep in step.
    static final List<String> ENTITIES =
            Arrays.stream(EntityType.values()).map(EntityType::key).toList();
    static final List<String> ACTIONS =
            Arrays.stream(Action.values()).map(Action::key).toList();
    static final List<String> STAGE_ACTIONS = List.of("read", "update", "delete");
    static final List<String> LEVELS =
            Arrays.stream(Level.values()).map(Level::name).toList();
    static final List<String> SYSTEM =
            Arrays.stream(SystemPermission.values()).map(SystemPermission::key).toList();
    // The field pickers offer the registry's built-in fields, less links to what is not a record (a
    // deal's pipeline and stage, which the stage rows govern).
    static final Map<String, List<String>> BUILT_IN_FIELDS = Arrays.stream(EntityType.values())
            .collect(Collectors.toUnmodifiableMap(
                    EntityType::key,
                    e -> e.fields().stream()
                            .filter(f -> f.kind() != BuiltInField.Kind.REFERENCE
                                    || f.target().isPresent())
                            .map(BuiltInField::key)
                            .toList()));
    static final List<String> OPS =
            Arrays.stream(Condition.Op.values()).map(Condition.Op::key).toList();

    private final ConsoleApi api;
    private final Directory directory;

    RolePages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping("/admin/roles")
    String roles(Model model) {
        model.addAttribute("roles", directory.roles());
        return "admin/roles";
    }

    @PostMapping("/admin/roles")
    String create(@RequestParam String name, RedirectAttributes redirect) {
        Json created = api.post("/api/v1/roles", Map.of("name", name, "entities", Map.of()));
        return Pages.saved(redirect, "/admin/roles/" + created.s("id"));
    }

    @GetMapping("/admin/roles/{id}")
    String role(@PathVariable String id, Model model) {
        Map<String, List<String>> fields = fieldsOf(directory);
        model.addAttribute("fieldLabels", fieldLabels(directory));
        model.addAttribute("role", api.get("/api/v1/roles/" + id));
        model.addAttribute("matrix", new RoleMatrix(ENTITIES, ACTIONS, STAGE_ACTIONS, LEVELS, SYSTEM, OPS, fields));
        model.addAttribute("pipelines", directory.pipelines());
        return "admin/role";
    }

    /** Each entity's fields a condition may name: the built-in ones, then the workspace's own. */
    static Map<String, List<String>> fieldsOf(Directory directory) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String entity : ENTITIES) {
            fields.put(entity, new ArrayList<>(BUILT_IN_FIELDS.get(entity)));
        }
        for (Json f : directory.fields()) {
            fields.computeIfAbsent(f.s("entity"), k -> new ArrayList<>()).add(f.s("key"));
        }
        return fields;
    }

    /** Custom fields are shown by their labels ("entity.key" to label); built-in ones by the console's own words. */
    static Map<String, String> fieldLabels(Directory directory) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Json f : directory.fields()) {
            labels.put(f.s("entity") + "." + f.s("key"), f.s("label"));
        }
        return labels;
    }

    /**
     * Saves what the form shows onto the stored role: a cell set to a level is written, a cell left
     * empty is removed, and what the form does not show (a description, stage entries for actions
     * the editor has no column for, a stage entry's condition while its level stays) is kept.
     */
    @PostMapping("/admin/roles/{id}")
    @SuppressWarnings("unchecked")
    String save(
            @PathVariable String id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        Map<String, Object> document = JSON.readValue(
                JSON.writeValueAsBytes(api.get("/api/v1/roles/" + id).raw()), Map.class);
        document.remove("id");
        document.remove("template");
        document.put("name", form.getFirst("name"));
        Map<String, Object> entities = section(document, "entities");
        Map<String, Object> stages = section(document, "stages");
        Map<String, Object> fields = section(document, "fields");
        form.forEach((key, values) -> {
            String value = values.isEmpty() ? "" : values.get(0).strip();
            String[] parts = key.split("\\.", 3);
            if (parts.length != 3) {
                return;
            }
            switch (parts[0]) {
                case "g" -> {
                    Map<String, Object> grant = new LinkedHashMap<>();
                    grant.put("level", value);
                    Object condition = condition(form, parts[1] + "." + parts[2]);
                    if (condition != null) {
                        grant.put("condition", condition);
                    }
                    cell(entities, parts[1], parts[2], value.isEmpty() ? null : grant);
                }
                case "s" -> {
                    Object stored = section(stages, parts[1]).get(parts[2]);
                    boolean unchanged = stored instanceof Map<?, ?> grant && value.equals(grant.get("level"));
                    cell(
                            stages,
                            parts[1],
                            parts[2],
                            value.isEmpty() ? null : unchanged ? stored : Map.of("level", value));
                }
                case "f" -> cell(fields, parts[1], parts[2], value.isEmpty() ? null : value);
                default -> {
                    // the condition inputs are read with their grant
                }
            }
        });
        List<String> system = form.get("system");
        document.put("system", system == null ? List.of() : system);
        api.put("/api/v1/roles/" + id, document);
        return Pages.saved(redirect, "/admin/roles/" + id);
    }

    /** The mutable object under {@code key}, made empty when absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    /** Writes one cell of a two-level section, or removes it (and its row when that empties it). */
    private static void cell(Map<String, Object> section, String row, String column, Object value) {
        Map<String, Object> cells = section(section, row);
        if (value == null) {
            cells.remove(column);
        } else {
            cells.put(column, value);
        }
        if (cells.isEmpty()) {
            section.remove(row);
        }
    }

    /** A new role with this one's grants under another name: how a template is made one's own. */
    @PostMapping("/admin/roles/{id}/copy")
    String copy(@PathVariable String id, @RequestParam String name, RedirectAttributes redirect) {
        Json copied = api.post("/api/v1/roles/" + id + "/copy", Map.of("name", name));
        return Pages.saved(redirect, "/admin/roles/" + copied.s("id"));
    }

    @PostMapping("/admin/roles/{id}/delete")
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/roles/" + id);
        return Pages.deleted(redirect, "/admin/roles");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A grant's condition from the builder: a field, an operator and the value (several, separated
     * by commas, for {@code in} and {@code not_in}); or, for combinations, the API's JSON as typed
     * ({@code {"all": [...]}}). No field means no condition. The API validates what it gets.
     */
    static Object condition(MultiValueMap<String, String> form, String cell) {
        String json = form.getFirst("cj." + cell);
        if (json != null && !json.isBlank()) {
            try {
                return JSON.readValue(json.strip(), Object.class);
            } catch (RuntimeException notJson) {
                return json.strip(); // the API answers 422 naming the condition
            }
        }
        String field = form.getFirst("cf." + cell);
        if (field == null || field.isBlank()) {
            return null;
        }
        String op = form.getFirst("co." + cell);
        String value = form.getFirst("cv." + cell);
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("field", field);
        condition.put("op", op);
        if ("in".equals(op) || "not_in".equals(op)) {
            List<Object> values = new ArrayList<>();
            for (String v : (value == null ? "" : value).split(",")) {
                if (!v.isBlank()) {
                    values.add(typed(v.strip()));
                }
            }
            condition.put("values", values);
        } else {
            condition.put("value", value == null ? "" : typed(value.strip()));
        }
        return condition;
    }

    private static Object typed(String value) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException text) {
            return value;
        }
    }

    /** A condition in words for a summary: {@code region in SP, RJ}; combinations as the API's JSON. */
    static String conditionText(Json condition) {
        if (!condition.present()) {
            return "";
        }
        if (simple(condition)) {
            String op = condition.s("op");
            if (condition.has("values")) {
                return condition.s("field") + " " + op + " "
                        + String.join(
                                ", ",
                                condition.list("values").stream()
                                        .map(Json::text)
                                        .toList());
            }
            return condition.s("field") + " " + op + " " + condition.s("value");
        }
        return JSON.writeValueAsString(condition.raw());
    }

    /** Whether the builder's three inputs can hold the condition (one comparison, no combination). */
    static boolean simple(Json condition) {
        return condition.has("field") && condition.has("op");
    }

    /** The values of a one-comparison condition as the builder's value input shows them. */
    static String valuesText(Json condition) {
        if (condition.has("values")) {
            return String.join(
                    ", ", condition.list("values").stream().map(Json::text).toList());
        }
        return condition.s("value");
    }
}
