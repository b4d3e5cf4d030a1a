package io.custodia.web;

import static io.custodia.web.ConsoleApi.query;

import io.custodia.platform.ConsolePage;
import io.custodia.platform.RecordedRead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The access explorer: why a user can or cannot see a record, a user's effective matrix, the
 * conflicts report, a simulation of a change before it is made, and the access review as CSV
 * (an audited export) with what changed since the last export.
 */
@Controller
@ConsolePage
class AccessPages {
    private final ConsoleApi api;
    private final Directory directory;

    AccessPages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    private void choices(Model model) {
        model.addAttribute("entities", RolePages.ENTITIES);
        model.addAttribute("actions", RolePages.ACTIONS);
        model.addAttribute("names", directory.names());
        model.addAttribute("stages", directory.stageNames());
    }

    @GetMapping("/access")
    String explorer(Model model) {
        choices(model);
        model.addAttribute("departments", directory.departments());
        model.addAttribute("roles", directory.roles());
        return "access/explorer";
    }

    /**
     * Why a user may or may not act on a record; the person signed in unless another is asked about
     * (a record page's "why can I see this?" link). Without a record it shows the form alone.
     */
    @GetMapping("/access/explain")
    String explain(
            @RequestParam(required = false) String userId,
            @RequestParam(defaultValue = "deal") String entity,
            @RequestParam(required = false) String recordId,
            @RequestParam(defaultValue = "read") String action,
            Model model) {
        choices(model);
        String user = userId == null || userId.isBlank() ? me() : userId;
        model.addAttribute(
                "asked",
                Map.of(
                        // The person asked about, if one was: the form's picker never holds the
                        // viewer by default.
                        "userId",
                        userId == null ? "" : userId.strip(),
                        "entity",
                        entity,
                        "recordId",
                        recordId == null ? "" : recordId,
                        "action",
                        action));
        model.addAttribute(
                "explanation",
                recordId == null || recordId.isBlank()
                        ? null
                        : api.get(
                                "/api/v1/access/explain",
                                query(
                                        "userId",
                                        user,
                                        "entity",
                                        entity,
                                        "recordId",
                                        recordId.strip(),
                                        "action",
                                        action)));
        return "access/explain";
    }

    /** What a user may do, entity by entity; the person signed in unless another is asked about. */
    @GetMapping("/access/effective")
    String effective(@RequestParam(required = false) String userId, Model model) {
        choices(model);
        String user = userId == null || userId.isBlank() ? me() : userId;
        model.addAttribute("userId", user);
        model.addAttribute("effective", api.get("/api/v1/access/effective", query("userId", user)));
        return "access/effective";
    }

    private String me() {
        return api.get("/api/v1/me").s("id");
    }

    @GetMapping("/access/conflicts")
    String conflicts(Model model) {
        choices(model);
        model.addAttribute("conflicts", api.get("/api/v1/access/conflicts").items());
        return "access/conflicts";
    }

    /** Shows what a change would grant and remove; nothing is changed (the API only simulates). */
    @PostMapping("/access/simulate")
    String simulate(
            @RequestParam String userId,
            @RequestParam String op,
            @RequestParam(required = false) String departmentId,
            @RequestParam(required = false) String roleId,
            Model model) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("op", op);
        if (op.endsWith("Department")) {
            change.put("departmentId", departmentId);
        } else {
            change.put("roleId", roleId);
        }
        choices(model);
        model.addAttribute("userId", userId);
        Json result = api.post("/api/v1/access/simulate", Map.of("userId", userId, "changes", List.of(change)));
        model.addAttribute("result", result);
        model.addAttribute("diff", AccessDiff.between(result.get("before"), result.get("after")));
        return "access/simulation";
    }

    /** The review now against the last export: who and what was added or removed since. */
    @GetMapping("/access/review/changes")
    String reviewChanges(Model model) {
        model.addAttribute("changes", api.get("/api/v1/access/review/changes"));
        model.addAttribute("names", directory.names());
        return "access/reviewChanges";
    }

    @GetMapping("/access/review.csv")
    @RecordedRead
    ResponseEntity<byte[]> review() {
        byte[] csv = api.bytes("/api/v1/access/review", Map.of(), MediaType.valueOf("text/csv"));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"access-review.csv\"")
                .contentType(MediaType.valueOf("text/csv;charset=UTF-8"))
                .body(csv);
    }
}
