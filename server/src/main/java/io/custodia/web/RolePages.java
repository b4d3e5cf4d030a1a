package io.custodia.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Roles as a matrix: entity by action, one level each, with an optional condition; deal stages as
 * rows that inherit the deal's levels (greyed) unless set on the stage itself (explicit); field
 * permissions; system permissions. Saving sends the whole role document to the API, which validates it.
 */
@Controller
class RolePages {
    static final List<String> ENTITIES = List.of("contact", "company", "deal", "activity", "note");
    static final List<String> ACTIONS = List.of("read", "create", "update", "delete", "export", "import");
    static final List<String> STAGE_ACTIONS = List.of("read", "update", "delete");
    static final List<String> LEVELS = List.of("NONE", "OWN", "DEPARTMENT", "SUBDEPARTMENTS", "ALL");
    static final List<String> SYSTEM = List.of(
            "workspace.manage",
            "users.manage",
            "roles.manage",
            "integrations.manage",
            "audit.read",
            "conversations.view_all");
    static final Map<String, List<String>> BUILT_IN_FIELDS = Map.of(
            "deal", List.of("title", "amount", "currency", "companyId"),
            "contact", List.of("firstName", "lastName", "email", "phone", "companyId"),
            "company", List.of("name", "domain"));

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
        redirect.addFlashAttribute("notice", "saved");
        return "redirect:/admin/roles/" + created.s("id");
    }

    @GetMapping("/admin/roles/{id}")
    String role(@PathVariable String id, Model model) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        BUILT_IN_FIELDS.forEach((entity, builtIn) -> fields.put(entity, new ArrayList<>(builtIn)));
        for (Json f : api.get("/api/v1/fields").items()) {
            fields.computeIfAbsent(f.s("entity"), k -> new ArrayList<>()).add(f.s("key"));
        }
        model.addAttribute("role", api.get("/api/v1/roles/" + id));
        model.addAttribute("matrix", new RoleMatrix(ENTITIES, ACTIONS, STAGE_ACTIONS, LEVELS, SYSTEM, fields));
        model.addAttribute("pipelines", directory.pipelines());
        return "admin/role";
    }

    @PostMapping("/admin/roles/{id}")
    String save(
            @PathVariable String id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", form.getFirst("name"));
        Map<String, Map<String, Object>> entities = new LinkedHashMap<>();
        Map<String, Map<String, Object>> stages = new LinkedHashMap<>();
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        form.forEach((key, values) -> {
            String value = values.isEmpty() ? "" : values.get(0).strip();
            String[] parts = key.split("\\.", 3);
            if (value.isEmpty() || parts.length != 3) {
                return;
            }
            switch (parts[0]) {
                case "g" -> {
                    Map<String, Object> grant = new LinkedHashMap<>();
                    grant.put("level", value);
                    String condition = form.getFirst("c." + parts[1] + "." + parts[2]);
                    if (condition != null && !condition.isBlank()) {
                        grant.put("condition", condition(condition.strip()));
                    }
                    entities.computeIfAbsent(parts[1], k -> new LinkedHashMap<>())
                            .put(parts[2], grant);
                }
                case "s" ->
                    stages.computeIfAbsent(parts[1], k -> new LinkedHashMap<>()).put(parts[2], Map.of("level", value));
                case "f" ->
                    fields.computeIfAbsent(parts[1], k -> new LinkedHashMap<>()).put(parts[2], value);
                default -> {
                    // the condition inputs are read with their grant
                }
            }
        });
        document.put("entities", entities);
        document.put("stages", stages);
        document.put("fields", fields);
        List<String> system = form.get("system");
        document.put("system", system == null ? List.of() : system);
        api.put("/api/v1/roles/" + id, document);
        redirect.addFlashAttribute("notice", "saved");
        return "redirect:/admin/roles/" + id;
    }

    @PostMapping("/admin/roles/{id}/delete")
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/roles/" + id);
        redirect.addFlashAttribute("notice", "deleted");
        return "redirect:/admin/roles";
    }

    private static final tools.jackson.databind.ObjectMapper JSON = new tools.jackson.databind.ObjectMapper();

    /**
     * A condition as the administrator typed it: {@code region in SP, RJ}, {@code amount gte 1000},
     * or the API's JSON for combinations ({@code {"all": [...]}}). The API checks it.
     */
    static Object condition(String text) {
        if (text.startsWith("{")) {
            try {
                return JSON.readValue(text, Object.class);
            } catch (RuntimeException notJson) {
                return text; // the API answers 422 naming the condition
            }
        }
        String[] parts = text.split("\\s+", 3);
        if (parts.length < 3) {
            return text;
        }
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("field", parts[0]);
        condition.put("op", parts[1]);
        if (parts[1].equals("in") || parts[1].equals("not_in")) {
            List<Object> values = new ArrayList<>();
            for (String v : parts[2].split(",")) {
                if (!v.isBlank()) {
                    values.add(typed(v.strip()));
                }
            }
            condition.put("values", values);
        } else {
            condition.put("value", typed(parts[2].strip()));
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

    /** A condition written back the way {@link #condition} reads it. */
    static String conditionText(Json condition) {
        if (!condition.present()) {
            return "";
        }
        if (condition.has("field") && condition.has("op")) {
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
}
