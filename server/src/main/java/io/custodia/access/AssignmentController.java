package io.custodia.access;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.DEPARTMENT;
import static io.custodia.platform.db.Tables.ROLE;
import static io.custodia.platform.db.Tables.TEAM;

import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Organization;
import io.custodia.policy.SystemPermission;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Giving roles to users and groups ({@code roles.manage}); every change applies at the next request and is audited. */
@RestController
@RequestMapping("/api/v1/role-assignments")
class AssignmentController {
    private final Assignments assignments;
    private final Roles roles;
    private final AccessPolicies access;
    private final SystemPermissionGuard guard;
    private final AuditLog audit;
    private final DSLContext db;

    AssignmentController(
            Assignments assignments,
            Roles roles,
            AccessPolicies access,
            SystemPermissionGuard guard,
            AuditLog audit,
            DSLContext db) {
        this.assignments = assignments;
        this.roles = roles;
        this.access = access;
        this.guard = guard;
        this.audit = audit;
        this.db = db;
    }

    record NewAssignment(
            @NotNull UUID roleId,
            UUID userId,
            UUID departmentId,
            Boolean includeSubdepartments,
            UUID teamId,
            Boolean everyone) {}

    record Items<T>(List<T> items) {}

    @PostMapping
    @Transactional
    ResponseEntity<Assignments.Stored> create(
            @AuthenticationPrincipal WorkspacePrincipal me, @Validated @RequestBody NewAssignment body) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        UUID ws = me.workspaceId();
        boolean everyone = Boolean.TRUE.equals(body.everyone());
        int targets = (body.userId() != null ? 1 : 0)
                + (body.departmentId() != null ? 1 : 0)
                + (body.teamId() != null ? 1 : 0)
                + (everyone ? 1 : 0);
        if (targets != 1) {
            throw ApiProblem.invalid("$", "give exactly one of userId, departmentId, teamId, everyone: true");
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (!db.fetchExists(ROLE, ROLE.WORKSPACE_ID.eq(ws).and(ROLE.ID.eq(body.roleId())))) {
            errors.add(new ApiProblem.FieldError("roleId", "no such role"));
        }
        if (body.userId() != null
                && !db.fetchExists(APP_USER, APP_USER.WORKSPACE_ID.eq(ws).and(APP_USER.ID.eq(body.userId())))) {
            errors.add(new ApiProblem.FieldError("userId", "no such user"));
        }
        if (body.departmentId() != null
                && !db.fetchExists(
                        DEPARTMENT, DEPARTMENT.WORKSPACE_ID.eq(ws).and(DEPARTMENT.ID.eq(body.departmentId())))) {
            errors.add(new ApiProblem.FieldError("departmentId", "no such department"));
        }
        if (body.teamId() != null
                && !db.fetchExists(TEAM, TEAM.WORKSPACE_ID.eq(ws).and(TEAM.ID.eq(body.teamId())))) {
            errors.add(new ApiProblem.FieldError("teamId", "no such team"));
        }
        if (body.includeSubdepartments() != null && body.departmentId() == null) {
            errors.add(new ApiProblem.FieldError("includeSubdepartments", "applies to a department assignment only"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        guard.requireHeld(me, systemOf(ws, body.roleId()), "the role holds it");
        Assignments.Stored stored = new Assignments.Stored(
                UUID.randomUUID(),
                body.roleId(),
                body.userId(),
                body.departmentId(),
                Boolean.TRUE.equals(body.includeSubdepartments()),
                body.teamId(),
                everyone);
        // The same assignment again changes nothing: it answers the one that exists (docs/api.md).
        // Locked first, so two identical requests at once make one row, not two.
        access.lock(ws);
        Optional<Assignments.Stored> existing = assignments.sameAs(ws, stored);
        if (existing.isPresent()) {
            return ResponseEntity.ok()
                    .location(URI.create(
                            "/api/v1/role-assignments/" + existing.get().id()))
                    .body(existing.get());
        }
        assignments.create(ws, stored);
        access.changed(ws);
        audit.record(
                ws, AuditLog.Actor.of(me), "role_assignment.created", "role_assignment", stored.id(), null, stored);
        return ResponseEntity.created(URI.create("/api/v1/role-assignments/" + stored.id()))
                .body(stored);
    }

    /**
     * All assignments ({@code roles.manage}), or with {@code userId} those that reach the user now
     * (personal and through groups): one's own, or anyone's with {@code roles.manage}.
     */
    @GetMapping
    Items<Assignments.Stored> list(
            @AuthenticationPrincipal WorkspacePrincipal me, @RequestParam(required = false) UUID userId) {
        // Who holds which role is for role managers; everyone may see what reaches themselves.
        if (!me.principalId().equals(userId)) {
            access.require(me, SystemPermission.ROLES_MANAGE);
        }
        List<Assignments.Stored> all = assignments.all(me.workspaceId());
        if (userId == null) {
            return new Items<>(all);
        }
        Organization org = access.policyOf(me.workspaceId()).organization();
        UserId user = new UserId(userId);
        List<Assignments.Stored> mine =
                all.stream().filter(a -> a.toEngine().reaches(user, org)).toList();
        return new Items<>(mine);
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        Assignments.Stored before =
                assignments.find(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("role assignment " + id));
        access.require(me, SystemPermission.ROLES_MANAGE);
        guard.requireHeld(me, systemOf(me.workspaceId(), before.roleId()), "the role holds it");
        SystemPermissionGuard.Holders holders = guard.before(me.workspaceId());
        assignments.delete(me.workspaceId(), id);
        access.changed(me.workspaceId());
        guard.check(me, holders);
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "role_assignment.deleted",
                "role_assignment",
                id,
                before,
                null);
        return ResponseEntity.noContent().build();
    }

    /** The system permissions of the role, which whoever gives it or takes it back must hold. */
    private Set<SystemPermission> systemOf(UUID ws, UUID roleId) {
        return roles.find(ws, roleId).map(r -> r.role().system()).orElse(Set.of());
    }

    /** How an assignment reads in a message. */
    static String describe(Assignments.Stored a) {
        if (a.userId() != null) {
            return "user " + a.userId() + " (assignment " + a.id() + ")";
        }
        if (a.departmentId() != null) {
            return "department " + a.departmentId() + (a.includeSubdepartments() ? " and its subdepartments" : "")
                    + " (assignment " + a.id() + ")";
        }
        if (a.teamId() != null) {
            return "team " + a.teamId() + " (assignment " + a.id() + ")";
        }
        return "everyone (assignment " + a.id() + ")";
    }
}
