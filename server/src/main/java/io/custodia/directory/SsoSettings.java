package io.custodia.directory;

import static io.custodia.platform.db.Tables.SSO_DOMAIN;
import static io.custodia.platform.db.Tables.WORKSPACE_SSO;

import io.custodia.platform.Tenancy;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Each workspace's single sign-on provider and the e-mail domains it maps (tables workspace_sso, sso_domain). */
@Repository
class SsoSettings {
    private final DSLContext db;

    SsoSettings(DSLContext db) {
        this.db = db;
    }

    /** A workspace's provider as stored: its client secret sealed ({@code platform.Sealing}). */
    record Stored(
            UUID workspaceId,
            String issuer,
            String clientId,
            byte[] sealedSecret,
            boolean passwordSignIn,
            boolean createUsers,
            UUID defaultRoleId,
            OffsetDateTime updatedAt,
            List<String> domains) {}

    Optional<Stored> of(UUID workspaceId) {
        List<String> domains = db
                .select(SSO_DOMAIN.DOMAIN)
                .from(SSO_DOMAIN)
                .where(SSO_DOMAIN.WORKSPACE_ID.eq(workspaceId))
                .fetch(SSO_DOMAIN.DOMAIN)
                .stream()
                .sorted() // in Java's order, as a configuration sent is sorted, whatever the database's collation
                .toList();
        return db.selectFrom(WORKSPACE_SSO)
                .where(WORKSPACE_SSO.WORKSPACE_ID.eq(workspaceId))
                .fetchOptional(r -> new Stored(
                        r.getWorkspaceId(),
                        r.getIssuer(),
                        r.getClientId(),
                        r.getClientSecret(),
                        r.getPasswordSignIn(),
                        r.getCreateUsers(),
                        r.getDefaultRoleId(),
                        r.getUpdatedAt(),
                        domains));
    }

    /** Whether the workspace's people (but its administrators) may not sign in with a password. */
    boolean passwordsOff(UUID workspaceId) {
        return db.fetchExists(
                WORKSPACE_SSO,
                WORKSPACE_SSO.WORKSPACE_ID.eq(workspaceId).and(WORKSPACE_SSO.PASSWORD_SIGN_IN.isFalse()));
    }

    /**
     * Saves the provider and its domains, replacing what was there. Answers a domain another
     * workspace maps, having saved nothing of the domains then (the caller rolls back).
     */
    Optional<String> save(Stored settings) {
        UUID ws = settings.workspaceId();
        var insert = db.insertInto(WORKSPACE_SSO)
                .set(WORKSPACE_SSO.WORKSPACE_ID, ws)
                .set(WORKSPACE_SSO.ISSUER, settings.issuer())
                .set(WORKSPACE_SSO.CLIENT_ID, settings.clientId())
                .set(WORKSPACE_SSO.CLIENT_SECRET, settings.sealedSecret())
                .set(WORKSPACE_SSO.PASSWORD_SIGN_IN, settings.passwordSignIn())
                .set(WORKSPACE_SSO.CREATE_USERS, settings.createUsers())
                .set(WORKSPACE_SSO.DEFAULT_ROLE_ID, settings.defaultRoleId())
                .set(WORKSPACE_SSO.UPDATED_AT, OffsetDateTime.now());
        insert.onConflict(WORKSPACE_SSO.WORKSPACE_ID)
                .doUpdate()
                .set(WORKSPACE_SSO.ISSUER, settings.issuer())
                .set(WORKSPACE_SSO.CLIENT_ID, settings.clientId())
                .set(WORKSPACE_SSO.CLIENT_SECRET, settings.sealedSecret())
                .set(WORKSPACE_SSO.PASSWORD_SIGN_IN, settings.passwordSignIn())
                .set(WORKSPACE_SSO.CREATE_USERS, settings.createUsers())
                .set(WORKSPACE_SSO.DEFAULT_ROLE_ID, settings.defaultRoleId())
                .set(WORKSPACE_SSO.UPDATED_AT, OffsetDateTime.now())
                .execute();
        // INVARIANT: a domain is mapped by one workspace only. Two workspaces claiming one domain at
        // once queue on its lock (in a fixed order, so they cannot deadlock), and the second sees the
        // first's row once it commits.
        for (String domain : settings.domains().stream().sorted().toList()) {
            db.select(DSL.field(
                            "pg_advisory_xact_lock(hashtextextended({0}, 0))", Object.class, "sso_domain:" + domain))
                    .fetch();
            boolean taken = Tenancy.acrossWorkspaces(() ->
                    db.fetchExists(SSO_DOMAIN, SSO_DOMAIN.DOMAIN.eq(domain).and(SSO_DOMAIN.WORKSPACE_ID.ne(ws))));
            if (taken) {
                return Optional.of(domain);
            }
        }
        db.deleteFrom(SSO_DOMAIN)
                .where(SSO_DOMAIN.WORKSPACE_ID.eq(ws))
                .and(SSO_DOMAIN.DOMAIN.notIn(settings.domains()))
                .execute();
        for (String domain : settings.domains()) {
            db.insertInto(SSO_DOMAIN)
                    .set(SSO_DOMAIN.WORKSPACE_ID, ws)
                    .set(SSO_DOMAIN.DOMAIN, domain)
                    .onConflictDoNothing()
                    .execute();
        }
        return Optional.empty();
    }

    /** Removes the workspace's provider and its domains; false when it had none. */
    boolean remove(UUID workspaceId) {
        db.deleteFrom(SSO_DOMAIN).where(SSO_DOMAIN.WORKSPACE_ID.eq(workspaceId)).execute();
        return db.deleteFrom(WORKSPACE_SSO)
                        .where(WORKSPACE_SSO.WORKSPACE_ID.eq(workspaceId))
                        .execute()
                == 1;
    }

    /** The workspace that maps this e-mail domain, if any: the one place single sign-on looks across workspaces. */
    Optional<UUID> workspaceOfDomain(String domain) {
        return Tenancy.acrossWorkspaces(() -> db.select(SSO_DOMAIN.WORKSPACE_ID)
                .from(SSO_DOMAIN)
                .where(SSO_DOMAIN.DOMAIN.eq(domain))
                .fetchOptional(SSO_DOMAIN.WORKSPACE_ID));
    }
}
