package io.custodia.web;

import io.custodia.platform.ConsolePage;
import java.util.LinkedHashMap;
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
 * Sharing rules (Settings → Sharing rules): listed, created, edited and deleted through the API,
 * which checks them and refuses whoever does not manage roles.
 */
@Controller
@ConsolePage
class SharingRulePages {
    private final ConsoleApi api;
    private final Directory directory;

    SharingRulePages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping("/admin/sharing-rules")
    String rules(Model model) {
        model.addAttribute("rules", api.get("/api/v1/sharing-rules").items());
        choices(model);
        return "admin/sharingRules";
    }

    @GetMapping("/admin/sharing-rules/{id}")
    String rule(@PathVariable String id, Model model) {
        model.addAttribute("rule", api.get("/api/v1/sharing-rules/" + id));
        choices(model);
        return "admin/sharingRule";
    }

    @PostMapping("/admin/sharing-rules")
    String create(@RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        api.post("/api/v1/sharing-rules", body(form));
        return Pages.saved(redirect, "/admin/sharing-rules");
    }

    @PostMapping("/admin/sharing-rules/{id}")
    String save(
            @PathVariable String id, @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        api.put("/api/v1/sharing-rules/" + id, body(form));
        return Pages.saved(redirect, "/admin/sharing-rules/" + id);
    }

    @PostMapping("/admin/sharing-rules/{id}/delete")
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/sharing-rules/" + id);
        return Pages.removed(redirect, "/admin/sharing-rules");
    }

    private void choices(Model model) {
        model.addAttribute("entities", RolePages.ENTITIES);
        model.addAttribute("ops", RolePages.OPS);
        model.addAttribute("departments", directory.departments());
        model.addAttribute("teams", directory.teams());
        model.addAttribute("fields", RolePages.fieldsOf(directory));
        model.addAttribute("fieldLabels", RolePages.fieldLabels(directory));
    }

    /** The API's body from the form: the condition from the role editor's own builder inputs. */
    private static Map<String, Object> body(MultiValueMap<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", form.getFirst("name"));
        body.put("entity", form.getFirst("entity"));
        body.put("level", form.getFirst("level"));
        Map<String, Object> from = new LinkedHashMap<>();
        if ("condition".equals(form.getFirst("from"))) {
            Object condition = RolePages.condition(form, "rule");
            from.put("condition", condition == null ? Map.of() : condition);
        } else {
            from.put("departmentId", form.getFirst("fromDepartmentId"));
            from.put("includeSubdepartments", "true".equals(form.getFirst("includeSubdepartments")));
        }
        body.put("from", from);
        body.put(
                "to",
                switch (String.valueOf(form.getFirst("to"))) {
                    case "department" -> Map.of("departmentId", String.valueOf(form.getFirst("toDepartmentId")));
                    case "team" -> Map.of("teamId", String.valueOf(form.getFirst("toTeamId")));
                    default -> Map.of("everyone", true);
                });
        return body;
    }
}
