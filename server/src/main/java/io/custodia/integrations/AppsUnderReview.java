package io.custodia.integrations;

import io.custodia.access.ReviewedGrants;
import io.custodia.audit.AuditLog;
import io.custodia.platform.WorkspacePrincipal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Apps' live authorisations as an access review campaign reviews them (access-model, "Access review
 * campaigns"): the subject is the app's own principal, the grant its consented scopes; revoking one
 * is what {@code DELETE /api/v1/integrations/authorizations/{id}} does.
 */
@Component
class AppsUnderReview implements ReviewedGrants {
    private final Authorizations authorizations;
    private final Apps apps;
    private final AdministratorRevocations revocations;

    AppsUnderReview(Authorizations authorizations, Apps apps, AdministratorRevocations revocations) {
        this.authorizations = authorizations;
        this.apps = apps;
        this.revocations = revocations;
    }

    @Override
    public String kind() {
        return "app_authorization";
    }

    @Override
    public List<Held> held(UUID workspaceId) {
        Map<UUID, Apps.App> byId =
                apps.all(workspaceId).stream().collect(Collectors.toMap(Apps.App::id, Function.identity()));
        return authorizations.granted(workspaceId).stream()
                .filter(g -> g.revokedAt() == null && byId.containsKey(g.appId()))
                .map(g -> new Held(g.id(), byId.get(g.appId()).principalId(), String.join(" ", g.scopes()), null))
                .toList();
    }

    @Override
    public void revoke(WorkspacePrincipal authority, AuditLog.Actor actor, String grantId) {
        revocations.revoke(authority, actor, grantId);
    }
}
