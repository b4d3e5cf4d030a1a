package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ValueRules;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Giving roles to users and groups and taking them back ({@code roles.manage}): checked, applied at the next request, audited. */
@Service
class AssignmentChanges {
    private final Assignments assignments;
    private final Roles roles;
    private final AccessPolicies access;
    private final SystemPermissionGuard guard;
    private final AuditLog audit;
    private final DirectoryFacts directory;

    AssignmentChanges(
            Assignments assignments,
            Roles roles,
            AccessPolicies access,
            SystemPermissionGuard guard,
            AuditLog audit,
            DirectoryFacts directory) {
        this.assignments = assignments;
        this.roles = roles;
        this.access = access;
        this.guard = guard;
        this.audit = audit;
        this.directory = directory;
    }

    /** The assignment given, or the same one found already there ({@code created} false). */
    record Given(Assignments.Stored assignment, boolean created) {}

    @Transactional
    Given create(
            WorkspacePrincipal me,
            UUID roleId,
            UUID userId,
            UUID departmentId,
            Boolean includeSubdepartments,
            Boolean heads,
            UUID teamId,
            Boolean everyoneAsked,
            String expiresAsked) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        UUID ws = me.workspaceId();
        boolean everyone = Boolean.TRUE.equals(everyoneAsked);
        int targets = (userId != null ? 1 : 0)
                + (departmentId != null ? 1 : 0)
                + (teamId != null ? 1 : 0)
                + (everyone ? 1 : 0);
        if (targets != 1) {
            throw ApiProblem.invalid("$", "give exactly one of userId, departmentId, teamId, everyone: true");
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (!roles.exists(ws, roleId)) {
            errors.add(new ApiProblem.FieldError("roleId", "no such role"));
        }
        if (userId != null && !directory.userExists(ws, userId)) {
            errors.add(new ApiProblem.FieldError("userId", "no such user"));
        }
        if (departmentId != null && !directory.departmentExists(ws, departmentId)) {
            errors.add(new ApiProblem.FieldError("departmentId", "no such department"));
        }
        if (teamId != null && !directory.teamExists(ws, teamId)) {
            errors.add(new ApiProblem.FieldError("teamId", "no such team"));
        }
        if (includeSubdepartments != null && departmentId == null) {
            errors.add(new ApiProblem.FieldError("includeSubdepartments", "applies to a department assignment only"));
        }
        if (heads != null && departmentId == null) {
            errors.add(new ApiProblem.FieldError("heads", "applies to a department assignment only"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        OffsetDateTime expiresAt = ValueRules.expiry("expiresAt", expiresAsked, access.now());
        guard.requireHeld(me, systemOf(ws, roleId), "the role holds it");
        Assignments.Stored stored = new Assignments.Stored(
                UUID.randomUUID(),
                roleId,
                userId,
                departmentId,
                Boolean.TRUE.equals(includeSubdepartments),
                Boolean.TRUE.equals(heads),
                teamId,
                everyone,
                expiresAt);
        // The same assignment again changes nothing: it answers the one that exists (docs/api.md).
        // Locked first, so two identical requests at once make one row, not two.
        access.lock(ws);
        Optional<Assignments.Stored> existing = assignments.sameAs(ws, stored);
        if (existing.isPresent() && sameInstant(existing.get().expiresAt(), expiresAt)) {
            return new Given(existing.get(), false);
        }
        if (existing.isPresent()) {
            // The same grant with another end: the end is replaced (a lapsed one given again lives again).
            Assignments.Stored before = existing.get();
            // INVARIANT: an end set on a grant is not its holder's to lift or push back.
            if (me.principalId().equals(before.userId())
                    && before.expiresAt() != null
                    && (expiresAt == null || expiresAt.isAfter(before.expiresAt()))) {
                throw ApiProblem.forbiddenBecause(
                        "the end of a role you hold is not yours to lift or push back; ask another role manager");
            }
            Assignments.Stored after = before.expiringAt(expiresAt);
            SystemPermissionGuard.Holders holders = guard.before(ws);
            assignments.expireAt(ws, before.id(), expiresAt);
            access.changed(ws);
            // An end given to the last lasting holder's assignment would lose its permissions then.
            guard.check(me, holders);
            audit.record(
                    ws,
                    AuditLog.Actor.of(me),
                    "role_assignment.expiry_changed",
                    "role_assignment",
                    before.id(),
                    before,
                    after);
            return new Given(after, false);
        }
        assignments.create(ws, stored);
        access.changed(ws);
        audit.record(
                ws, AuditLog.Actor.of(me), "role_assignment.created", "role_assignment", stored.id(), null, stored);
        return new Given(stored, true);
    }

    @Transactional
    void delete(WorkspacePrincipal me, UUID id) {
        remove(me, AuditLog.Actor.of(me), id);
    }

    /**
     * Removes the assignment with {@code me}'s checks (permissions, the end of one's own grant, the
     * last holder), the audit entry naming {@code actor}: the caller, or the reviewer of an access
     * review campaign, whose revocation is checked with the campaign starter's authority.
     */
    @Transactional
    void remove(WorkspacePrincipal me, AuditLog.Actor actor, UUID id) {
        Assignments.Stored before = assignments
                .find(me.workspaceId(), id)
                .orElseThrow(() -> ApiProblem.notFound("role assignment {0}", id));
        access.require(me, SystemPermission.ROLES_MANAGE);
        guard.requireHeld(me, systemOf(me.workspaceId(), before.roleId()), "the role holds it");
        // INVARIANT (as in give): removed, an assignment that ends could be given again without its
        // end, so its holder does not remove it either.
        if (me.principalId().equals(before.userId()) && before.expiresAt() != null) {
            throw ApiProblem.forbiddenBecause(
                    "the end of a role you hold is not yours to lift or push back; ask another role manager");
        }
        SystemPermissionGuard.Holders holders = guard.before(me.workspaceId());
        assignments.delete(me.workspaceId(), id);
        access.changed(me.workspaceId());
        guard.check(me, holders);
        audit.record(me.workspaceId(), actor, "role_assignment.deleted", "role_assignment", id, before, null);
    }

    private static boolean sameInstant(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b == null : b != null && a.isEqual(b);
    }

    /** The system permissions of the role, which whoever gives it or takes it back must hold. */
    private Set<SystemPermission> systemOf(UUID ws, UUID roleId) {
        return roles.find(ws, roleId).map(r -> r.role().system()).orElse(Set.of());
    }
}
