package io.custodia.scim;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
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
 * What an administrator ({@code users.manage}) sets up for SCIM: the workspace's tokens (created,
 * listed, revoked) and whether its Groups are departments or teams. Every change is audited. The
 * permission is checked before anything is looked up, so that nobody without it learns which ids
 * exist.
 */
@Tag(name = "SCIM")
@RestController
@RequestMapping("/api/v1")
class ScimAdministration {
    private final ScimTokens tokens;
    private final ScimSettings settings;
    private final AccessPolicies access;
    private final AuditLog audit;

    ScimAdministration(ScimTokens tokens, ScimSettings settings, AccessPolicies access, AuditLog audit) {
        this.tokens = tokens;
        this.settings = settings;
        this.access = access;
        this.audit = audit;
    }

    record NewToken(@Size(min = 1, max = 100) String name) {}

    /** A new token: the only answer that ever holds it. */
    record CreatedToken(UUID id, String name, String token, OffsetDateTime createdAt, UUID createdBy) {}

    record Tokens(List<ScimTokens.Listed> items) {}

    record Setting(@NotNull ScimSettings.GroupKind groups) {}

    @Operation(operationId = "createScimToken", summary = "Create a SCIM token for an identity provider (shown once)")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/scim-tokens")
    @Transactional
    ResponseEntity<CreatedToken> create(
            @AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody(required = false) NewToken body) {
        access.require(me, SystemPermission.USERS_MANAGE);
        String name = body == null || body.name() == null ? "SCIM" : body.name().strip();
        if (name.isEmpty()) {
            throw ApiProblem.invalid("name", "must not be blank");
        }
        ScimTokens.Issued issued = tokens.issue(me.workspaceId(), name, me.principalId());
        ScimTokens.Listed t = issued.token();
        audit.record(me.workspaceId(), AuditLog.Actor.of(me), "scim_token.created", "scim_token", t.id(), null, t);
        return ResponseEntity.created(URI.create("/api/v1/scim-tokens/" + t.id()))
                .body(new CreatedToken(t.id(), t.name(), issued.secret(), t.createdAt(), t.createdBy()));
    }

    @Operation(operationId = "listScimTokens", summary = "List the live SCIM tokens (never the tokens themselves)")
    @GetMapping("/scim-tokens")
    Tokens list(@AuthenticationPrincipal WorkspacePrincipal me) {
        access.require(me, SystemPermission.USERS_MANAGE);
        return new Tokens(tokens.live(me.workspaceId()));
    }

    @Operation(operationId = "revokeScimToken", summary = "Revoke a SCIM token at once")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/scim-tokens/{id}")
    @Transactional
    ResponseEntity<Void> revoke(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        access.require(me, SystemPermission.USERS_MANAGE);
        ScimTokens.Listed revoked =
                tokens.revoke(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("SCIM token {0}", id));
        audit.record(me.workspaceId(), AuditLog.Actor.of(me), "scim_token.revoked", "scim_token", id, revoked, null);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "getScimSettings", summary = "What SCIM Groups are: departments or teams")
    @GetMapping("/workspace/scim")
    Setting setting(@AuthenticationPrincipal WorkspacePrincipal me) {
        access.require(me, SystemPermission.USERS_MANAGE);
        return new Setting(settings.groups(me.workspaceId()));
    }

    @Operation(operationId = "putScimSettings", summary = "Choose whether SCIM Groups are departments or teams")
    @PutMapping("/workspace/scim")
    @Transactional
    Setting put(@AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody Setting body) {
        access.require(me, SystemPermission.USERS_MANAGE);
        ScimSettings.GroupKind before = settings.groups(me.workspaceId());
        if (before != body.groups()) {
            settings.setGroups(me.workspaceId(), body.groups());
            audit.record(
                    me.workspaceId(),
                    AuditLog.Actor.of(me),
                    "workspace.scim_groups.changed",
                    "workspace",
                    me.workspaceId(),
                    Map.of("groups", before),
                    Map.of("groups", body.groups()));
        }
        return body;
    }
}
