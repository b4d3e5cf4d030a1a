package io.custodia.web;

import io.custodia.platform.ConsolePage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Offboarding a person from their page (docs/access-model.md, "Offboarding"): choose the successor
 * and what moves, see the preview (the API's dry run), then confirm; the job's progress follows.
 */
@Controller
@ConsolePage
class OffboardPages {
    /** The parts an offboarding moves, in the order the form shows them. */
    static final List<String> PARTS = List.of("records", "lists", "conversations", "shares");

    private final ConsoleApi api;

    OffboardPages(ConsoleApi api) {
        this.api = api;
    }

    /** The form; with a successor chosen, the preview of what would move and the confirmation. */
    @GetMapping("/admin/users/{id}/offboard")
    String form(
            @PathVariable UUID id,
            @RequestParam(required = false) UUID transferTo,
            @RequestParam(required = false) List<String> what,
            @RequestParam(required = false) boolean deactivate,
            Model model) {
        model.addAttribute("user", api.get("/api/v1/users/" + id));
        // The successor is chosen with a picker of active people; the one chosen shows by name.
        model.addAttribute(
                "successorName",
                transferTo == null ? "" : api.get("/api/v1/users/" + transferTo).s("name"));
        model.addAttribute("parts", PARTS);
        // A first visit checks every part and the deactivation; a preview keeps what was chosen.
        model.addAttribute("chosen", transferTo == null ? PARTS : what == null ? List.of() : what);
        model.addAttribute("deactivate", transferTo == null || deactivate);
        model.addAttribute("transferTo", transferTo == null ? "" : transferTo.toString());
        model.addAttribute(
                "preview",
                transferTo == null
                        ? Json.of(null)
                        : api.post(
                                "/api/v1/users/" + id + "/offboard",
                                ConsoleApi.query("dryRun", true),
                                body(transferTo, what, deactivate)));
        return "admin/offboard";
    }

    @PostMapping("/admin/users/{id}/offboard")
    String confirm(
            @PathVariable UUID id,
            @RequestParam UUID transferTo,
            @RequestParam(required = false) List<String> what,
            @RequestParam(required = false) boolean deactivate) {
        Json job = api.post("/api/v1/users/" + id + "/offboard", body(transferTo, what, deactivate));
        return "redirect:/admin/users/" + id + "/offboard/jobs/" + job.s("id");
    }

    @GetMapping("/admin/users/{id}/offboard/jobs/{job}")
    String progress(@PathVariable UUID id, @PathVariable UUID job, Model model) {
        model.addAttribute("user", api.get("/api/v1/users/" + id));
        model.addAttribute("job", api.get("/api/v1/jobs/" + job));
        return "admin/offboardJob";
    }

    private static Map<String, Object> body(UUID transferTo, List<String> what, boolean deactivate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transferTo", transferTo.toString());
        // No box ticked is a choice the API refuses (422), not "everything".
        body.put("what", what == null ? List.of() : what);
        body.put("deactivate", deactivate);
        return body;
    }
}
