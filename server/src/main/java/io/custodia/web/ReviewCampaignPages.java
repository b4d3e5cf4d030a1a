package io.custodia.web;

import io.custodia.platform.ConsolePage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Access review campaigns in the console (access-model, "Access review campaigns"): the
 * administrator starts, follows, closes and exports them; a reviewer keeps or revokes their own
 * items. The API decides who sees what; these pages show what it answers.
 */
@Controller
@ConsolePage
class ReviewCampaignPages {
    private final ConsoleApi api;
    private final Directory directory;

    ReviewCampaignPages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping("/access/reviews")
    String campaigns(Model model) {
        model.addAttribute("campaigns", api.get("/api/v1/access/reviews").items());
        model.addAttribute("departments", directory.departments());
        return "access/reviews";
    }

    @PostMapping("/access/reviews")
    String start(
            @RequestParam String name,
            @RequestParam String kind,
            @RequestParam(required = false) String departmentId,
            @RequestParam String dueAt,
            @RequestParam String onTimeout,
            @RequestParam(required = false) String reviewerId,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("scope", scope(kind, departmentId));
        // A datetime-local field, read as UTC as the form says; the API checks it.
        body.put("dueAt", dueAt.strip() + "Z");
        body.put("onTimeout", onTimeout);
        if (reviewerId != null && !reviewerId.isBlank()) {
            body.put("reviewerId", reviewerId);
        }
        String id = api.post("/api/v1/access/reviews", body).s("id");
        return Pages.saved(redirect, "/access/reviews/" + id);
    }

    /** One campaign: every item to its managers, one's own items (with the decision form) to a reviewer. */
    @GetMapping("/access/reviews/{id}")
    String campaign(@PathVariable String id, Model model) {
        model.addAttribute("campaign", api.get("/api/v1/access/reviews/" + id));
        model.addAttribute(
                "items", api.get("/api/v1/access/reviews/" + id + "/items").items());
        model.addAttribute("me", api.get("/api/v1/me").s("id"));
        model.addAttribute("names", directory.names());
        return "access/reviewCampaign";
    }

    @PostMapping("/access/reviews/{id}/items/{itemId}/decision")
    String decide(
            @PathVariable String id,
            @PathVariable String itemId,
            @RequestParam String decision,
            @RequestParam(required = false) String comment,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision);
        if (comment != null && !comment.isBlank()) {
            body.put("comment", comment);
        }
        api.post("/api/v1/access/reviews/" + id + "/items/" + itemId + "/decision", body);
        return Pages.saved(redirect, "/access/reviews/" + id);
    }

    @PostMapping("/access/reviews/{id}/close")
    String close(@PathVariable String id, RedirectAttributes redirect) {
        api.post("/api/v1/access/reviews/" + id + "/close", Map.of());
        return Pages.saved(redirect, "/access/reviews/" + id);
    }

    @GetMapping("/access/reviews/{id}/export.csv")
    ResponseEntity<byte[]> exportCsv(@PathVariable String id) {
        return export(id, "text/csv", "csv");
    }

    @GetMapping("/access/reviews/{id}/export.json")
    ResponseEntity<byte[]> exportJson(@PathVariable String id) {
        return export(id, "application/json", "json");
    }

    private ResponseEntity<byte[]> export(String id, String type, String extension) {
        byte[] body = api.bytes("/api/v1/access/reviews/" + id + "/export", Map.of(), MediaType.valueOf(type));
        return ResponseEntity.ok()
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"access-review-" + id.replaceAll("[^0-9a-f-]", "") + "." + extension
                                + "\"")
                .contentType(MediaType.valueOf(type + ";charset=UTF-8"))
                .body(body);
    }

    /** A campaign's or a schedule's scope as the API takes it: the department only with that kind. */
    static Map<String, Object> scope(String kind, String departmentId) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("kind", kind);
        if (kind.equals("department")) {
            scope.put("departmentId", departmentId);
        }
        return scope;
    }
}
