package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.WorkspacePrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Personal role assignments as an access review campaign reviews them: a role given to a group is
 * the group's configuration, not one person's to keep or lose (access-model, "Access review
 * campaigns"). Revoking one is removing it as {@code DELETE /api/v1/role-assignments/{id}} does.
 */
@Component
class AssignmentsUnderReview implements ReviewedGrants {
    static final String KIND = "role_assignment";

    private final Assignments assignments;
    private final Roles roles;
    private final AssignmentChanges changes;
    private final AccessPolicies access;

    AssignmentsUnderReview(Assignments assignments, Roles roles, AssignmentChanges changes, AccessPolicies access) {
        this.assignments = assignments;
        this.roles = roles;
        this.changes = changes;
        this.access = access;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Held> held(UUID workspaceId) {
        Instant now = access.now();
        Map<UUID, String> names = roles.list(workspaceId).stream()
                .collect(Collectors.toMap(Roles.StoredRole::id, r -> r.role().name()));
        return assignments.all(workspaceId).stream()
                .filter(a -> a.userId() != null && a.toEngine().liveAt(now))
                .map(a -> new Held(a.id().toString(), a.userId(), names.getOrDefault(a.roleId(), "?"), a.expiresAt()))
                .toList();
    }

    @Override
    public void revoke(WorkspacePrincipal authority, AuditLog.Actor actor, String grantId) {
        changes.remove(authority, actor, UUID.fromString(grantId));
    }
}
