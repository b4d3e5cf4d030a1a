package io.custodia.integrations;

import static io.custodia.platform.db.Tables.INTEGRATION_AUTHORIZATION;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspacePrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The OAuth 2.0 authorisations, kept in PostgreSQL for the authorisation server, every node alike.
 * Each is found within its workspace: codes and tokens carry their workspace, and the consent
 * page's state is looked up while a signed-in user of that workspace is calling. Tokens are looked up by SHA-256. A revoked authorisation is never found,
 * so its tokens stop at once.
 */
@Repository
class Authorizations implements OAuth2AuthorizationService, OAuth2TokenGenerator<OAuth2Token> {
    private static final SecureRandom RANDOM = new SecureRandom();
    // Only what Spring Security and we put into an authorisation may come back out of the database.
    private static final ObjectInputFilter ALLOWED =
            ObjectInputFilter.Config.createFilter("java.**;org.springframework.security.**;io.custodia.**;!*");

    private final DSLContext db;
    private final Apps apps;
    private final Revocations revocations;
    private final AccessPolicies access;
    private final AuditLog audit;

    Authorizations(DSLContext db, Apps apps, Revocations revocations, AccessPolicies access, AuditLog audit) {
        this.db = db;
        this.apps = apps;
        this.revocations = revocations;
        this.access = access;
        this.audit = audit;
    }

    /** One authorisation as administrators see it. */
    record Granted(
            String id,
            UUID appId,
            Set<String> scopes,
            UUID consentedBy,
            OffsetDateTime consentedAt,
            OffsetDateTime revokedAt,
            UUID revokedBy) {}

    // ------------------------------------------------------------------ tokens

    /**
     * Codes, access tokens and refresh tokens that name their workspace: {@code <workspace>.<random>},
     * both base64url, so that each is found within its workspace, whoever presents it.
     */
    @Override
    public OAuth2Token generate(OAuth2TokenContext context) {
        UUID workspace = Apps.parse(context.getRegisteredClient().getId()).orElseThrow()[0];
        var settings = context.getRegisteredClient().getTokenSettings();
        Instant issuedAt = Instant.now();
        String type = context.getTokenType().getValue();
        if (OAuth2ParameterNames.CODE.equals(type)) {
            return new OAuth2AuthorizationCode(
                    value(workspace), issuedAt, issuedAt.plus(settings.getAuthorizationCodeTimeToLive()));
        }
        if (OAuth2TokenType.ACCESS_TOKEN.getValue().equals(type)) {
            return new OAuth2AccessToken(
                    OAuth2AccessToken.TokenType.BEARER,
                    value(workspace),
                    issuedAt,
                    issuedAt.plus(settings.getAccessTokenTimeToLive()),
                    context.getAuthorizedScopes());
        }
        if (OAuth2TokenType.REFRESH_TOKEN.getValue().equals(type)) {
            return new OAuth2RefreshToken(
                    value(workspace), issuedAt, issuedAt.plus(settings.getRefreshTokenTimeToLive()));
        }
        return null;
    }

    private static String value(UUID workspace) {
        ByteBuffer ws = ByteBuffer.allocate(16)
                .putLong(workspace.getMostSignificantBits())
                .putLong(workspace.getLeastSignificantBits());
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(ws.array()) + "." + b64.encodeToString(secret);
    }

    static Optional<UUID> workspaceOfToken(String token) {
        int dot = token.indexOf('.');
        if (dot != 22) {
            return Optional.empty();
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(token.substring(0, dot)));
            return Optional.of(new UUID(b.getLong(), b.getLong()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ the authorisation server's store

    /** Stores the authorisation; the first time it holds a code, its consent is audited in the same transaction. */
    @Override
    @Transactional
    public void save(OAuth2Authorization authorization) {
        UUID[] ids = Apps.parse(authorization.getRegisteredClientId()).orElseThrow();
        UUID ws = ids[0];
        Tenancy.enter(ws);
        var stored = db.select(
                        INTEGRATION_AUTHORIZATION.CONSENTED_AT,
                        INTEGRATION_AUTHORIZATION.REFRESH_TOKEN_HASH,
                        INTEGRATION_AUTHORIZATION.REVOKED_AT)
                .from(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(ws))
                .and(INTEGRATION_AUTHORIZATION.ID.eq(authorization.getId()))
                .fetchOptional();
        boolean consentedBefore = stored.map(r -> r.value1() != null).orElse(false);
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
        // Consent is given when the authorisation first holds a code: that is the moment to record.
        WorkspacePrincipal consenting = !consentedBefore && code != null ? consentingUser(authorization) : null;
        String scopes = String.join(" ", new TreeSet<>(authorization.getAuthorizedScopes()));
        Map<Field<?>, Object> values = new HashMap<>();
        values.put(INTEGRATION_AUTHORIZATION.APP_ID, ids[1]);
        values.put(INTEGRATION_AUTHORIZATION.SCOPES, scopes.isEmpty() ? null : scopes);
        values.put(INTEGRATION_AUTHORIZATION.STATE_HASH, hash(authorization.getAttribute(OAuth2ParameterNames.STATE)));
        values.put(INTEGRATION_AUTHORIZATION.CODE_HASH, hash(code));
        values.put(INTEGRATION_AUTHORIZATION.ACCESS_TOKEN_HASH, hash(authorization.getAccessToken()));
        values.put(INTEGRATION_AUTHORIZATION.REFRESH_TOKEN_HASH, hash(authorization.getRefreshToken()));
        values.put(INTEGRATION_AUTHORIZATION.DATA, serialise(authorization));
        values.put(INTEGRATION_AUTHORIZATION.UPDATED_AT, OffsetDateTime.now());
        // The app gave a token back (RFC 7009), or a code was used twice: the whole grant ends, its
        // refresh token with its access token, whichever of the two was named.
        boolean revokedByTheApp = stored.map(r -> r.value3() == null).orElse(false) && invalidated(authorization);
        Apps.App app = revokedByTheApp ? apps.find(ws, ids[1]).orElseThrow() : null;
        if (revokedByTheApp) {
            values.put(INTEGRATION_AUTHORIZATION.REVOKED_AT, OffsetDateTime.now());
            values.put(INTEGRATION_AUTHORIZATION.REVOKED_BY, app.principalId());
        }
        if (consenting != null) {
            values.put(INTEGRATION_AUTHORIZATION.CONSENTED_BY, consenting.principalId());
            values.put(INTEGRATION_AUTHORIZATION.CONSENTED_AT, OffsetDateTime.now());
        }
        db.insertInto(INTEGRATION_AUTHORIZATION)
                .set(INTEGRATION_AUTHORIZATION.WORKSPACE_ID, ws)
                .set(INTEGRATION_AUTHORIZATION.ID, authorization.getId())
                .set(values)
                .onConflict(INTEGRATION_AUTHORIZATION.WORKSPACE_ID, INTEGRATION_AUTHORIZATION.ID)
                .doUpdate()
                .set(values)
                .execute();
        String previousRefresh = stored.map(r -> r.value2()).orElse(null);
        if (previousRefresh != null
                && !previousRefresh.equals(values.get(INTEGRATION_AUTHORIZATION.REFRESH_TOKEN_HASH))) {
            revocations.retire(ws, authorization.getId(), previousRefresh);
        }
        if (revokedByTheApp) {
            revocations.revokedByApp(ws, app, authorization.getId(), "the app gave a token back");
        }
        if (consenting != null) {
            audit.record(
                    ws,
                    AuditLog.Actor.of(consenting),
                    "integration.authorized",
                    "integration_app",
                    ids[1],
                    null,
                    Map.of("authorizationId", authorization.getId(), "scopes", List.of(scopes.split(" "))));
            access.changed(ws);
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        Apps.parse(authorization.getRegisteredClientId())
                .ifPresent(ids -> Tenancy.in(
                        ids[0],
                        () -> db.deleteFrom(INTEGRATION_AUTHORIZATION)
                                .where(INTEGRATION_AUTHORIZATION
                                        .WORKSPACE_ID
                                        .eq(ids[0])
                                        .and(INTEGRATION_AUTHORIZATION.ID.eq(authorization.getId())))
                                .and(INTEGRATION_AUTHORIZATION.CONSENTED_AT.isNull())
                                .execute()));
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return callerWorkspace()
                .flatMap(ws -> find(ws, INTEGRATION_AUTHORIZATION.ID.eq(id)))
                .orElse(null);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType type) {
        Optional<UUID> ws = workspaceOfToken(token).or(this::callerWorkspace);
        if (ws.isEmpty()) {
            return null;
        }
        String hash = hash(token);
        Condition by;
        if (type == null) {
            by = INTEGRATION_AUTHORIZATION
                    .STATE_HASH
                    .eq(hash)
                    .or(INTEGRATION_AUTHORIZATION.CODE_HASH.eq(hash))
                    .or(INTEGRATION_AUTHORIZATION.ACCESS_TOKEN_HASH.eq(hash))
                    .or(INTEGRATION_AUTHORIZATION.REFRESH_TOKEN_HASH.eq(hash));
        } else if (OAuth2ParameterNames.STATE.equals(type.getValue())) {
            by = INTEGRATION_AUTHORIZATION.STATE_HASH.eq(hash);
        } else if (OAuth2ParameterNames.CODE.equals(type.getValue())) {
            by = INTEGRATION_AUTHORIZATION.CODE_HASH.eq(hash);
        } else if (OAuth2TokenType.ACCESS_TOKEN.equals(type)) {
            by = INTEGRATION_AUTHORIZATION.ACCESS_TOKEN_HASH.eq(hash);
        } else if (OAuth2TokenType.REFRESH_TOKEN.equals(type)) {
            by = INTEGRATION_AUTHORIZATION.REFRESH_TOKEN_HASH.eq(hash);
        } else {
            return null;
        }
        OAuth2Authorization found = find(ws.get(), by).orElse(null);
        if (found == null && (type == null || OAuth2TokenType.REFRESH_TOKEN.equals(type))) {
            revocations.reusedRefreshToken(ws.get(), hash);
        }
        return found;
    }

    private static boolean invalidated(OAuth2Authorization authorization) {
        var accessToken = authorization.getAccessToken();
        var refreshToken = authorization.getRefreshToken();
        return (accessToken != null && accessToken.isInvalidated())
                || (refreshToken != null && refreshToken.isInvalidated());
    }

    private Optional<OAuth2Authorization> find(UUID ws, Condition by) {
        Tenancy.enter(ws);
        return db.select(INTEGRATION_AUTHORIZATION.DATA)
                .from(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(ws))
                .and(by)
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .limit(1)
                .fetchOptional(r -> deserialise(r.value1()));
    }

    /** The workspace of whoever is calling the authorisation server: a client, or a signed-in user. */
    private Optional<UUID> callerWorkspace() {
        Optional<String> client = Revocations.callingClient();
        if (client.isPresent()) {
            return Apps.parse(client.get()).map(ids -> ids[0]);
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null && caller.getPrincipal() instanceof WorkspacePrincipal principal) {
            return Optional.of(principal.workspaceId());
        }
        return Optional.empty();
    }

    private static WorkspacePrincipal consentingUser(OAuth2Authorization authorization) {
        Object principal = authorization.getAttribute(Principal.class.getName());
        if (principal instanceof Authentication a && a.getPrincipal() instanceof WorkspacePrincipal p) {
            return p;
        }
        throw new IllegalStateException("an authorisation reached consent without a signed-in user");
    }

    // ------------------------------------------------------------------ for administrators and the API

    /** The live authorisation behind an access token, with its app, if the token is active. */
    Optional<Active> active(String accessToken) {
        Optional<UUID> ws = workspaceOfToken(accessToken);
        if (ws.isEmpty()) {
            return Optional.empty();
        }
        Tenancy.enter(ws.get());
        return db.select(INTEGRATION_AUTHORIZATION.ID, INTEGRATION_AUTHORIZATION.APP_ID, INTEGRATION_AUTHORIZATION.DATA)
                .from(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(ws.get()))
                .and(INTEGRATION_AUTHORIZATION.ACCESS_TOKEN_HASH.eq(hash(accessToken)))
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .fetchOptional()
                .flatMap(r -> {
                    OAuth2Authorization authorization = deserialise(r.value3());
                    var token = authorization.getAccessToken();
                    return token != null && token.isActive()
                            ? Optional.of(new Active(
                                    ws.get(), r.value1(), r.value2(), Set.copyOf(authorization.getAuthorizedScopes())))
                            : Optional.empty();
                });
    }

    /** An active access token's workspace, authorisation, app and scopes. */
    record Active(UUID workspaceId, String authorizationId, UUID appId, Set<String> scopes) {}

    /** Every consented authorisation of the workspace, newest first. */
    List<Granted> granted(UUID workspaceId) {
        return db.selectFrom(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(workspaceId))
                .and(INTEGRATION_AUTHORIZATION.CONSENTED_AT.isNotNull())
                .orderBy(INTEGRATION_AUTHORIZATION.CONSENTED_AT.desc(), INTEGRATION_AUTHORIZATION.ID)
                .fetch(r -> new Granted(
                        r.getId(),
                        r.getAppId(),
                        r.getScopes() == null
                                ? Set.of()
                                : new TreeSet<>(List.of(r.getScopes().split(" "))),
                        r.getConsentedBy(),
                        r.getConsentedAt(),
                        r.getRevokedAt(),
                        r.getRevokedBy()));
    }

    /** Who consented to a live authorisation of one of these apps. */
    /** The apps this user consented to a live authorisation of (deleted apps too; callers filter). */
    Set<UUID> liveConsentsOf(UUID workspaceId, UUID userId) {
        return new HashSet<>(db.selectDistinct(INTEGRATION_AUTHORIZATION.APP_ID)
                .from(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(workspaceId))
                .and(INTEGRATION_AUTHORIZATION.CONSENTED_BY.eq(userId))
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .fetch(INTEGRATION_AUTHORIZATION.APP_ID));
    }

    Set<UUID> authorisersOfLive(UUID workspaceId, Collection<UUID> appIds) {
        return new HashSet<>(db.selectDistinct(INTEGRATION_AUTHORIZATION.CONSENTED_BY)
                .from(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(workspaceId))
                .and(INTEGRATION_AUTHORIZATION.APP_ID.in(appIds))
                .and(INTEGRATION_AUTHORIZATION.CONSENTED_BY.isNotNull())
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .fetch(INTEGRATION_AUTHORIZATION.CONSENTED_BY));
    }

    /**
     * After an edit of the app. Each live authorisation keeps, for good, only the scopes the app
     * still has: a scope taken off and put back is held by none of them until an administrator
     * consents again (the tokens they issue, refreshed ones too, carry what the authorisation
     * holds). When the edit took a redirect URI or a scope off, a consent still in progress and a
     * code not yet exchanged end: they were asked for on the old terms.
     */
    void afterEdit(UUID ws, UUID appId, Set<String> scopes, boolean termsNarrowed, UUID by) {
        var live = db.select(
                        INTEGRATION_AUTHORIZATION.ID,
                        INTEGRATION_AUTHORIZATION.DATA,
                        INTEGRATION_AUTHORIZATION.ACCESS_TOKEN_HASH)
                .from(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(ws))
                .and(INTEGRATION_AUTHORIZATION.APP_ID.eq(appId))
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .forUpdate()
                .fetch();
        for (var row : live) {
            if (termsNarrowed && row.value3() == null) {
                db.update(INTEGRATION_AUTHORIZATION)
                        .set(INTEGRATION_AUTHORIZATION.REVOKED_AT, OffsetDateTime.now())
                        .set(INTEGRATION_AUTHORIZATION.REVOKED_BY, by)
                        .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(ws))
                        .and(INTEGRATION_AUTHORIZATION.ID.eq(row.value1()))
                        .execute();
                continue;
            }
            OAuth2Authorization authorization = deserialise(row.value2());
            Set<String> kept = new TreeSet<>(authorization.getAuthorizedScopes());
            kept.retainAll(scopes);
            if (kept.size() == authorization.getAuthorizedScopes().size()) {
                continue;
            }
            OAuth2Authorization narrowed = OAuth2Authorization.from(authorization)
                    .authorizedScopes(kept)
                    .build();
            db.update(INTEGRATION_AUTHORIZATION)
                    .set(INTEGRATION_AUTHORIZATION.DATA, serialise(narrowed))
                    .set(INTEGRATION_AUTHORIZATION.SCOPES, kept.isEmpty() ? null : String.join(" ", kept))
                    .set(INTEGRATION_AUTHORIZATION.UPDATED_AT, OffsetDateTime.now())
                    .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(ws))
                    .and(INTEGRATION_AUTHORIZATION.ID.eq(row.value1()))
                    .execute();
        }
    }

    /** The scopes each app holds through its live consented authorisations. */
    Map<UUID, Set<String>> liveScopes(UUID workspaceId) {
        Map<UUID, Set<String>> scopes = new HashMap<>();
        db.select(INTEGRATION_AUTHORIZATION.APP_ID, INTEGRATION_AUTHORIZATION.SCOPES)
                .from(INTEGRATION_AUTHORIZATION)
                .where(INTEGRATION_AUTHORIZATION.WORKSPACE_ID.eq(workspaceId))
                .and(INTEGRATION_AUTHORIZATION.CONSENTED_AT.isNotNull())
                .and(INTEGRATION_AUTHORIZATION.REVOKED_AT.isNull())
                .forEach(r -> {
                    Set<String> of = scopes.computeIfAbsent(r.value1(), k -> new TreeSet<>());
                    if (r.value2() != null) {
                        of.addAll(List.of(r.value2().split(" ")));
                    }
                });
        return scopes;
    }

    // ------------------------------------------------------------------ helpers

    private static String hash(Object token) {
        String value = token instanceof OAuth2Authorization.Token<?> t
                ? t.getToken().getTokenValue()
                : token instanceof OAuth2Token t ? t.getTokenValue() : (String) token;
        if (value == null) {
            return null;
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] serialise(OAuth2Authorization authorization) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(authorization);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store an authorisation: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static OAuth2Authorization deserialise(byte[] data) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(ALLOWED);
            return (OAuth2Authorization) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a stored authorisation: " + e.getMessage(), e);
        }
    }
}
