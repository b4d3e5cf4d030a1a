package io.custodia.integrations;

import io.custodia.access.AccessPolicies;
import io.custodia.collaboration.Notifications;
import io.custodia.directory.CurrentUser;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.policy.SystemPermission;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The consent page: what the app asks, in plain words. An administrator authorises all of it or
 * nothing; anyone else is told that only administrators can, may ask them (they are notified), and
 * returns to the app with {@code access_denied}.
 */
@Controller
class ConsentPage {
    private final Apps apps;
    private final AccessPolicies access;
    private final Users users;
    private final Notifications notifications;

    ConsentPage(Apps apps, AccessPolicies access, Users users, Notifications notifications) {
        this.apps = apps;
        this.access = access;
        this.users = users;
        this.notifications = notifications;
    }

    @GetMapping(path = "/oauth2/consent", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String consent(
            @AuthenticationPrincipal CurrentUser me,
            HttpServletRequest request,
            @RequestParam("client_id") String clientId,
            @RequestParam(name = "scope", defaultValue = "") String scope,
            @RequestParam String state) {
        Apps.App app = appOf(me, clientId);
        Set<String> scopes = new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
        scopes.remove("");
        StringBuilder list = new StringBuilder();
        for (String s : scopes) {
            list.append("<li><code>")
                    .append(HtmlUtils.htmlEscape(s))
                    .append("</code>: ")
                    .append(IntegrationScope.fromKey(s)
                            .map(IntegrationScope::words)
                            .orElse("an unknown scope"))
                    .append("</li>");
        }
        String decline = form(request, clientId, state, Set.of(), "Return to " + app.name() + " without authorising");
        String body;
        if (access.has(me.workspaceId(), me.id(), SystemPermission.INTEGRATIONS_MANAGE)) {
            body = "<p>If you authorise it, the app acts for the whole workspace, as its own user, until an"
                    + " administrator revokes it; it keeps working if you leave.</p>"
                    + form(request, clientId, state, scopes, "Authorise all of this")
                    + decline;
        } else {
            body = "<p role=\"alert\">Only an administrator (permission <code>integrations.manage</code>) can"
                    + " authorise an app for the workspace. You can ask the administrators to do it.</p>"
                    + "<form method=\"post\" action=\"/oauth2/consent/ask\">"
                    + hidden("client_id", clientId) + hidden("scope", String.join(" ", scopes))
                    + csrf(request) + "<p><button type=\"submit\">Ask the administrators</button></p></form>"
                    + decline;
        }
        return page(
                "Authorise " + app.name(),
                "<h1>" + HtmlUtils.htmlEscape(app.name()) + " asks to</h1><ul>" + list + "</ul>" + body);
    }

    /** Tells every administrator that a user would like the app authorised. */
    @PostMapping(path = "/oauth2/consent/ask", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    @Transactional
    String ask(
            @AuthenticationPrincipal CurrentUser me,
            @RequestParam("client_id") String clientId,
            @RequestParam(name = "scope", defaultValue = "") String scope) {
        Apps.App app = appOf(me, clientId);
        String message =
                me.name() + " asks an administrator to authorise the app " + app.name() + " (" + scope.strip() + ")";
        int told = 0;
        String after = null;
        while (true) {
            var page = users.page(me.workspaceId(), after, 500);
            for (var user : page) {
                if ("active".equals(user.status())
                        && access.has(me.workspaceId(), user.id(), SystemPermission.INTEGRATIONS_MANAGE)) {
                    notifications.notify(
                            me.workspaceId(),
                            user.id(),
                            "integration.requested",
                            "integration_app",
                            app.id(),
                            false,
                            message);
                    told++;
                }
            }
            if (page.size() < 500) {
                break;
            }
            after = page.get(page.size() - 1).email();
        }
        return page(
                "Administrators asked",
                "<h1>Administrators asked</h1><p>" + told + " administrator(s) were told that you would like "
                        + HtmlUtils.htmlEscape(app.name()) + " authorised. You can close this page.</p>");
    }

    private Apps.App appOf(CurrentUser me, String clientId) {
        return Apps.parse(clientId)
                .filter(ids -> ids[0].equals(me.workspaceId()))
                .flatMap(ids -> apps.find(ids[0], ids[1]))
                .orElseThrow(() -> ApiProblem.notFound("app " + clientId));
    }

    private static String form(
            HttpServletRequest request, String clientId, String state, Set<String> scopes, String label) {
        StringBuilder f = new StringBuilder("<form method=\"post\" action=\"/oauth2/authorize\">");
        f.append(hidden("client_id", clientId)).append(hidden("state", state));
        for (String s : scopes) {
            f.append(hidden("scope", s));
        }
        return f.append(csrf(request))
                .append("<p><button type=\"submit\">")
                .append(HtmlUtils.htmlEscape(label))
                .append("</button></p></form>")
                .toString();
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + HtmlUtils.htmlEscape(value) + "\">";
    }

    private static String csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : hidden(token.getParameterName(), token.getToken());
    }

    private static String page(String title, String main) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + " · Custodia</title></head><body><main>" + main + "</main></body></html>";
    }
}
