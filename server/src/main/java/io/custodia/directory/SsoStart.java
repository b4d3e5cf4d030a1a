package io.custodia.directory;

import io.custodia.platform.Tenancy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The start of "Entrar com a sua empresa": finds the workspace from the e-mail's domain (or its
 * slug) and sends the browser to its provider; a workspace without one goes back to the sign-in
 * page, which says so.
 */
@Controller
class SsoStart {
    private final SsoSettings settings;
    private final Workspaces workspaces;

    SsoStart(SsoSettings settings, Workspaces workspaces) {
        this.settings = settings;
        this.workspaces = workspaces;
    }

    @GetMapping("/sso")
    String start(@RequestParam(required = false) String email, @RequestParam(required = false) String workspace) {
        Optional<UUID> ws = Optional.empty();
        boolean byEmail = email != null
                && email.length() <= 254
                && email.strip().indexOf('@') > 0
                && SsoConfiguration.isDomain(SsoSignIn.domainOf(email.strip()));
        if (byEmail) {
            ws = settings.workspaceOfDomain(SsoSignIn.domainOf(email.strip()));
        } else if (workspace != null
                && SsoRegistrations.SLUG.matcher(workspace.strip()).matches()) {
            ws = workspaces
                    .idOf(workspace.strip())
                    .filter(id -> Tenancy.in(id, () -> settings.of(id)).isPresent());
        }
        if (ws.isEmpty()) {
            return "redirect:/login?sso=unknown";
        }
        String slug = workspaces.summary(ws.get()).slug();
        return "redirect:" + SsoLogin.AUTHORIZE + "/" + slug
                + (byEmail ? "?login_hint=" + URLEncoder.encode(email.strip(), StandardCharsets.UTF_8) : "");
    }

    /** Reached only when the workspace's provider could not be asked (none, or its discovery failed). */
    @GetMapping(SsoLogin.AUTHORIZE + "/{slug}")
    String unavailable(@PathVariable String slug) {
        return "redirect:/login?sso=provider";
    }
}
