package io.custodia.web;

import io.custodia.platform.ConsolePage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administrator's page for the workspace's single sign-on provider: what {@code
 * /api/v1/workspace/sso} shows, a form that sends it, and its removal. The client secret is never
 * shown; left empty, the stored one stays.
 */
@Controller
@ConsolePage
class SsoPages {
    private final ConsoleApi api;

    SsoPages(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/admin/sso")
    String page(Model model) {
        Json sso;
        try {
            sso = api.get("/api/v1/workspace/sso");
        } catch (ConsoleApi.Problem problem) {
            if (problem.status != 404) {
                throw problem;
            }
            sso = Json.of(null);
        }
        model.addAttribute("sso", sso);
        model.addAttribute("roles", api.get("/api/v1/roles").items());
        return "admin/sso";
    }

    @PostMapping("/admin/sso")
    String save(
            @RequestParam String issuer,
            @RequestParam String clientId,
            @RequestParam(required = false) String clientSecret,
            @RequestParam(defaultValue = "false") boolean passwordSignIn,
            @RequestParam String domains,
            @RequestParam(defaultValue = "false") boolean createUsers,
            @RequestParam(required = false) String defaultRoleId,
            RedirectAttributes redirect) {
        Map<String, Object> body = new HashMap<>();
        body.put("issuer", issuer);
        body.put("clientId", clientId);
        if (clientSecret != null && !clientSecret.isEmpty()) {
            body.put("clientSecret", clientSecret);
        }
        body.put("passwordSignIn", passwordSignIn);
        body.put(
                "domains",
                Arrays.stream(domains.split("[\\s,;]+"))
                        .filter(d -> !d.isEmpty())
                        .toList());
        body.put("createUsers", createUsers);
        if (defaultRoleId != null && !defaultRoleId.isBlank()) {
            body.put("defaultRoleId", defaultRoleId);
        }
        api.put("/api/v1/workspace/sso", body);
        return Pages.saved(redirect, "/admin/sso");
    }

    @PostMapping("/admin/sso/delete")
    String delete(RedirectAttributes redirect) {
        api.delete("/api/v1/workspace/sso");
        return Pages.deleted(redirect, "/admin/sso");
    }
}
