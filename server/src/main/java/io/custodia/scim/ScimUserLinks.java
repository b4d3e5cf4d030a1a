package io.custodia.scim;

import static io.custodia.platform.db.Tables.SCIM_USER;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * What SCIM keeps of a person beyond the directory: the identity provider's {@code externalId}, the
 * given and family names it sent (the directory keeps one name, so that a change of one of them
 * alone keeps the other), and whether SCIM deleted the person (who stays, deactivated, out of
 * SCIM's view).
 */
@Repository
class ScimUserLinks {
    private final DSLContext db;

    ScimUserLinks(DSLContext db) {
        this.db = db;
    }

    /** What is kept of one person (nulls where nothing is). */
    record Link(String externalId, String givenName, String familyName, boolean removed) {
        static final Link NONE = new Link(null, null, null, false);
    }

    Link of(UUID workspaceId, UUID userId) {
        return of(workspaceId, List.of(userId)).getOrDefault(userId, Link.NONE);
    }

    /** The links of these people, in one query (a page of users); a person without one is absent. */
    Map<UUID, Link> of(UUID workspaceId, Collection<UUID> userIds) {
        return db.select(
                        SCIM_USER.USER_ID,
                        SCIM_USER.EXTERNAL_ID,
                        SCIM_USER.GIVEN_NAME,
                        SCIM_USER.FAMILY_NAME,
                        SCIM_USER.REMOVED_AT)
                .from(SCIM_USER)
                .where(SCIM_USER.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_USER.USER_ID.in(userIds))
                .fetchMap(SCIM_USER.USER_ID, r -> new Link(r.value2(), r.value3(), r.value4(), r.value5() != null));
    }

    /** Keeps what the identity provider sent of the person and brings them back into SCIM's view. */
    void keep(UUID workspaceId, UUID userId, Link link) {
        db.insertInto(SCIM_USER)
                .set(SCIM_USER.WORKSPACE_ID, workspaceId)
                .set(SCIM_USER.USER_ID, userId)
                .set(SCIM_USER.EXTERNAL_ID, link.externalId())
                .set(SCIM_USER.GIVEN_NAME, link.givenName())
                .set(SCIM_USER.FAMILY_NAME, link.familyName())
                .onConflict(SCIM_USER.WORKSPACE_ID, SCIM_USER.USER_ID)
                .doUpdate()
                .set(SCIM_USER.EXTERNAL_ID, link.externalId())
                .set(SCIM_USER.GIVEN_NAME, link.givenName())
                .set(SCIM_USER.FAMILY_NAME, link.familyName())
                .setNull(SCIM_USER.REMOVED_AT)
                .execute();
    }

    /** The people SCIM deleted. */
    List<UUID> removed(UUID workspaceId) {
        return db.select(SCIM_USER.USER_ID)
                .from(SCIM_USER)
                .where(SCIM_USER.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_USER.REMOVED_AT.isNotNull())
                .fetch(SCIM_USER.USER_ID);
    }

    /** Takes the person out of SCIM's view. */
    void remove(UUID workspaceId, UUID userId) {
        db.insertInto(SCIM_USER)
                .set(SCIM_USER.WORKSPACE_ID, workspaceId)
                .set(SCIM_USER.USER_ID, userId)
                .set(SCIM_USER.REMOVED_AT, OffsetDateTime.now())
                .onConflict(SCIM_USER.WORKSPACE_ID, SCIM_USER.USER_ID)
                .doUpdate()
                .set(SCIM_USER.REMOVED_AT, OffsetDateTime.now())
                .execute();
    }

    /** The user whose externalId this is, among those in SCIM's view. */
    Optional<UUID> byExternalId(UUID workspaceId, String externalId) {
        return db.select(SCIM_USER.USER_ID)
                .from(SCIM_USER)
                .where(SCIM_USER.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_USER.EXTERNAL_ID.eq(externalId))
                .and(SCIM_USER.REMOVED_AT.isNull())
                .limit(1)
                .fetchOptional(SCIM_USER.USER_ID);
    }
}
