package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.access.Roles;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.CustodiaProperties;
import io.custodia.platform.Tenancy;
import io.custodia.policy.ConflictRule;
import io.custodia.policy.RoleTemplates;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Signing up a workspace, and its settings. */
@Tag(name = "Workspace")
@RestController
@RequestMapping("/api/v1")
class WorkspaceController {
    private final Workspaces workspaces;
    private final Users users;
    private final Roles roles;
    private final Passwords passwords;
    private final PasswordPolicy passwordPolicy;
    private final AccessPolicies access;
    private final CustodiaProperties properties;
    private final AuditLog audit;
    private final TwoFactor twoFactor;

    WorkspaceController(
            Workspaces workspaces,
            Users users,
            Roles roles,
            Passwords passwords,
            PasswordPolicy passwordPolicy,
            AccessPolicies access,
            CustodiaProperties properties,
            AuditLog audit,
            TwoFactor twoFactor) {
        this.workspaces = workspaces;
        this.users = users;
        this.roles = roles;
        this.passwords = passwords;
        this.passwordPolicy = passwordPolicy;
        this.access = access;
        this.properties = properties;
        this.audit = audit;
        this.twoFactor = twoFactor;
    }

    record NewAdmin(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Size(min = 8, max = 128) String password) {}

    record NewWorkspace(
            @NotBlank @Size(max = 200) String name,

            @NotNull
            @Pattern(
                    regexp = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?",
                    message = "2 to 63 lower-case letters, digits and inner hyphens")
            String slug,

            @NotNull @Valid NewAdmin admin) {}

    record CreatedWorkspace(UUID id, String slug, UUID adminUserId) {}

    @Operation(operationId = "signUp", summary = "Create a workspace with its first administrator")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/workspaces")
    @Transactional
    ResponseEntity<CreatedWorkspace> create(@Valid @RequestBody NewWorkspace body) {
        if (properties.signup() == CustodiaProperties.Signup.CLOSED) {
            throw ApiProblem.forbiddenBecause("open sign-up is closed on this server (CUSTODIA_SIGNUP=closed)");
        }
        if (body.slug().length() < 2) {
            throw ApiProblem.invalid("slug", "2 to 63 lower-case letters, digits and inner hyphens");
        }
        passwordPolicy.require(
                "admin.password",
                body.admin().password(),
                body.admin().email(),
                body.admin().name(),
                body.slug(),
                body.name());
        UUID id = UUID.randomUUID();
        Tenancy.enter(id);
        if (!workspaces.create(id, body.slug(), body.name().strip())) {
            throw ApiProblem.conflict("the slug '{0}' is taken", body.slug());
        }
        UUID adminId = UUID.randomUUID();
        users.create(
                id,
                adminId,
                body.admin().email(),
                body.admin().name(),
                passwords.hash(body.admin().password()));
        // In the language of the request that makes it (the console's sign-up page, or Accept-Language).
        Map<String, UUID> templates = roles.installTemplates(id, LocaleContextHolder.getLocale());
        UUID assignment = roles.assignPersonally(id, templates.get(RoleTemplates.ADMINISTRATOR), adminId);
        AuditLog.Actor admin = new AuditLog.Actor(adminId, body.admin().name().strip());
        audit.record(
                id,
                admin,
                "workspace.created",
                "workspace",
                id,
                null,
                Map.of("slug", body.slug(), "name", body.name().strip()));
        audit.record(
                id,
                admin,
                "user.created",
                "user",
                adminId,
                null,
                Map.of("email", body.admin().email(), "name", body.admin().name()));
        audit.record(
                id,
                admin,
                "role_assignment.created",
                "role_assignment",
                assignment,
                null,
                Map.of("roleId", templates.get(RoleTemplates.ADMINISTRATOR), "userId", adminId));
        return ResponseEntity.created(URI.create("/api/v1/workspace"))
                .body(new CreatedWorkspace(id, body.slug(), adminId));
    }

    record WorkspaceView(UUID id, String slug, String name, ConflictRule conflictRule, TwoFactorPolicy twoFactor) {}

    @Operation(operationId = "getWorkspace", summary = "Get the caller's workspace")
    @GetMapping("/workspace")
    WorkspaceView get(@AuthenticationPrincipal CurrentUser me) {
        Workspaces.Summary s = workspaces.summary(me.workspaceId());
        return new WorkspaceView(s.id(), s.slug(), s.name(), s.conflictRule(), s.twoFactor());
    }

    /** Either setting or both; one left out stays as it is. */
    record WorkspaceChange(ConflictRule conflictRule, TwoFactorPolicy twoFactor) {}

    @Operation(
            operationId = "updateWorkspace",
            summary = "Change how the workspace resolves role conflicts, or whose sign-ins need a second factor")
    @PatchMapping("/workspace")
    @Transactional
    WorkspaceView update(@AuthenticationPrincipal CurrentUser me, @Valid @RequestBody WorkspaceChange change) {
        access.require(me, SystemPermission.WORKSPACE_MANAGE);
        if (change.conflictRule() == null && change.twoFactor() == null) {
            throw ApiProblem.invalid("conflictRule", "send conflictRule, twoFactor or both");
        }
        Workspaces.Summary before = workspaces.summary(me.workspaceId());
        Map<String, Object> was = new LinkedHashMap<>();
        Map<String, Object> is = new LinkedHashMap<>();
        if (change.conflictRule() != null) {
            workspaces.setConflictRule(me.workspaceId(), change.conflictRule());
            access.changed(me.workspaceId());
            was.put("conflictRule", before.conflictRule());
            is.put("conflictRule", change.conflictRule());
        }
        if (change.twoFactor() != null) {
            twoFactor.setPolicy(me.workspaceId(), change.twoFactor());
            was.put("twoFactor", before.twoFactor());
            is.put("twoFactor", change.twoFactor());
        }
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "workspace.settings.changed",
                "workspace",
                me.workspaceId(),
                was,
                is);
        return get(me);
    }
}
