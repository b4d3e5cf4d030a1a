package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.ApiProblem;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
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
import org.springframework.web.bind.annotation.RequestParam;
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
    private final Organisation organisation;

    DepartmentController(Departments departments, Users users, AccessPolicies access, Organisation organisation) {
        this.departments = departments;
        this.users = users;
        this.access = access;
        this.organisation = organisation;
    }

    record NewDepartment(@NotBlank @Size(max = 200) String name, UUID parentId) {}

    /** {@code parentId}: absent leaves it, {@code null} moves the department to the top. */
    record DepartmentChange(@Size(min = 1, max = 200) String name, Optional<UUID> parentId) {}

    record Membership(Boolean head) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "listDepartments", summary = "List departments")
    @GetMapping
    Items<Departments.Department> list(
            @AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String q) {
        return new Items<>(departments.named(me.workspaceId(), q));
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
        Departments.Department created = organisation.createDepartment(me, body.name(), body.parentId());
        UUID id = created.id();
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
        String name = change.name() == null ? before.name() : change.name();
        UUID parent = change.parentId() == null
                ? before.parentId()
                : change.parentId().orElse(null);
        return organisation.updateDepartment(me, before, name, parent);
    }

    @Operation(operationId = "deleteDepartment", summary = "Delete a department")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        Departments.Department before = find(me, id);
        access.require(me, SystemPermission.USERS_MANAGE);
        organisation.deleteDepartment(me, before);
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
        users.find(me.workspaceId(), userId).orElseThrow(() -> ApiProblem.notFound("user {0}", userId));
        access.require(me, SystemPermission.USERS_MANAGE);
        boolean head = body != null && Boolean.TRUE.equals(body.head());
        return organisation.putDepartmentMember(me, id, userId, head);
    }

    @Operation(operationId = "removeDepartmentMember", summary = "Remove a user from a department")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}/members/{userId}")
    @Transactional
    ResponseEntity<Void> removeMember(
            @AuthenticationPrincipal CurrentUser me, @PathVariable UUID id, @PathVariable UUID userId) {
        find(me, id);
        access.require(me, SystemPermission.USERS_MANAGE);
        organisation.removeDepartmentMember(me, id, userId);
        return ResponseEntity.noContent().build();
    }

    private Departments.Department find(CurrentUser me, UUID id) {
        return departments.find(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("department {0}", id));
    }
}
