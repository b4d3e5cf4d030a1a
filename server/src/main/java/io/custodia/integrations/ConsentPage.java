package io.custodia.integrations;

import io.custodia.access.AccessPolicies;
import io.custodia.directory.CurrentUser;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ConsolePage;
import io.custodia.platform.Text;
import io.custodia.policy.SystemPermission;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The consent page: what the app asks, in plain words. An administrator authorises all of it or
 * nothing; anyone else is told that only administrators can, may ask them (they are notified), and
 * returns to the app with {@code access_denied}.
 */
@Controller
@ConsolePage
class ConsentPage {
    private final Apps apps;
    private final AccessPolicies access;
    private final Administrators administrators;

    ConsentPage(Apps apps, AccessPolicies access, Administrators administrators) {
        this.apps = apps;
        this.access = access;
        this.administrators = administrators;
    }

    @GetMapping(path = "/oauth2/consent", produces = MediaType.TEXT_HTML_VALUE)
    String consent(
            @AuthenticationPrincipal CurrentUser me,
            @RequestParam("client_id") String clientId,
            @RequestParam(name = "scope", defaultValue = "") String scope,
            @RequestParam String state,
            Model model) {
        Apps.App app = appOf(me, clientId);
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
        scopes.remove("");
        model.addAttribute(
                "consent",
                new Consent(
                        app.name(),
                        clientId,
                        state,
                        List.copyOf(scopes),
                        access.has(me.workspaceId(), me.id(), SystemPermission.INTEGRATIONS_MANAGE)));
        return "consent";
    }

    /** Tells every administrator that a user would like the app authorised. */
    @PostMapping(path = "/oauth2/consent/ask", produces = MediaType.TEXT_HTML_VALUE)
    @Transactional
    String ask(
            @AuthenticationPrincipal CurrentUser me,
            @RequestParam("client_id") String clientId,
            @RequestParam(name = "scope", defaultValue = "") String scope,
            Model model) {
        Apps.App app = appOf(me, clientId);
        int told = administrators.tell(
                me.workspaceId(),
                app.id(),
                "integration.requested",
                Text.of("notice.integration.requested", me.name(), app.name(), scope.strip()));
        model.addAttribute("appName", app.name());
        model.addAttribute("told", told);
        return "consentAsked";
    }

    private Apps.App appOf(CurrentUser me, String clientId) {
        return Apps.parse(clientId)
                .filter(ids -> ids[0].equals(me.workspaceId()))
                .flatMap(ids -> apps.find(ids[0], ids[1]))
                .orElseThrow(() -> ApiProblem.notFound("app {0}", clientId));
    }
}
