package io.custodia.integrations;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An app after registration (seed 000): edited, its secret rotated, deleted; each audited, each an
 * access change that every node sees on its next request.
 */
@Service
class AppLifecycle {
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(1);
    static final Duration LONGEST_OVERLAP = Duration.ofDays(7);

    private final Apps apps;
    private final Revocations revocations;
    private final Authorizations authorizations;
    private final Webhooks webhooks;
    private final AccessPolicies access;
    private final AuditLog audit;

    AppLifecycle(
            Apps apps,
            Revocations revocations,
            Authorizations authorizations,
            Webhooks webhooks,
            AccessPolicies access,
            AuditLog audit) {
        this.apps = apps;
        this.revocations = revocations;
        this.authorizations = authorizations;
        this.webhooks = webhooks;
        this.access = access;
        this.audit = audit;
    }

    /** The fields an edit sends; a null one stays as it is. */
    record Changes(String name, List<String> redirectUris, List<String> scopes) {}

    /** A new secret, shown this once, and until when the replaced one still works. */
    record Rotated(String clientSecret, OffsetDateTime previousSecretValidUntil) {}

    /**
     * Applies the changes. A scope taken off ends at once for every token and is gone from every
     * authorisation for good; a scope added (or put back) is held by no token until an administrator
     * consents again (Apps.App.narrow, Authorizations.afterEdit). A consent in progress or a code not
     * yet exchanged ends when a redirect URI or a scope is taken off. Nothing changed: no entry.
     */
    @Transactional
    Apps.App edit(WorkspacePrincipal me, UUID id, Changes changes) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        Apps.App app = live(me, id);
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (changes.name() != null && changes.name().isBlank()) {
            errors.add(new ApiProblem.FieldError("name", "must not be blank"));
        }
        AppRules.check(changes.redirectUris(), changes.scopes(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        String name = changes.name() == null ? app.name() : changes.name().strip();
        List<String> redirectUris = changes.redirectUris() == null
                ? app.redirectUris()
                : List.copyOf(new LinkedHashSet<>(changes.redirectUris()));
        List<String> scopes =
                changes.scopes() == null ? app.scopes() : List.copyOf(new LinkedHashSet<>(changes.scopes()));
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        differs(before, after, "name", app.name(), name);
        differs(before, after, "redirectUris", app.redirectUris(), redirectUris);
        differs(before, after, "scopes", app.scopes(), scopes);
        if (after.isEmpty()) {
            return app;
        }
        apps.update(me.workspaceId(), id, name, redirectUris, scopes);
        boolean narrowed = !scopes.containsAll(app.scopes()) || !redirectUris.containsAll(app.redirectUris());
        authorizations.afterEdit(me.workspaceId(), id, Set.copyOf(scopes), narrowed, me.principalId());
        access.changed(me.workspaceId());
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "integration.app.updated",
                "integration_app",
                id,
                before,
                after);
        return apps.find(me.workspaceId(), id).orElseThrow();
    }

    /**
     * A new secret; the replaced one keeps working for {@code overlap} (none: it stops now), so the
     * app can be given the new one without a gap. A secret replaced before stops at once.
     */
    @Transactional
    Rotated rotateSecret(WorkspacePrincipal me, UUID id, Duration overlap) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        live(me, id);
        String secret = IntegrationController.secret();
        OffsetDateTime until = OffsetDateTime.now().plus(overlap);
        apps.rotateSecret(me.workspaceId(), id, AppSecrets.INSTANCE.encode(secret), until);
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "integration.app.secret_rotated",
                "integration_app",
                id,
                null,
                Map.of("previousSecretValidUntil", until.toString()));
        return new Rotated(secret, until);
    }

    /**
     * Deletes the app: every authorisation ends (its access and refresh tokens with it, on every
     * node at the next request), its pending webhooks are not sent, and it is never found again.
     */
    @Transactional
    void delete(WorkspacePrincipal me, UUID id) {
        access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        Apps.App app = live(me, id);
        List<String> ended = revocations.revokeEveryOf(me.workspaceId(), id, me.principalId());
        webhooks.endPending(me.workspaceId(), id, "the app was deleted");
        apps.delete(me.workspaceId(), id, me.principalId());
        access.changed(me.workspaceId());
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("name", app.name());
        before.put("scopes", app.scopes());
        before.put("authorizationsEnded", ended);
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "integration.app.deleted",
                "integration_app",
                id,
                before,
                null);
    }

    private Apps.App live(WorkspacePrincipal me, UUID id) {
        return apps.lock(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("app {0}", id));
    }

    private static void differs(
            Map<String, Object> before, Map<String, Object> after, String key, Object was, Object is) {
        if (!was.equals(is)) {
            before.put(key, was);
            after.put(key, is);
        }
    }
}
