package io.custodia.integrations;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Apps, their authorisations and their sync log, for holders of {@code integrations.manage}; audited. */
@Tag(name = "Integrations")
@RestController
@RequestMapping("/api/v1/integrations")
class IntegrationController {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Apps apps;
    private final Authorizations authorizations;
    private final Revocations revocations;
    private final SyncLog syncLog;
    private final Webhooks webhooks;
    private final WebhookTargets webhookTargets;
    private final Users users;
    private final AccessPolicies access;
    private final AuditLog audit;

    private final Cursors cursors;

    IntegrationController(
            Cursors cursors,
            Apps apps,
            Authorizations authorizations,
            Revocations revocations,
            SyncLog syncLog,
            Webhooks webhooks,
            WebhookTargets webhookTargets,
            Users users,
            AccessPolicies access,
            AuditLog audit) {
        this.cursors = cursors;
        this.apps = apps;
        this.authorizations = authorizations;
        this.revocations = revocations;
        this.syncLog = syncLog;
        this.webhooks = webhooks;
        this.webhookTargets = webhookTargets;
        this.users = users;
        this.access = access;
        this.audit = audit;
    }

    record NewApp(
            @NotBlank @Size(max = 200) String name,
            @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 400) String> redirectUris,
            @NotEmpty List<@NotBlank String> scopes,
            @Size(max = 2000) String webhookUrl) {}

    record AppView(
            UUID id,
            String clientId,
            String name,
            List<String> redirectUris,
            List<String> scopes,
            String webhookUrl,
            UUID principalId,
            OffsetDateTime createdAt) {
        static AppView of(Apps.App a) {
            return new AppView(
                    a.id(),
                    a.clientId(),
                    a.name(),
                    a.redirectUris(),
                    a.scopes(),
                    a.webhookUrl(),
                    a.principalId(),
                    a.createdAt());
        }
    }

    /** The one time the secrets are shown. */
    record Created(
            UUID id,
            String clientId,
            String clientSecret,
            String webhookSecret,
            String name,
            List<String> redirectUris,
            List<String> scopes,
            UUID principalId) {}

    @Operation(operationId = "registerApp", summary = "Register an app")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/apps")
    @Transactional
    ResponseEntity<Created> create(@AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody NewApp body) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        AppRules.check(body.redirectUris(), body.scopes(), errors);
        if (body.webhookUrl() != null) {
            webhookTargets
                    .problem(body.webhookUrl())
                    .ifPresent(problem -> errors.add(new ApiProblem.FieldError("webhookUrl", problem)));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        UUID id = UUID.randomUUID();
        UUID principal = users.createIntegration(me.workspaceId(), id, body.name());
        String secret = secret();
        String webhookSecret = body.webhookUrl() == null ? null : WebhookSignatures.newSecret();
        Apps.App app = new Apps.App(
                me.workspaceId(),
                id,
                body.name().strip(),
                List.copyOf(new LinkedHashSet<>(body.redirectUris())),
                List.copyOf(new LinkedHashSet<>(body.scopes())),
                body.webhookUrl(),
                principal,
                me.principalId(),
                null);
        apps.create(app, AppSecrets.INSTANCE.encode(secret), webhookSecret);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("name", app.name());
        after.put("redirectUris", app.redirectUris());
        after.put("scopes", app.scopes());
        after.put("webhookUrl", app.webhookUrl());
        audit.record(
                me.workspaceId(), AuditLog.Actor.of(me), "integration.app.created", "integration_app", id, null, after);
        return ResponseEntity.created(URI.create("/api/v1/integrations/apps/" + id))
                .body(new Created(
                        id,
                        app.clientId(),
                        secret,
                        webhookSecret,
                        app.name(),
                        app.redirectUris(),
                        app.scopes(),
                        principal));
    }

    @Operation(operationId = "listApps", summary = "List apps")
    @GetMapping("/apps")
    Map<String, List<AppView>> list(@AuthenticationPrincipal WorkspacePrincipal me) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        return Map.of(
                "items", apps.all(me.workspaceId()).stream().map(AppView::of).toList());
    }

    /** Who authorised which app with which scopes and when, and which authorisations were revoked. */
    @Operation(operationId = "listAuthorizations", summary = "List apps' authorisations")
    @GetMapping("/authorizations")
    Map<String, List<Authorizations.Granted>> authorizations(@AuthenticationPrincipal WorkspacePrincipal me) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        return Map.of("items", authorizations.granted(me.workspaceId()));
    }

    /** Revokes at once: the authorisation's tokens stop working on the next call, on every node. */
    @Operation(operationId = "revokeAuthorization", summary = "Revoke an app's authorisation")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/authorizations/{id}")
    @Transactional
    ResponseEntity<Void> revoke(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String id) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        Authorizations.Granted granted = authorizations.granted(me.workspaceId()).stream()
                .filter(g -> g.id().equals(id) && g.revokedAt() == null)
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("live authorisation {0}", id));
        revocations.revoke(me.workspaceId(), id, me.principalId());
        access.changed(me.workspaceId());
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "integration.revoked",
                "integration_app",
                granted.appId(),
                Map.of("authorizationId", id, "scopes", granted.scopes()),
                null);
        return ResponseEntity.noContent().build();
    }

    /** Webhook deliveries newest first, with their state, attempts and last outcome. */
    @Operation(operationId = "listWebhookDeliveries", summary = "List webhook deliveries")
    @GetMapping("/webhook-deliveries")
    Map<String, List<Webhooks.Delivery>> deliveries(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam(required = false) UUID appId,
            @RequestParam(required = false) Integer limit) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        return Map.of("items", webhooks.deliveries(me.workspaceId(), appId, Cursors.limit(limit)));
    }

    @Operation(operationId = "listSyncLog", summary = "List an app's calls (the sync log)")
    @GetMapping("/sync-log")
    Cursors.Page<SyncLog.Call> syncLog(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam(required = false) UUID appId,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        Set<String> outcomes = SyncLog.outcomes(outcome);
        int size = Cursors.limit(limit);
        Cursors.TimeAndId after = cursors.timeAndId(cursor);
        List<SyncLog.Call> page = syncLog.page(me.workspaceId(), appId, outcomes, after, size + 1);
        boolean more = page.size() > size;
        List<SyncLog.Call> shown = more ? page.subList(0, size) : page;
        String next = more
                ? cursors.encode(new Cursors.TimeAndId(
                        shown.get(shown.size() - 1).at(),
                        shown.get(shown.size() - 1).id()))
                : null;
        return new Cursors.Page<>(shown, next);
    }

    static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
