package io.custodia.web;

import static io.custodia.web.ConsoleApi.query;

import io.custodia.platform.ConsolePage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administration: people, the department tree, teams, role assignments, workspace settings,
 * integrations and the audit log. Each page shows what the API lets the administrator see; what
 * it refuses (a missing permission) is shown as the reason, not hidden.
 */
@Controller
@ConsolePage
class AdminPages {
    private final ConsoleApi api;
    private final Directory directory;

    AdminPages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping("/admin")
    String index() {
        return "admin/index";
    }

    /** People 50 at a time, found by name or e-mail: a workspace may have thousands. */
    @GetMapping("/admin/users")
    String users(@RequestParam(required = false) String q, @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("page", api.get("/api/v1/users", query("q", q, "cursor", cursor, "limit", 50)));
        model.addAttribute("filters", new ListFilters(q, null, null, cursor != null && !cursor.isBlank()));
        return "admin/users";
    }

    @PostMapping("/admin/users")
    String createUser(
            @RequestParam String name,
            @RequestParam String email,
            @RequestParam String password,
            RedirectAttributes redirect) {
        api.post("/api/v1/users", Map.of("name", name, "email", email, "password", password));
        return Pages.saved(redirect, "/admin/users");
    }

    @PostMapping("/admin/users/{id}")
    String changeUser(@PathVariable String id, @RequestParam String status, RedirectAttributes redirect) {
        api.patch("/api/v1/users/" + id, Map.of("status", status));
        return Pages.saved(redirect, "/admin/users");
    }

    /** One person: their live sign-ins, which the administrator may end, and their second factor. */
    @GetMapping("/admin/users/{id}")
    String user(@PathVariable String id, Model model) {
        model.addAttribute("user", api.get("/api/v1/users/" + id));
        model.addAttribute("sessions", api.get("/api/v1/users/" + id + "/sessions"));
        return "admin/user";
    }

    @PostMapping("/admin/users/{id}/sessions/end")
    String endSessions(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/users/" + id + "/sessions");
        return Pages.saved(redirect, "/admin/users/" + id);
    }

    @PostMapping("/admin/users/{id}/totp/reset")
    String resetTwoFactor(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/users/" + id + "/totp");
        return Pages.saved(redirect, "/admin/users/" + id);
    }

    @GetMapping("/admin/departments")
    String departments(Model model) {
        List<Json> departments = directory.departments();
        model.addAttribute("tree", DepartmentTree.of(departments));
        model.addAttribute("departments", departments);
        model.addAttribute("members", membersOf("/api/v1/departments", departments));
        model.addAttribute("names", directory.names());
        return "admin/departments";
    }

    @PostMapping("/admin/departments")
    String createDepartment(
            @RequestParam String name, @RequestParam(required = false) String parentId, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("parentId", parentId == null || parentId.isBlank() ? null : parentId);
        api.post("/api/v1/departments", body);
        return Pages.saved(redirect, "/admin/departments");
    }

    /** Moves a department under another (or to the top), which changes at once what its people see. */
    @PostMapping("/admin/departments/{id}/move")
    String moveDepartment(
            @PathVariable String id, @RequestParam(required = false) String parentId, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parentId", parentId == null || parentId.isBlank() ? null : parentId);
        api.patch("/api/v1/departments/" + id, body);
        return Pages.saved(redirect, "/admin/departments");
    }

    @PostMapping("/admin/departments/{id}/members")
    String departmentMember(
            @PathVariable String id,
            @RequestParam String userId,
            @RequestParam(defaultValue = "member") String as,
            RedirectAttributes redirect) {
        member("/api/v1/departments/" + id, userId, as, "head");
        return Pages.saved(redirect, "/admin/departments");
    }

    @GetMapping("/admin/teams")
    String teams(Model model) {
        List<Json> teams = directory.teams();
        model.addAttribute("teams", teams);
        model.addAttribute("members", membersOf("/api/v1/teams", teams));
        model.addAttribute("names", directory.names());
        return "admin/teams";
    }

    @PostMapping("/admin/teams")
    String createTeam(@RequestParam String name, @RequestParam String visibility, RedirectAttributes redirect) {
        api.post("/api/v1/teams", Map.of("name", name, "visibility", visibility));
        return Pages.saved(redirect, "/admin/teams");
    }

    @PostMapping("/admin/teams/{id}")
    String changeTeam(@PathVariable String id, @RequestParam String visibility, RedirectAttributes redirect) {
        api.patch("/api/v1/teams/" + id, Map.of("visibility", visibility));
        return Pages.saved(redirect, "/admin/teams");
    }

    @PostMapping("/admin/teams/{id}/members")
    String teamMember(
            @PathVariable String id,
            @RequestParam String userId,
            @RequestParam(defaultValue = "member") String as,
            RedirectAttributes redirect) {
        member("/api/v1/teams/" + id, userId, as, "supervisor");
        return Pages.saved(redirect, "/admin/teams");
    }

    /**
     * Makes the user a member of the group ({@code as} "member"), one with its distinction ({@code
     * as} the distinction: a department's head, a team's supervisor), or no member ("remove").
     */
    private void member(String group, String userId, String as, String distinction) {
        if (as.equals("remove")) {
            api.delete(group + "/members/" + userId);
        } else {
            api.put(group + "/members/" + userId, Map.of(distinction, as.equals(distinction)));
        }
    }

    /** Each group's members, by group id. */
    private Map<String, List<Json>> membersOf(String collection, List<Json> groups) {
        Map<String, List<Json>> members = new LinkedHashMap<>();
        for (Json group : groups) {
            members.put(
                    group.s("id"),
                    api.get(collection + "/" + group.s("id") + "/members").items());
        }
        return members;
    }

    @GetMapping("/admin/assignments")
    String assignments(Model model) {
        model.addAttribute("assignments", api.get("/api/v1/role-assignments").items());
        model.addAttribute("roles", directory.roles());
        model.addAttribute("departments", directory.departments());
        model.addAttribute("teams", directory.teams());
        model.addAttribute("names", directory.names());
        return "admin/assignments";
    }

    @PostMapping("/admin/assignments")
    String assign(
            @RequestParam String roleId,
            @RequestParam String to,
            @RequestParam(required = false) String userId,
            @RequestParam(required = false) String departmentId,
            @RequestParam(defaultValue = "false") boolean includeSubdepartments,
            @RequestParam(required = false) String teamId,
            @RequestParam(required = false) String expiresAt,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("roleId", roleId);
        Pages.putExpiry(body, expiresAt);
        switch (to) {
            case "user" -> body.put("userId", userId);
            case "department", "heads" -> {
                body.put("departmentId", departmentId);
                body.put("includeSubdepartments", includeSubdepartments);
                if (to.equals("heads")) {
                    body.put("heads", true);
                }
            }
            case "team" -> body.put("teamId", teamId);
            default -> body.put("everyone", true);
        }
        api.post("/api/v1/role-assignments", body);
        return Pages.saved(redirect, "/admin/assignments");
    }

    @PostMapping("/admin/assignments/{id}/delete")
    String unassign(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/role-assignments/" + id);
        return Pages.deleted(redirect, "/admin/assignments");
    }

    @GetMapping("/admin/settings")
    String settings(Model model) {
        model.addAttribute("workspace", api.get("/api/v1/workspace"));
        model.addAttribute("pipelines", directory.pipelines());
        model.addAttribute("fields", directory.fields());
        return "admin/settings";
    }

    @PostMapping("/admin/settings")
    String saveSettings(@RequestParam String conflictRule, RedirectAttributes redirect) {
        api.patch("/api/v1/workspace", Map.of("conflictRule", conflictRule));
        return Pages.saved(redirect, "/admin/settings");
    }

    @PostMapping("/admin/settings/two-factor")
    String saveTwoFactor(@RequestParam String twoFactor, RedirectAttributes redirect) {
        api.patch("/api/v1/workspace", Map.of("twoFactor", twoFactor));
        return Pages.saved(redirect, "/admin/settings");
    }

    @PostMapping("/admin/pipelines")
    String createPipeline(@RequestParam String name, @RequestParam String stages, RedirectAttributes redirect) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String line : stages.split("\\R")) {
            String stage = line.strip();
            if (stage.isEmpty()) {
                continue;
            }
            // "Won: WON" names a stage and its kind; a plain name is an open stage.
            String[] parts = stage.split(":", 2);
            list.add(Map.of(
                    "name",
                    parts[0].strip(),
                    "kind",
                    parts.length > 1 ? parts[1].strip().toUpperCase(Locale.ROOT) : "OPEN"));
        }
        api.post("/api/v1/pipelines", Map.of("name", name, "stages", list));
        return Pages.saved(redirect, "/admin/settings");
    }

    @PostMapping("/admin/fields")
    String createField(
            @RequestParam String entity,
            @RequestParam String key,
            @RequestParam String label,
            @RequestParam String type,
            @RequestParam(defaultValue = "") String options,
            RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entity", entity);
        body.put("key", key);
        body.put("label", label);
        body.put("type", type);
        if (type.equals("select")) {
            body.put(
                    "options",
                    Arrays.stream(options.split(","))
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList());
        }
        api.post("/api/v1/fields", body);
        return Pages.saved(redirect, "/admin/settings");
    }

    @GetMapping("/admin/integrations")
    String integrations(
            @RequestParam(required = false) String appId, @RequestParam(required = false) String outcome, Model model) {
        List<Json> apps = api.get("/api/v1/integrations/apps").items();
        model.addAttribute("apps", apps);
        model.addAttribute(
                "authorizations", api.get("/api/v1/integrations/authorizations").items());
        model.addAttribute("appId", appId);
        model.addAttribute("outcome", outcome == null ? "" : outcome);
        model.addAttribute(
                "syncLog",
                appId == null || appId.isBlank()
                        ? List.of()
                        : api.get("/api/v1/integrations/sync-log", query("appId", appId, "outcome", outcome))
                                .items());
        model.addAttribute("names", directory.names());
        return "admin/integrations";
    }

    @PostMapping("/admin/integrations/apps")
    String registerApp(
            @RequestParam String name,
            @RequestParam String redirectUri,
            @RequestParam(name = "scope", required = false) List<String> scopes,
            RedirectAttributes redirect) {
        Json created = api.post(
                "/api/v1/integrations/apps",
                Map.of(
                        "name",
                        name,
                        "redirectUris",
                        List.of(redirectUri),
                        "scopes",
                        scopes == null ? List.of() : scopes));
        // The one time the secret is shown: on the next page, never stored by the console.
        redirect.addFlashAttribute("secret", created.s("clientId") + " / " + created.s("clientSecret"));
        return Pages.saved(redirect, "/admin/integrations");
    }

    @PostMapping("/admin/integrations/apps/{id}")
    String editApp(
            @PathVariable String id,
            @RequestParam String name,
            @RequestParam String redirectUris,
            @RequestParam(name = "scope", required = false) List<String> scopes,
            RedirectAttributes redirect) {
        api.patch(
                "/api/v1/integrations/apps/" + id,
                Map.of(
                        "name",
                        name,
                        "redirectUris",
                        redirectUris
                                .lines()
                                .map(String::strip)
                                .filter(l -> !l.isEmpty())
                                .toList(),
                        "scopes",
                        scopes == null ? List.of() : scopes));
        return Pages.saved(redirect, "/admin/integrations");
    }

    @PostMapping("/admin/integrations/apps/{id}/secret")
    String rotateSecret(
            @PathVariable String id, @RequestParam(required = false) Long overlapMinutes, RedirectAttributes redirect) {
        Map<String, Object> body = new HashMap<>();
        body.put("overlapMinutes", overlapMinutes);
        Json rotated = api.post("/api/v1/integrations/apps/" + id + "/secret", body);
        // Shown once, on the next page, never stored by the console.
        redirect.addFlashAttribute("secret", rotated.s("clientSecret"));
        redirect.addFlashAttribute("previousUntil", rotated.s("previousSecretValidUntil"));
        return Pages.saved(redirect, "/admin/integrations");
    }

    @PostMapping("/admin/integrations/apps/{id}/delete")
    String deleteApp(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/integrations/apps/" + id);
        return Pages.deleted(redirect, "/admin/integrations");
    }

    @PostMapping("/admin/integrations/authorizations/{id}/revoke")
    String revoke(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/integrations/authorizations/" + id);
        return Pages.revoked(redirect, "/admin/integrations");
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("page", api.get("/api/v1/audit", query("cursor", cursor, "limit", 50)));
        model.addAttribute("paged", cursor != null && !cursor.isBlank());
        return "admin/audit";
    }

    @PostMapping("/admin/audit/verify")
    String verify(RedirectAttributes redirect) {
        Json result = api.get("/api/v1/audit/verify");
        redirect.addFlashAttribute("verification", result.raw());
        return "redirect:/admin/audit";
    }
}
