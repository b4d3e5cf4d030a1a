package io.custodia.integrations;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person revokes an app's authorisation: an administrator over HTTP, or the reviewer of an access
 * review campaign with its starter's authority. Either way {@code integrations.manage} is checked
 * on {@code authority}, the tokens stop on the next call on every node, and {@code actor} is audited.
 */
@Component
class AdministratorRevocations {
    private final Authorizations authorizations;
    private final Revocations revocations;
    private final AccessPolicies access;
    private final AuditLog audit;

    AdministratorRevocations(
            Authorizations authorizations, Revocations revocations, AccessPolicies access, AuditLog audit) {
        this.authorizations = authorizations;
        this.revocations = revocations;
        this.access = access;
        this.audit = audit;
    }

    @Transactional
    void revoke(WorkspacePrincipal authority, AuditLog.Actor actor, String id) {
        access.require(authority, SystemPermission.INTEGRATIONS_MANAGE);
        Authorizations.Granted granted = authorizations.granted(authority.workspaceId()).stream()
                .filter(g -> g.id().equals(id) && g.revokedAt() == null)
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("live authorisation {0}", id));
        revocations.revoke(authority.workspaceId(), id, actor.id() != null ? actor.id() : authority.principalId());
        access.changed(authority.workspaceId());
        audit.record(
                authority.workspaceId(),
                actor,
                "integration.revoked",
                "integration_app",
                granted.appId(),
                Map.of("authorizationId", id, "scopes", granted.scopes()),
                null);
    }
}
