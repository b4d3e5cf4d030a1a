package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.WorkspacePrincipal;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One kind of grant an access review campaign reviews (access-model, "Access review campaigns"),
 * answered by the feature that owns it: the live grants to snapshot as items, whether one still
 * lives, and its revocation through that feature's normal path. The access feature answers for role
 * assignments; the integrations feature, which depends on this one, for apps' authorisations.
 */
public interface ReviewedGrants {

    /** The item kind, as the API names it ({@code role_assignment}, {@code app_authorization}). */
    String kind();

    /** Every live grant of this kind in the workspace: to whom it gives, and what, in words. */
    List<Held> held(UUID workspaceId);

    /** Those of the grants that still exist and count. */
    Set<String> live(UUID workspaceId, Collection<String> grantIds);

    /**
     * Revokes the grant through the normal path, that path's checks made with {@code authority}'s
     * permissions and its audit entry naming {@code actor}; throws that path's refusal (an
     * {@link io.custodia.platform.ApiProblem}) when it refuses.
     */
    void revoke(WorkspacePrincipal authority, AuditLog.Actor actor, String grantId);

    /** A live grant: its id, the principal it gives to, and what it gives as the reviewer reads it. */
    record Held(String grantId, UUID subjectId, String grant) {}
}
