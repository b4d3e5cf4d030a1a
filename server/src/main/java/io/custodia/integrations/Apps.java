package io.custodia.integrations;

import static io.custodia.platform.db.Tables.INTEGRATION_APP;

import io.custodia.platform.Tenancy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Repository;

/**
 * The workspace's registered apps, which are the authorisation server's clients. A client id is
 * {@code <workspace>.<app>}, so every lookup the authorisation server makes stays within one
 * workspace. Apps use the authorisation code flow with PKCE and opaque tokens that can be revoked
 * at once; they are asked for consent every time.
 */
@Repository
class Apps implements RegisteredClientRepository {
    static final Duration ACCESS_TOKEN_TTL = Duration.ofHours(1);
    static final Duration REFRESH_TOKEN_TTL = Duration.ofDays(30);

    private final DSLContext db;

    Apps(DSLContext db) {
        this.db = db;
    }

    record App(
            UUID workspaceId,
            UUID id,
            String name,
            List<String> redirectUris,
            List<String> scopes,
            String webhookUrl,
            UUID principalId,
            UUID createdBy,
            OffsetDateTime createdAt) {
        String clientId() {
            return Apps.clientId(workspaceId, id);
        }

        /**
         * What an authorisation consented to that the app still has: a scope taken off the app stops
         * at once; one added to it waits for a new consent, since none of these holds it.
         */
        // INVARIANT: never more than was consented; editing an app's scopes never widens a token.
        Set<String> narrow(Collection<String> consented) {
            Set<String> held = new TreeSet<>(consented);
            held.retainAll(scopes);
            return held;
        }
    }

    static String clientId(UUID workspaceId, UUID appId) {
        return workspaceId + "." + appId;
    }

    /** The workspace and app of a client id, if it is one of ours. */
    static Optional<UUID[]> parse(String clientId) {
        if (clientId == null || clientId.length() != 73 || clientId.charAt(36) != '.') {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new UUID[] {UUID.fromString(clientId.substring(0, 36)), UUID.fromString(clientId.substring(37))});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    void create(App app, String secretHash, String webhookSecret) {
        db.insertInto(INTEGRATION_APP)
                .set(INTEGRATION_APP.WORKSPACE_ID, app.workspaceId())
                .set(INTEGRATION_APP.ID, app.id())
                .set(INTEGRATION_APP.NAME, app.name())
                .set(INTEGRATION_APP.CLIENT_SECRET_HASH, secretHash)
                .set(INTEGRATION_APP.REDIRECT_URIS, String.join("\n", app.redirectUris()))
                .set(INTEGRATION_APP.SCOPES, String.join(" ", app.scopes()))
                .set(INTEGRATION_APP.WEBHOOK_URL, app.webhookUrl())
                .set(INTEGRATION_APP.WEBHOOK_SECRET, webhookSecret)
                .set(INTEGRATION_APP.PRINCIPAL_ID, app.principalId())
                .set(INTEGRATION_APP.CREATED_BY, app.createdBy())
                .execute();
    }

    // INVARIANT: a deleted app is never found, so no token, refresh, consent or webhook of it works.
    private static Condition live(UUID workspaceId, UUID id) {
        return INTEGRATION_APP
                .WORKSPACE_ID
                .eq(workspaceId)
                .and(INTEGRATION_APP.ID.eq(id))
                .and(INTEGRATION_APP.DELETED_AT.isNull());
    }

    Optional<App> find(UUID workspaceId, UUID id) {
        return db.selectFrom(INTEGRATION_APP).where(live(workspaceId, id)).fetchOptional(Apps::app);
    }

    /**
     * The live app, its row locked until the transaction ends, so that an edit and a deletion take
     * turns. FOR NO KEY UPDATE: the sync log's rows reference the app, and a call recorded meanwhile
     * (its key-share lock) must not wait, or a deletion and the webhook sender deadlock (AppLocksTest).
     */
    Optional<App> lock(UUID workspaceId, UUID id) {
        return db.selectFrom(INTEGRATION_APP)
                .where(live(workspaceId, id))
                .forNoKeyUpdate()
                .fetchOptional(Apps::app);
    }

    List<App> all(UUID workspaceId) {
        return db.selectFrom(INTEGRATION_APP)
                .where(INTEGRATION_APP.WORKSPACE_ID.eq(workspaceId))
                .and(INTEGRATION_APP.DELETED_AT.isNull())
                .orderBy(INTEGRATION_APP.NAME, INTEGRATION_APP.ID)
                .fetch(Apps::app);
    }

    /** The secret an app's webhooks are signed with. */
    Optional<String> webhookSecret(UUID workspaceId, UUID id) {
        return db.select(INTEGRATION_APP.WEBHOOK_SECRET)
                .from(INTEGRATION_APP)
                .where(live(workspaceId, id))
                .fetchOptional(INTEGRATION_APP.WEBHOOK_SECRET);
    }

    void update(UUID workspaceId, UUID id, String name, List<String> redirectUris, List<String> scopes) {
        db.update(INTEGRATION_APP)
                .set(INTEGRATION_APP.NAME, name)
                .set(INTEGRATION_APP.REDIRECT_URIS, String.join("\n", redirectUris))
                .set(INTEGRATION_APP.SCOPES, String.join(" ", scopes))
                .where(live(workspaceId, id))
                .execute();
    }

    /**
     * A new secret; the one it replaces keeps authenticating the app until {@code previousUntil}
     * (now or earlier: never again). A secret replaced before is forgotten.
     */
    void rotateSecret(UUID workspaceId, UUID id, String secretHash, OffsetDateTime previousUntil) {
        db.update(INTEGRATION_APP)
                .set(INTEGRATION_APP.PREVIOUS_SECRET_HASH, INTEGRATION_APP.CLIENT_SECRET_HASH)
                .set(INTEGRATION_APP.PREVIOUS_SECRET_UNTIL, previousUntil)
                .set(INTEGRATION_APP.CLIENT_SECRET_HASH, secretHash)
                .where(live(workspaceId, id))
                .execute();
    }

    /** Until when the replaced secret still works, if one does now. */
    Optional<OffsetDateTime> previousSecretUntil(UUID workspaceId, UUID id) {
        return db.select(INTEGRATION_APP.PREVIOUS_SECRET_UNTIL)
                .from(INTEGRATION_APP)
                .where(live(workspaceId, id))
                .and(INTEGRATION_APP.PREVIOUS_SECRET_UNTIL.gt(DSL.currentOffsetDateTime()))
                .fetchOptional(INTEGRATION_APP.PREVIOUS_SECRET_UNTIL);
    }

    /** Marks the app deleted; its row stays for the sync log and the authorisations' history. */
    void delete(UUID workspaceId, UUID id, UUID by) {
        db.update(INTEGRATION_APP)
                .set(INTEGRATION_APP.DELETED_AT, OffsetDateTime.now())
                .set(INTEGRATION_APP.DELETED_BY, by)
                .set(INTEGRATION_APP.PREVIOUS_SECRET_HASH, (String) null)
                .set(INTEGRATION_APP.PREVIOUS_SECRET_UNTIL, (OffsetDateTime) null)
                .where(live(workspaceId, id))
                .execute();
    }

    /**
     * Whether the administrators are to be told now that the app's calls fail: true at most once
     * an hour per app, whichever node asks (the row's update decides).
     */
    boolean claimFailureNotice(UUID workspaceId, UUID id) {
        return db.update(INTEGRATION_APP)
                        .set(INTEGRATION_APP.FAILURES_TOLD_AT, OffsetDateTime.now())
                        .where(live(workspaceId, id))
                        .and(INTEGRATION_APP
                                .FAILURES_TOLD_AT
                                .isNull()
                                .or(INTEGRATION_APP.FAILURES_TOLD_AT.le(
                                        OffsetDateTime.now().minusHours(1))))
                        .execute()
                == 1;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("apps are registered through POST /api/v1/integrations/apps");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return parse(clientId)
                .flatMap(ids -> {
                    // An OAuth request works for the workspace of the app it names.
                    Tenancy.enter(ids[0]);
                    return db.select(INTEGRATION_APP.asterisk(), previousSecretNow())
                            .from(INTEGRATION_APP)
                            .where(live(ids[0], ids[1]))
                            .fetchOptional(r -> client(
                                    app(r),
                                    AppSecrets.both(
                                            r.get(INTEGRATION_APP.CLIENT_SECRET_HASH),
                                            r.get(PREVIOUS_SECRET_NOW, String.class))));
                })
                .orElse(null);
    }

    private static final String PREVIOUS_SECRET_NOW = "previous_secret_now";

    // INVARIANT: the replaced secret is offered to the check only while its window is open, by the
    // database's clock, on every lookup: after the window it authenticates nothing.
    private static Field<String> previousSecretNow() {
        return DSL.when(
                        INTEGRATION_APP.PREVIOUS_SECRET_UNTIL.gt(DSL.currentOffsetDateTime()),
                        INTEGRATION_APP.PREVIOUS_SECRET_HASH)
                .as(PREVIOUS_SECRET_NOW);
    }

    private static RegisteredClient client(App app, String secretHash) {
        return RegisteredClient.withId(app.clientId())
                .clientId(app.clientId())
                .clientSecret(secretHash)
                .clientName(app.name())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(app.redirectUris()))
                .scopes(scopes -> scopes.addAll(app.scopes()))
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(true)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.REFERENCE)
                        .accessTokenTimeToLive(ACCESS_TOKEN_TTL)
                        .refreshTokenTimeToLive(REFRESH_TOKEN_TTL)
                        .reuseRefreshTokens(false)
                        .build())
                .build();
    }

    private static App app(Record r) {
        var a = r.into(INTEGRATION_APP);
        return new App(
                a.getWorkspaceId(),
                a.getId(),
                a.getName(),
                Arrays.asList(a.getRedirectUris().split("\n")),
                Arrays.asList(a.getScopes().split(" ")),
                a.getWebhookUrl(),
                a.getPrincipalId(),
                a.getCreatedBy(),
                a.getCreatedAt());
    }
}
