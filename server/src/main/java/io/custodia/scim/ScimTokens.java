package io.custodia.scim;

import static io.custodia.platform.db.Tables.SCIM_TOKEN;

import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspaceSecrets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * The workspace tokens identity providers call SCIM with. A token names its workspace and carries
 * 256 random bits; only its SHA-256 is stored. Nothing caches them: every request reads the token's
 * row, so a revocation stops it on every node at the next request.
 */
@Repository
class ScimTokens {
    private static final String PREFIX = "scim_";

    private final DSLContext db;

    ScimTokens(DSLContext db) {
        this.db = db;
    }

    /** A token as an administrator sees it: never the token nor its hash. */
    record Listed(UUID id, String name, OffsetDateTime createdAt, UUID createdBy) {}

    /** A new token, shown this once. */
    record Issued(Listed token, String secret) {}

    Issued issue(UUID workspaceId, String name, UUID createdBy) {
        String token = WorkspaceSecrets.mint(PREFIX, workspaceId);
        UUID id = UUID.randomUUID();
        OffsetDateTime at = db.insertInto(SCIM_TOKEN)
                .set(SCIM_TOKEN.WORKSPACE_ID, workspaceId)
                .set(SCIM_TOKEN.ID, id)
                .set(SCIM_TOKEN.NAME, name)
                .set(SCIM_TOKEN.TOKEN_HASH, WorkspaceSecrets.sha256(token))
                .set(SCIM_TOKEN.CREATED_BY, createdBy)
                .returning(SCIM_TOKEN.CREATED_AT)
                .fetchSingle(SCIM_TOKEN.CREATED_AT);
        return new Issued(new Listed(id, name, at, createdBy), token);
    }

    /** The live tokens, newest first. */
    List<Listed> live(UUID workspaceId) {
        return db.select(SCIM_TOKEN.ID, SCIM_TOKEN.NAME, SCIM_TOKEN.CREATED_AT, SCIM_TOKEN.CREATED_BY)
                .from(SCIM_TOKEN)
                .where(SCIM_TOKEN.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_TOKEN.REVOKED_AT.isNull())
                .orderBy(SCIM_TOKEN.CREATED_AT.desc(), SCIM_TOKEN.ID)
                .fetch(r -> new Listed(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Revokes a live token; answers it, or empty when there is no such live token. */
    Optional<Listed> revoke(UUID workspaceId, UUID id) {
        return db.update(SCIM_TOKEN)
                .set(SCIM_TOKEN.REVOKED_AT, OffsetDateTime.now())
                .where(SCIM_TOKEN.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_TOKEN.ID.eq(id))
                .and(SCIM_TOKEN.REVOKED_AT.isNull())
                .returning(SCIM_TOKEN.ID, SCIM_TOKEN.NAME, SCIM_TOKEN.CREATED_AT, SCIM_TOKEN.CREATED_BY)
                .fetchOptional(r -> new Listed(r.getId(), r.getName(), r.getCreatedAt(), r.getCreatedBy()));
    }

    /** The client behind a live token, entering its workspace; empty for anything else. */
    Optional<ScimClient> authenticate(String token) {
        Optional<UUID> workspaceId = WorkspaceSecrets.workspaceOf(PREFIX, token);
        if (workspaceId.isEmpty()) {
            return Optional.empty();
        }
        Tenancy.enter(workspaceId.get());
        return db.select(SCIM_TOKEN.ID, SCIM_TOKEN.NAME)
                .from(SCIM_TOKEN)
                .where(SCIM_TOKEN.WORKSPACE_ID.eq(workspaceId.get()))
                .and(SCIM_TOKEN.TOKEN_HASH.eq(WorkspaceSecrets.sha256(token)))
                .and(SCIM_TOKEN.REVOKED_AT.isNull())
                .fetchOptional(r -> new ScimClient(workspaceId.get(), r.value1(), r.value2()));
    }
}
