package io.custodia.directory;

import io.custodia.access.AccessChange;
import io.custodia.access.AccessPolicies;
import io.custodia.access.OwnerUnits;
import io.custodia.access.SystemPermissionGuard;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The department tree. Reading is open to every signed-in user; changing needs
 * {@code users.manage}. Every change takes effect on access at the next request, and is audited.
 */
@Tag(name = "Departments")
@RestController
@RequestMapping("/api/v1/departments")
class DepartmentController {
    private final Departments departments;
    private final Users users;
    private final AccessPolicies access;
    private final SystemPermissionGuard guard;
    private final AuditLog audit;
    private final OwnerUnits units;

    DepartmentController(
            Departments departments,
            Users users,
            AccessPolicies access,
            SystemPermissionGuard guard,
            AuditLog audit,
            OwnerUnits units) {
        this.departments = departments;
        this.users = users;
        this.access = access;
        this.guard = guard;
        this.audit = audit;
        this.units = units;
    }

    record NewDepartment(@NotBlank @Size(max = 200) String name, UUID parentId) {}

    /** {@code parentId}: absent leaves it, {@code null} moves the department to the top. */
    record DepartmentChange(@Size(min = 1, max = 200) String name, Optional<UUID> parentId) {}

    record Membership(Boolean head) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "listDepartments", summary = "List departments")
    @GetMapping
    Items<Departments.Department> list(@AuthenticationPrincipal CurrentUser me) {
        return new Items<>(departments.all(me.workspaceId()));
    }

    @Operation(operationId = "getDepartment", summary = "Get a department")
    @GetMapping("/{id}")
    Departments.Department get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        return find(me, id);
    }

    @Operation(operationId = "createDepartment", summary = "Create a department")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Transactional
    ResponseEntity<Departments.Department> create(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody NewDepartment body) {
        access.require(me, SystemPermission.USERS_MANAGE);
        if (body.parentId() != null
                && departments.find(me.workspaceId(), body.parentId()).isEmpty()) {
            throw ApiProblem.invalid("parentId", "no such department");
        }
        UUID id = UUID.randomUUID();
        departments.create(me.workspaceId(), id, body.name(), body.parentId());
        Departments.Department created = find(me, id);
        changed(me, "department.created", id, null, created);
        return ResponseEntity.created(URI.create("/api/v1/departments/" + id)).body(created);
    }

    @Operation(operationId = "updateDepartment", summary = "Rename or move a department")
    @PatchMapping("/{id}")
    @Transactional
    Departments.Department update(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable UUID id,
            @Valid @RequestBody DepartmentChange change) {
        Departments.Department before = find(me, id);
        access.require(me, SystemPermission.USERS_MANAGE);
        String name = change.name() == null ? before.name() : change.name().strip();
        if (name.isEmpty()) {
            throw ApiProblem.invalid("name", "must not be blank");
        }
        UUID parent = change.parentId() == null
                ? before.parentId()
                : change.parentId().orElse(null);
        if (parent != null) {
            if (departments.find(me.workspaceId(), parent).isEmpty()) {
                throw ApiProblem.invalid("parentId", "no such department");
            }
            if (departments.isSelfOrBelow(me.workspaceId(), id, parent)) {
                throw ApiProblem.invalid(
                        "parentId", "a department cannot move under itself or under one of its subdepartments");
            }
        }
        // A move changes who is in the subtrees that roles are given to.
        SystemPermissionGuard.Holders holders = Objects.equals(parent, before.parentId())
                ? null
                : guard.beforeMembership(me.workspaceId(), SystemPermissionGuard.Group.DEPARTMENT);
        departments.update(me.workspaceId(), id, name, parent);
        Departments.Department after = find(me, id);
        changed(me, "department.updated", id, before, after);
        guard.check(me, holders);
        return after;
    }

    @Operation(operationId = "deleteDepartment", summary = "Delete a department")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        Departments.Department before = find(me, id);
        access.require(me, SystemPermission.USERS_MANAGE);
        List<String> blockers = departments.blockersOfDelete(me.workspaceId(), id);
        if (!blockers.isEmpty()) {
            throw ApiProblem.conflict("the department still has " + String.join(", ", blockers));
        }
        departments.delete(me.workspaceId(), id);
        changed(me, "department.deleted", id, before, null);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listDepartmentMembers", summary = "List a department's members")
    @GetMapping("/{id}/members")
    Items<Departments.Member> members(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        find(me, id);
        return new Items<>(departments.members(me.workspaceId(), id));
    }

    @Operation(operationId = "putDepartmentMember", summary = "Add a user to a department")
    @PutMapping("/{id}/members/{userId}")
    @Transactional
    Departments.Member putMember(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable UUID id,
            @PathVariable UUID userId,
            @RequestBody(required = false) Membership body) {
        find(me, id);
        users.find(me.workspaceId(), userId).orElseThrow(() -> ApiProblem.notFound("user " + userId));
        access.require(me, SystemPermission.USERS_MANAGE);
        boolean head = body != null && Boolean.TRUE.equals(body.head());
        SystemPermissionGuard.Holders holders =
                guard.beforeMembership(me.workspaceId(), SystemPermissionGuard.Group.DEPARTMENT);
        Optional<Departments.Member> before = departments.putMember(me.workspaceId(), id, userId, head);
        units.reassess(me.workspaceId(), userId);
        Departments.Member after = new Departments.Member(userId, head);
        changed(
                me,
                "department.member.put",
                id,
                before.map(m -> Map.of("member", m)).orElse(null),
                Map.of("member", after),
                // A head flag set or taken away changes who a heads' assignment reaches: every node
                // reads the organisation again (a plain membership is applied to the cached one).
                head || before.map(Departments.Member::head).orElse(false)
                        ? AccessChange.OPAQUE
                        : AccessChange.membership(userId, id, true));
        guard.check(me, holders);
        return after;
    }

    @Operation(operationId = "removeDepartmentMember", summary = "Remove a user from a department")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}/members/{userId}")
    @Transactional
    ResponseEntity<Void> removeMember(
            @AuthenticationPrincipal CurrentUser me, @PathVariable UUID id, @PathVariable UUID userId) {
        find(me, id);
        access.require(me, SystemPermission.USERS_MANAGE);
        Departments.Member before = departments
                .member(me.workspaceId(), id, userId)
                .orElseThrow(() -> ApiProblem.notFound("membership of user " + userId));
        SystemPermissionGuard.Holders holders =
                guard.beforeMembership(me.workspaceId(), SystemPermissionGuard.Group.DEPARTMENT);
        departments.removeMember(me.workspaceId(), id, userId);
        units.reassess(me.workspaceId(), userId);
        changed(
                me,
                "department.member.removed",
                id,
                Map.of("member", before),
                null,
                AccessChange.membership(userId, id, false));
        guard.check(me, holders);
        return ResponseEntity.noContent().build();
    }

    private Departments.Department find(CurrentUser me, UUID id) {
        return departments.find(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("department " + id));
    }

    private void changed(CurrentUser me, String action, UUID id, Object before, Object after) {
        changed(me, action, id, before, after, AccessChange.OPAQUE);
    }

    private void changed(CurrentUser me, String action, UUID id, Object before, Object after, AccessChange change) {
        access.changed(me.workspaceId(), change);
        audit.record(me.workspaceId(), AuditLog.Actor.of(me), action, "department", id, before, after);
    }
}
