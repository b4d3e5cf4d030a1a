package io.custodia.access;

import static io.custodia.platform.db.Tables.WORKSPACE;

import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Each workspace's access version as this node knows it: what caches of a workspace's access facts
 * (compiled access, its custom fields) are keyed by. Every change of those facts bumps the version
 * in its transaction ({@link AccessPolicies#changed}), and every node hears of it when it commits.
 */
@Component
public class AccessVersions {
    private final DSLContext db;
    private final AccessChanges changes;

    AccessVersions(DSLContext db, AccessChanges changes) {
        this.db = db;
        this.changes = changes;
    }

    /**
     * The version to key a value read now by, or empty when this transaction changed the
     * workspace's access and may still roll back: such a value must not be kept for others.
     */
    public OptionalLong cacheable(UUID workspaceId) {
        return changedInThisTransaction(workspaceId) ? OptionalLong.empty() : OptionalLong.of(current(workspaceId));
    }

    /** The version, known without a query while this node listens for changes. */
    long current(UUID workspaceId) {
        Long known = changes.knownVersion(workspaceId);
        if (known != null) {
            return known;
        }
        Long version = db.select(WORKSPACE.ACCESS_VERSION)
                .from(WORKSPACE)
                .where(WORKSPACE.ID.eq(workspaceId))
                .fetchOne(WORKSPACE.ACCESS_VERSION);
        if (version == null) {
            throw new IllegalArgumentException("no workspace " + workspaceId);
        }
        changes.remember(workspaceId, version);
        return version;
    }

    /** Whether this transaction changed the workspace's access and may still roll back. */
    static boolean changedInThisTransaction(UUID workspaceId) {
        return TransactionSynchronizationManager.hasResource(changedKey(workspaceId));
    }

    /** The transaction resource that marks a change of the workspace's access in it. */
    static String changedKey(UUID workspaceId) {
        return "custodia.access.changed." + workspaceId;
    }
}
