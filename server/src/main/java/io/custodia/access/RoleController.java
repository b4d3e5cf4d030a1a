package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.InvalidRoleException;
import io.custodia.policy.Role;
import io.custodia.policy.RoleDocument;
import io.custodia.policy.RoleTemplates;
import io.custodia.policy.RoleTree;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Roles: read by every signed-in user, changed with {@code roles.manage}. Bodies are the engine's
 * role documents and are validated by the engine, so a refusal names the exact bad element.
 */
@Tag(name = "Roles")
@RestController
@RequestMapping("/api/v1")
class RoleController {
    private final Roles roles;
    private final Assignments assignments;
    private final AccessPolicies access;
    private final SystemPermissionGuard guard;
    private final AuditLog audit;
    private final FieldCatalogs catalogs;
    private final RecordLookup records;

    RoleController(
            Roles roles,
            Assignments assignments,
            AccessPolicies access,
            SystemPermissionGuard guard,
            AuditLog audit,
            FieldCatalogs catalogs,
            RecordLookup records) {
        this.roles = roles;
        this.assignments = assignments;
        this.access = access;
        this.guard = guard;
        this.audit = audit;
        this.catalogs = catalogs;
        this.records = records;
    }

    record Items<T>(List<T> items) {}

    @Operation(operationId = "listRoleTemplates", summary = "List the role templates")
    @GetMapping("/role-templates")
    Items<Map<String, Object>> templates() {
        return new Items<>(RoleTemplates.all().stream().map(RoleTree::write).toList());
    }

    @Operation(operationId = "listRoles", summary = "List roles")
    @GetMapping("/roles")
    Items<Map<String, Object>> list(@AuthenticationPrincipal WorkspacePrincipal me) {
        return new Items<>(
                roles.list(me.workspaceId()).stream().map(RoleController::view).toList());
    }

    @Operation(operationId = "getRole", summary = "Get a role")
    @GetMapping("/roles/{id}")
    Map<String, Object> get(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return view(find(me, id));
    }

    @Operation(operationId = "createRole", summary = "Create a role")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/roles")
    @Transactional
    ResponseEntity<Map<String, Object>> create(
            @AuthenticationPrincipal WorkspacePrincipal me, @RequestBody Map<String, Object> body) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        Role role = parse(me.workspaceId(), UUID.randomUUID(), body);
        guard.requireHeld(me, role.system(), "the role would hold it");
        roles.create(me.workspaceId(), role);
        Map<String, Object> created = view(find(me, role.id().value()));
        changed(me, "role.created", role.id().value(), null, created);
        return ResponseEntity.created(URI.create("/api/v1/roles/" + role.id())).body(created);
    }

    record Copy(String name) {}

    @Operation(operationId = "copyRole", summary = "Copy a role")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/roles/{id}/copy")
    @Transactional
    ResponseEntity<Map<String, Object>> copy(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestBody(required = false) Copy body) {
        Roles.StoredRole original = find(me, id);
        access.require(me, SystemPermission.ROLES_MANAGE);
        String name = body != null && body.name() != null && !body.name().isBlank()
                ? body.name().strip()
                : original.role().name() + " (copy)";
        Map<String, Object> document = new LinkedHashMap<>(RoleTree.write(original.role()));
        document.put("name", name);
        return create(me, document);
    }

    @Operation(operationId = "replaceRole", summary = "Replace a role's grants")
    @PutMapping("/roles/{id}")
    @Transactional
    Map<String, Object> replace(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestBody Map<String, Object> body) {
        Roles.StoredRole stored = find(me, id);
        Map<String, Object> before = view(stored);
        access.require(me, SystemPermission.ROLES_MANAGE);
        Role role = parse(me.workspaceId(), id, body);
        Set<SystemPermission> touched = EnumSet.noneOf(SystemPermission.class);
        touched.addAll(stored.role().system());
        touched.addAll(role.system());
        guard.requireHeld(me, touched, "the role holds it before or after the edit");
        SystemPermissionGuard.Holders holders = guard.before(me.workspaceId());
        roles.replace(me.workspaceId(), role);
        guard.check(me, holders);
        Map<String, Object> after = view(find(me, id));
        changed(me, "role.updated", id, before, after);
        return after;
    }

    @Operation(operationId = "deleteRole", summary = "Delete a role")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/roles/{id}")
    @Transactional
    ResponseEntity<Void> delete(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        Roles.StoredRole stored = find(me, id);
        Map<String, Object> before = view(stored);
        access.require(me, SystemPermission.ROLES_MANAGE);
        guard.requireHeld(me, stored.role().system(), "the role holds it");
        List<Assignments.Stored> held = assignments.ofRole(me.workspaceId(), id);
        if (!held.isEmpty()) {
            throw ApiProblem.conflict(
                    "the role is still assigned: {0}; remove these assignments first",
                    String.join(", ", held.stream().map(Assignments::describe).toList()));
        }
        roles.delete(me.workspaceId(), id);
        changed(me, "role.deleted", id, before, null);
        return ResponseEntity.noContent().build();
    }

    private Role parse(UUID workspaceId, UUID id, Map<String, Object> body) {
        Map<String, Object> document = new LinkedHashMap<>(body);
        document.remove("id");
        document.remove("template");
        Role role;
        try {
            role = RoleDocument.parse(
                    new RoleId(id),
                    document,
                    catalogs.catalogOf(workspaceId),
                    stage -> records.stageExists(workspaceId, stage.value()));
        } catch (InvalidRoleException e) {
            throw ApiProblem.invalid(e.violations().stream()
                    .map(v -> new ApiProblem.FieldError(
                            v.path(), v.template(), v.args().toArray()))
                    .toList());
        }
        List<ApiProblem.FieldError> notOptions =
                ConditionOptions.problems(document, catalogs.selectOptions(workspaceId));
        if (!notOptions.isEmpty()) {
            throw ApiProblem.invalid(notOptions);
        }
        return role;
    }

    static Map<String, Object> view(Roles.StoredRole stored) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", stored.id());
        view.put("template", stored.templateKey());
        view.putAll(RoleTree.write(stored.role()));
        return view;
    }

    private Roles.StoredRole find(WorkspacePrincipal me, UUID id) {
        return roles.find(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("role {0}", id));
    }

    private void changed(WorkspacePrincipal me, String action, UUID id, Object before, Object after) {
        access.changed(me.workspaceId());
        audit.record(me.workspaceId(), AuditLog.Actor.of(me), action, "role", id, before, after);
    }
}
