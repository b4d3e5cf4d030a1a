package io.custodia.integrations;

import static io.custodia.platform.db.Tables.INTEGRATION_APP;

import io.custodia.platform.Tenancy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
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

    Optional<App> find(UUID workspaceId, UUID id) {
        return db.selectFrom(INTEGRATION_APP)
                .where(INTEGRATION_APP.WORKSPACE_ID.eq(workspaceId).and(INTEGRATION_APP.ID.eq(id)))
                .fetchOptional(Apps::app);
    }

    List<App> all(UUID workspaceId) {
        return db.selectFrom(INTEGRATION_APP)
                .where(INTEGRATION_APP.WORKSPACE_ID.eq(workspaceId))
                .orderBy(INTEGRATION_APP.NAME, INTEGRATION_APP.ID)
                .fetch(Apps::app);
    }

    /** The secret an app's webhooks are signed with. */
    Optional<String> webhookSecret(UUID workspaceId, UUID id) {
        return db.select(INTEGRATION_APP.WEBHOOK_SECRET)
                .from(INTEGRATION_APP)
                .where(INTEGRATION_APP.WORKSPACE_ID.eq(workspaceId).and(INTEGRATION_APP.ID.eq(id)))
                .fetchOptional(INTEGRATION_APP.WEBHOOK_SECRET);
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
                    return db.selectFrom(INTEGRATION_APP)
                            .where(INTEGRATION_APP.WORKSPACE_ID.eq(ids[0]).and(INTEGRATION_APP.ID.eq(ids[1])))
                            .fetchOptional(r -> client(app(r), r.get(INTEGRATION_APP.CLIENT_SECRET_HASH)));
                })
                .orElse(null);
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
