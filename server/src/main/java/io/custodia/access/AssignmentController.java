package io.custodia.access;

import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Organization;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Giving roles to users and groups over HTTP; {@link AssignmentChanges} checks, applies and audits. */
@Tag(name = "Roles")
@RestController
@RequestMapping("/api/v1/role-assignments")
class AssignmentController {
    private final AssignmentChanges changes;
    private final Assignments assignments;
    private final AccessPolicies access;

    AssignmentController(AssignmentChanges changes, Assignments assignments, AccessPolicies access) {
        this.changes = changes;
        this.assignments = assignments;
        this.access = access;
    }

    record NewAssignment(
            @NotNull UUID roleId,
            UUID userId,
            UUID departmentId,
            Boolean includeSubdepartments,
            Boolean heads,
            UUID teamId,
            Boolean everyone,
            @Schema(type = "string", format = "date-time") String expiresAt) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "assignRole", summary = "Assign a role to a user, department or team")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    ResponseEntity<Assignments.Stored> create(
            @AuthenticationPrincipal WorkspacePrincipal me, @Validated @RequestBody NewAssignment body) {
        AssignmentChanges.Given given = changes.create(
                me,
                body.roleId(),
                body.userId(),
                body.departmentId(),
                body.includeSubdepartments(),
                body.heads(),
                body.teamId(),
                body.everyone(),
                body.expiresAt());
        URI location =
                URI.create("/api/v1/role-assignments/" + given.assignment().id());
        return given.created()
                ? ResponseEntity.created(location).body(given.assignment())
                : ResponseEntity.ok().location(location).body(given.assignment());
    }

    /**
     * All assignments ({@code roles.manage}), or with {@code userId} those that reach the user now
     * (personal and through groups): one's own, or anyone's with {@code roles.manage}.
     */
    @Operation(operationId = "listRoleAssignments", summary = "List role assignments")
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
        Instant now = access.now();
        List<Assignments.Stored> mine = all.stream()
                .filter(a -> a.toEngine().liveAt(now) && a.toEngine().reaches(user, org))
                .toList();
        return new Items<>(mine);
    }

    @Operation(operationId = "removeRoleAssignment", summary = "Remove a role assignment")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        changes.delete(me, id);
        return ResponseEntity.noContent().build();
    }
}
