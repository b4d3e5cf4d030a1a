package io.custodia.web;

import io.custodia.platform.ConsolePage;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administration of SCIM provisioning: the workspace's SCIM tokens (created, shown once, listed,
 * revoked) and whether SCIM Groups are departments or teams, through the API's
 * {@code /api/v1/scim-tokens} and {@code /api/v1/workspace/scim}.
 */
@Controller
@ConsolePage
class ScimPages {
    private final ConsoleApi api;
    private final Directory directory;

    ScimPages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping("/admin/scim")
    String scim(Model model) {
        model.addAttribute("tokens", api.get("/api/v1/scim-tokens").items());
        model.addAttribute("groups", api.get("/api/v1/workspace/scim").s("groups"));
        model.addAttribute("names", directory.names());
        return "admin/scim";
    }

    @PostMapping("/admin/scim/tokens")
    String createToken(@RequestParam String name, RedirectAttributes redirect) {
        Json created = api.post("/api/v1/scim-tokens", Map.of("name", name));
        // The one time the token is shown: on the next page, never stored by the console.
        redirect.addFlashAttribute("token", created.s("token"));
        return Pages.saved(redirect, "/admin/scim");
    }

    @PostMapping("/admin/scim/tokens/{id}/revoke")
    String revokeToken(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/scim-tokens/" + id);
        return Pages.revoked(redirect, "/admin/scim");
    }

    @PostMapping("/admin/scim/groups")
    String groups(@RequestParam String groups, RedirectAttributes redirect) {
        api.put("/api/v1/workspace/scim", Map.of("groups", groups));
        return Pages.saved(redirect, "/admin/scim");
    }
}
