package io.custodia.directory;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.AUTH_TOKEN;
import static io.custodia.platform.db.Tables.TOTP_FACTOR;
import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.CustodiaProperties;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspaceSecrets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/**
 * Opaque bearer tokens. A token names its workspace and carries 256 random bits; only its SHA-256
 * is stored. A request's token and its user are checked in the database, or in this node's
 * {@link SignInCache}, which every revocation and deactivation empties of the user on every node
 * when it commits, so revoking a token or deactivating its user stops it at the next request.
 */
@Service
public class Tokens {
    private static final String PREFIX = "cst_";

    private final DSLContext db;
    private final SignInCache cache;
    private final AccessPolicies access;
    private final Duration ttl;

    Tokens(DSLContext db, SignInCache cache, AccessPolicies access, CustodiaProperties properties) {
        this.db = db;
        this.cache = cache;
        this.access = access;
        this.ttl = properties.auth().tokenTtl();
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Who holds a token: an API client, the console's browser session signed in with a password, or
     * one signed in through the workspace's identity provider (whose second factor is the
     * provider's: the workspace's two-factor policy does not ask it).
     */
    enum Kind {
        API,
        CONSOLE,
        SSO;

        /** Whether the workspace's two-factor policy asks this kind of sign-in (the provider asks an SSO one). */
        boolean askedBySecondFactorPolicy() {
            return this != SSO;
        }

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Issues a new token for an API client of the user. */
    public String issue(UUID workspaceId, UUID userId) {
        return issue(workspaceId, userId, Kind.API);
    }

    /** Issues a new token for the user. */
    String issue(UUID workspaceId, UUID userId, Kind kind) {
        String token = WorkspaceSecrets.mint(PREFIX, workspaceId);
        db.insertInto(AUTH_TOKEN)
                .set(AUTH_TOKEN.WORKSPACE_ID, workspaceId)
                .set(AUTH_TOKEN.TOKEN_HASH, hash(token))
                .set(AUTH_TOKEN.USER_ID, userId)
                .set(AUTH_TOKEN.EXPIRES_AT, OffsetDateTime.now().plus(ttl))
                .set(AUTH_TOKEN.ID, UUID.randomUUID())
                .set(AUTH_TOKEN.KIND, kind.column())
                .execute();
        return token;
    }

    /**
     * The active user behind a live token, if any; read from the database unless this node knows it
     * ({@link SignInCache}). Whether it may only enrol a second factor is decided here at each
     * request, from the workspace's policy, the user's permissions as they stand now (a role gained
     * since the sign-in counts at once) and whether the user has a second factor.
     */
    public Optional<CurrentUser> authenticate(String token) {
        Optional<UUID> workspaceId = workspaceOf(token);
        if (workspaceId.isEmpty()) {
            return Optional.empty();
        }
        Tenancy.enter(workspaceId.get());
        String hash = hash(token);
        Optional<SignInCache.LiveSignIn> known = cache.cached(hash);
        if (known.isEmpty()) {
            known = read(workspaceId.get(), hash);
        }
        return known.map(s -> new CurrentUser(
                s.workspaceId(),
                s.userId(),
                s.email(),
                s.name(),
                s.kind().askedBySecondFactorPolicy()
                        && s.policy().limits(s.secondFactor(), p -> access.has(s.workspaceId(), s.userId(), p))));
    }

    private Optional<SignInCache.LiveSignIn> read(UUID workspaceId, String hash) {
        long generation = cache.generation();
        Field<Boolean> secondFactor = DSL.field(DSL.exists(DSL.selectOne()
                .from(TOTP_FACTOR)
                .where(TOTP_FACTOR.WORKSPACE_ID.eq(AUTH_TOKEN.WORKSPACE_ID))
                .and(TOTP_FACTOR.USER_ID.eq(AUTH_TOKEN.USER_ID))
                .and(TOTP_FACTOR.CONFIRMED_AT.isNotNull())));
        return db.select(
                        APP_USER.ID,
                        APP_USER.EMAIL,
                        APP_USER.NAME,
                        AUTH_TOKEN.EXPIRES_AT,
                        WORKSPACE.TWO_FACTOR,
                        secondFactor,
                        AUTH_TOKEN.KIND)
                .from(AUTH_TOKEN)
                .join(APP_USER)
                .on(APP_USER.WORKSPACE_ID.eq(AUTH_TOKEN.WORKSPACE_ID).and(APP_USER.ID.eq(AUTH_TOKEN.USER_ID)))
                .join(WORKSPACE)
                .on(WORKSPACE.ID.eq(AUTH_TOKEN.WORKSPACE_ID))
                .where(AUTH_TOKEN.WORKSPACE_ID.eq(workspaceId))
                .and(AUTH_TOKEN.TOKEN_HASH.eq(hash))
                .and(AUTH_TOKEN.REVOKED_AT.isNull())
                .and(AUTH_TOKEN.EXPIRES_AT.gt(OffsetDateTime.now()))
                .and(APP_USER.STATUS.eq("active"))
                .fetchOptional(r -> {
                    SignInCache.LiveSignIn signIn = new SignInCache.LiveSignIn(
                            workspaceId,
                            r.value1(),
                            r.value2(),
                            r.value3(),
                            TwoFactorPolicy.ofColumn(r.value5()),
                            r.value6(),
                            Kind.valueOf(r.value7().toUpperCase(Locale.ROOT)));
                    cache.keep(hash, signIn, r.value4(), generation);
                    return signIn;
                });
    }

    /** Until when a live token of this user lasts; empty when it is not one (revoked, expired, user deactivated). */
    public Optional<OffsetDateTime> validUntil(String token, UUID userId) {
        Optional<UUID> workspaceId = workspaceOf(token);
        if (workspaceId.isEmpty()) {
            return Optional.empty();
        }
        return Tenancy.in(
                workspaceId.get(),
                () -> db.select(AUTH_TOKEN.EXPIRES_AT)
                        .from(AUTH_TOKEN)
                        .join(APP_USER)
                        .on(APP_USER.WORKSPACE_ID.eq(AUTH_TOKEN.WORKSPACE_ID).and(APP_USER.ID.eq(AUTH_TOKEN.USER_ID)))
                        .where(AUTH_TOKEN.WORKSPACE_ID.eq(workspaceId.get()))
                        .and(AUTH_TOKEN.TOKEN_HASH.eq(hash(token)))
                        .and(AUTH_TOKEN.USER_ID.eq(userId))
                        .and(AUTH_TOKEN.REVOKED_AT.isNull())
                        .and(AUTH_TOKEN.EXPIRES_AT.gt(OffsetDateTime.now()))
                        .and(APP_USER.STATUS.eq("active"))
                        .fetchOptional(AUTH_TOKEN.EXPIRES_AT));
    }

    /** Revokes one token at once, and tells every node (in the same statement) that it ended. */
    public void revoke(String token) {
        // Also called outside any request's workspace (a browser signing out), so it enters its own.
        var revoked = DSL.name("revoked");
        Field<UUID> revokedUser = DSL.field(revoked.append(AUTH_TOKEN.USER_ID.getUnqualifiedName()), UUID.class);
        workspaceOf(token)
                .ifPresent(ws -> Tenancy.in(
                        ws,
                        () -> db.with(revoked)
                                .as(DSL.update(AUTH_TOKEN)
                                        .set(AUTH_TOKEN.REVOKED_AT, OffsetDateTime.now())
                                        .where(AUTH_TOKEN.WORKSPACE_ID.eq(ws))
                                        .and(AUTH_TOKEN.TOKEN_HASH.eq(hash(token)))
                                        .and(AUTH_TOKEN.REVOKED_AT.isNull())
                                        .returning(AUTH_TOKEN.USER_ID))
                                .select(revokedUser, SignInsEnded.notice(ws, revokedUser))
                                .from(DSL.table(revoked))
                                .fetch(revokedUser)
                                .forEach(userId -> cache.forgetWhenCommitted(ws, userId))));
    }

    /**
     * Ends every token of the user for good, sessions' tokens included, on every node when the
     * caller's transaction commits: a deactivation, or an administrator ending their sign-ins.
     * Tokens are revoked, not merely refused while the user is inactive, so reactivating brings none
     * back. Answers how many were live.
     */
    int revokeAll(UUID workspaceId, UUID userId) {
        cache.forgetWhenCommitted(workspaceId, userId);
        int live = db.update(AUTH_TOKEN)
                .set(AUTH_TOKEN.REVOKED_AT, OffsetDateTime.now())
                .where(AUTH_TOKEN.WORKSPACE_ID.eq(workspaceId))
                .and(AUTH_TOKEN.USER_ID.eq(userId))
                .and(AUTH_TOKEN.REVOKED_AT.isNull())
                .and(AUTH_TOKEN.EXPIRES_AT.gt(OffsetDateTime.now()))
                .execute();
        SignInsEnded.announce(db, workspaceId, userId);
        return live;
    }

    /** A live sign-in as an administrator sees it: never its token nor the token's hash. */
    record Session(UUID id, Kind kind, OffsetDateTime createdAt, OffsetDateTime expiresAt, boolean enrolmentOnly) {}

    /**
     * The user's live sign-ins, newest first; {@code enrolmentOnly} as it is now for the user, but
     * for sign-ins through the identity provider, which the two-factor policy does not ask.
     */
    List<Session> liveOf(UUID workspaceId, UUID userId, boolean enrolmentOnly) {
        return db.select(AUTH_TOKEN.ID, AUTH_TOKEN.KIND, AUTH_TOKEN.CREATED_AT, AUTH_TOKEN.EXPIRES_AT)
                .from(AUTH_TOKEN)
                .where(AUTH_TOKEN.WORKSPACE_ID.eq(workspaceId))
                .and(AUTH_TOKEN.USER_ID.eq(userId))
                .and(AUTH_TOKEN.REVOKED_AT.isNull())
                .and(AUTH_TOKEN.EXPIRES_AT.gt(OffsetDateTime.now()))
                .orderBy(AUTH_TOKEN.CREATED_AT.desc(), AUTH_TOKEN.ID)
                .fetch(r -> new Session(
                        r.value1(),
                        Kind.valueOf(r.value2().toUpperCase(Locale.ROOT)),
                        r.value3(),
                        r.value4(),
                        enrolmentOnly
                                && Kind.valueOf(r.value2().toUpperCase(Locale.ROOT))
                                        .askedBySecondFactorPolicy()));
    }

    /**
     * Every node reads the user's sign-ins from the database again once the caller's transaction
     * commits: their second factor was turned on or off, which decides what the sign-ins may do.
     */
    void readAgain(UUID workspaceId, UUID userId) {
        cache.forgetWhenCommitted(workspaceId, userId);
        SignInsEnded.announce(db, workspaceId, userId);
    }

    /** The workspace's two-factor policy changed: every node reads all its live sign-ins again. */
    void readAgainInWorkspace(UUID workspaceId) {
        db.selectDistinct(AUTH_TOKEN.USER_ID)
                .from(AUTH_TOKEN)
                .where(AUTH_TOKEN.WORKSPACE_ID.eq(workspaceId))
                .and(AUTH_TOKEN.REVOKED_AT.isNull())
                .and(AUTH_TOKEN.EXPIRES_AT.gt(OffsetDateTime.now()))
                .fetch(AUTH_TOKEN.USER_ID)
                .forEach(userId -> readAgain(workspaceId, userId));
    }

    private static Optional<UUID> workspaceOf(String token) {
        return WorkspaceSecrets.workspaceOf(PREFIX, token);
    }

    static String hash(String token) {
        return WorkspaceSecrets.sha256(token);
    }
}
