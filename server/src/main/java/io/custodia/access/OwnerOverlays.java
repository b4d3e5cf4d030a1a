package io.custodia.access;

import static io.custodia.platform.db.Tables.OWNER_OVERLAY;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * Offboarding's owner overlays (docs/access-model.md, "Offboarding"): while a person's records are
 * being moved to their successor, every read takes the successor as the owner of each record still
 * naming the person. Written in the offboarding request, removed in the transaction that moves the
 * last row; each change travels with the access version, so every node reads the records alike
 * from the next request on ({@link OwnerUnits.Keys#overlay}).
 */
@Repository
public class OwnerOverlays {
    private final DSLContext db;
    private final AccessPolicies policies;

    OwnerOverlays(DSLContext db, AccessPolicies policies) {
        this.db = db;
        this.policies = policies;
    }

    /**
     * From this transaction's commit on, the person's records are read as the successor's, until
     * {@link #end}. Replaces an overlay left by a stopped job of the person; the job is named for
     * whoever looks at the table.
     */
    // INVARIANT: the caller has refused chains (no overlay onto the person, none from the successor).
    public void begin(UUID workspaceId, UUID from, UUID to, UUID jobId) {
        db.insertInto(OWNER_OVERLAY)
                .set(OWNER_OVERLAY.WORKSPACE_ID, workspaceId)
                .set(OWNER_OVERLAY.FROM_USER, from)
                .set(OWNER_OVERLAY.TO_USER, to)
                .set(OWNER_OVERLAY.JOB_ID, jobId)
                .onConflict(OWNER_OVERLAY.WORKSPACE_ID, OWNER_OVERLAY.FROM_USER)
                .doUpdate()
                .set(OWNER_OVERLAY.TO_USER, to)
                .set(OWNER_OVERLAY.JOB_ID, jobId)
                .execute();
        policies.changed(workspaceId, new AccessChange.Overlay(from, to));
    }

    /**
     * Ends the overlay of the person onto this successor; call in the transaction that has moved
     * their last row to the successor (under the person's exclusive unit lock), so that no reader
     * sees a row of theirs without it. An overlay onto someone else (a later offboarding of the
     * person) stays: its own job ends it.
     */
    public void end(UUID workspaceId, UUID from, UUID to) {
        int ended = db.deleteFrom(OWNER_OVERLAY)
                .where(OWNER_OVERLAY.WORKSPACE_ID.eq(workspaceId))
                .and(OWNER_OVERLAY.FROM_USER.eq(from))
                .and(OWNER_OVERLAY.TO_USER.eq(to))
                .execute();
        if (ended == 1) {
            policies.changed(workspaceId, new AccessChange.Overlay(from, null));
        }
    }

    /** The successor the user's records are read as belonging to, if an overlay names the user. */
    public Optional<UUID> successorOf(UUID workspaceId, UUID userId) {
        return db.select(OWNER_OVERLAY.TO_USER)
                .from(OWNER_OVERLAY)
                .where(OWNER_OVERLAY.WORKSPACE_ID.eq(workspaceId))
                .and(OWNER_OVERLAY.FROM_USER.eq(userId))
                .fetchOptional(OWNER_OVERLAY.TO_USER);
    }

    /** Whether some person's records are read as this user's. */
    public boolean isSuccessor(UUID workspaceId, UUID userId) {
        return db.fetchExists(
                OWNER_OVERLAY, OWNER_OVERLAY.WORKSPACE_ID.eq(workspaceId).and(OWNER_OVERLAY.TO_USER.eq(userId)));
    }

    /** The workspace's overlays, person to successor. */
    Map<UUID, UUID> of(UUID workspaceId) {
        Map<UUID, UUID> overlay = new HashMap<>();
        db.select(OWNER_OVERLAY.FROM_USER, OWNER_OVERLAY.TO_USER)
                .from(OWNER_OVERLAY)
                .where(OWNER_OVERLAY.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> overlay.put(r.value1(), r.value2()));
        return overlay;
    }
}
