package io.custodia.integrations;

import static io.custodia.platform.db.Tables.INTEGRATION_AUTHORIZATION;
import static io.custodia.platform.db.Tables.RETIRED_REFRESH_TOKEN;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.directory.UserDeactivated;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How an app's authorisation ends: an administrator revokes it; the app gives a token back (either
 * one ends the whole grant); or a refresh token the grant has rotated away from comes back, which
 * means a copy is in someone else's hands (RFC 9700, 4.14.2). A revoked authorisation is never
 * found again, so all of its tokens stop at once.
 */
@Component
class Revocations {
    private final DSLContext db;
    private final Apps apps;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    Revocations(
            DSLContext db, Apps apps, AccessPolicies access, AuditLog audit, PlatformTransactionManager transactions) {
        this.db = db;
        this.apps = apps;
        this.access = access;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Revokes at once; false when there is no such live authorisation. */
    boolean revoke(UUID workspaceId, String id, UUID by) {
        return db.update(INTEGRATION_AUTHORIZATION)
                        .set(INTEGRATION_AUTHORIZATION.REVOKED_AT, OffsetDateTime.now())
                        .set(INTEGRATION_AUTHORIZATION.REVOKED_BY, by)
                        .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(workspaceId))
                        .and(INTEGRATION_AUTHORIZATION.ID.eq(id))
                        .and(INTEGRATION_AUTHORIZATION.CONSENTED_AT.isNotNull())
                        .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                        .execute()
                == 1;
    }

    /** Keeps a rotated refresh token's hash, and lets go of those older than any refresh token lives. */
    void retire(UUID ws, String authorizationId, String tokenHash) {
        db.insertInto(RETIRED_REFRESH_TOKEN)
                .set(RETIRED_REFRESH_TOKEN.WORKSPACE_ID, ws)
                .set(RETIRED_REFRESH_TOKEN.TOKEN_HASH, tokenHash)
                .set(RETIRED_REFRESH_TOKEN.AUTHORIZATION_ID, authorizationId)
                .onConflictDoNothing()
                .execute();
        db.deleteFrom(RETIRED_REFRESH_TOKEN)
                .where(RETIRED_REFRESH_TOKEN.WORKSPACE_ID.eq(ws))
                .and(RETIRED_REFRESH_TOKEN.AUTHORIZATION_ID.eq(authorizationId))
                .and(RETIRED_REFRESH_TOKEN.RETIRED_AT.lt(OffsetDateTime.now().minus(Apps.REFRESH_TOKEN_TTL)))
                .execute();
    }

    /**
     * A refresh token the grant has rotated away from, presented again by the app it was issued to:
     * a copy is in someone else's hands, and who holds which cannot be told, so the whole grant is
     * revoked at once (RFC 9700, 4.14.2). The refusal that follows is the authorisation server's.
     */
    void reusedRefreshToken(UUID ws, String tokenHash) {
        tx.executeWithoutResult(status -> db.select(INTEGRATION_AUTHORIZATION.ID, INTEGRATION_AUTHORIZATION.APP_ID)
                .from(RETIRED_REFRESH_TOKEN)
                .join(INTEGRATION_AUTHORIZATION)
                .on(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(RETIRED_REFRESH_TOKEN.WORKSPACE_ID))
                .and(INTEGRATION_AUTHORIZATION.ID.eq(RETIRED_REFRESH_TOKEN.AUTHORIZATION_ID))
                .where(RETIRED_REFRESH_TOKEN.WORKSPACE_ID.eq(ws))
                .and(RETIRED_REFRESH_TOKEN.TOKEN_HASH.eq(tokenHash))
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .forUpdate()
                .fetchOptional()
                .filter(r -> callingClient().equals(Optional.of(Apps.clientId(ws, r.value2()))))
                .ifPresent(r -> {
                    Apps.App app = apps.find(ws, r.value2()).orElseThrow();
                    if (revoke(ws, r.value1(), app.principalId())) {
                        revokedByApp(ws, app, r.value1(), "a rotated refresh token was used again");
                    }
                }));
    }

    /** Audits a grant the app's own doing ended, and lets every node's access see it. */
    void revokedByApp(UUID ws, Apps.App app, String authorizationId, String why) {
        revoked(ws, new AuditLog.Actor(app.principalId(), app.name()), app, authorizationId, why);
    }

    private void revoked(UUID ws, AuditLog.Actor by, Apps.App app, String authorizationId, String why) {
        audit.record(
                ws,
                by,
                "integration.revoked",
                "integration_app",
                app.id(),
                Map.of("authorizationId", authorizationId, "reason", why),
                null);
        access.changed(ws);
    }

    /** The registered id of the client calling the authorisation server, if a client is calling. */
    static Optional<String> callingClient() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        return caller instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null
                ? Optional.of(client.getRegisteredClient().getId())
                : Optional.empty();
    }

    /**
     * An app's principal was deactivated: its live authorisations end with it, so that reactivating
     * it brings no token back. Each revocation is audited, by whoever deactivated it.
     */
    @EventListener
    void principalDeactivated(UserDeactivated deactivated) {
        UUID ws = deactivated.workspaceId();
        apps.all(ws).stream()
                .filter(app -> app.principalId().equals(deactivated.userId()))
                .forEach(app -> liveOf(ws, app.id()).forEach(id -> {
                    revoke(ws, id, deactivated.by().id());
                    revoked(ws, deactivated.by(), app, id, "the app's user was deactivated");
                }));
    }

    /** The app's live authorisations, each one's id. */
    List<String> liveOf(UUID ws, UUID appId) {
        return db.select(INTEGRATION_AUTHORIZATION.ID)
                .from(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(ws))
                .and(INTEGRATION_AUTHORIZATION.APP_ID.eq(appId))
                .and(INTEGRATION_AUTHORIZATION.CONSENTED_AT.isNotNull())
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .orderBy(INTEGRATION_AUTHORIZATION.ID)
                .fetch(INTEGRATION_AUTHORIZATION.ID);
    }

    /**
     * Ends every authorisation of the app, consented or still at the consent page, so that no code
     * is exchanged and no token or refresh token works again; answers the consented ones ended.
     */
    List<String> revokeEveryOf(UUID ws, UUID appId, UUID by) {
        List<String> ended = liveOf(ws, appId);
        db.update(INTEGRATION_AUTHORIZATION)
                .set(INTEGRATION_AUTHORIZATION.REVOKED_AT, OffsetDateTime.now())
                .set(INTEGRATION_AUTHORIZATION.REVOKED_BY, by)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(ws))
                .and(INTEGRATION_AUTHORIZATION.APP_ID.eq(appId))
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .execute();
        return ended;
    }
}
