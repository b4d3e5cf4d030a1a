package io.custodia.integrations;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Who am I" for an app: the app, its workspace and principal, and the authorisation its access
 * token belongs to (scopes, who consented and when). People ask {@code GET /api/v1/me}.
 */
@Tag(name = "Integrations")
@RestController
class AppSelfController {
    private final Apps apps;
    private final Authorizations authorizations;

    AppSelfController(Apps apps, Authorizations authorizations) {
        this.apps = apps;
        this.authorizations = authorizations;
    }

    /** The calling app as its access token names it. */
    record AppSelf(
            UUID appId,
            String clientId,
            String name,
            UUID workspaceId,
            UUID principalId,
            String authorizationId,
            List<String> scopes,
            UUID authorizedBy,
            OffsetDateTime authorizedAt) {}

    @Operation(operationId = "getAppSelf", summary = "Who the calling app is")
    @GetMapping("/api/v1/integrations/me")
    AppSelf me(@AuthenticationPrincipal WorkspacePrincipal caller) {
        if (!(caller instanceof AppPrincipal app)) {
            throw ApiProblem.forbiddenBecause("only an app's access token names an app; people ask /api/v1/me");
        }
        // The token was live a moment ago (AppAccess); an authorisation or app gone since is 404.
        Apps.App registered = apps.find(app.workspaceId(), app.appId()).orElseThrow(() -> ApiProblem.notFound("app"));
        Authorizations.Granted granted = authorizations.granted(app.workspaceId()).stream()
                .filter(g -> g.id().equals(app.authorizationId()))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("authorization"));
        return new AppSelf(
                registered.id(),
                registered.clientId(),
                registered.name(),
                registered.workspaceId(),
                registered.principalId(),
                granted.id(),
                app.scopes().stream().sorted().toList(),
                granted.consentedBy(),
                granted.consentedAt());
    }
}
