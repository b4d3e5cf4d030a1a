package io.custodia.access;

import io.custodia.platform.DatabaseListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Every node's view of each workspace's access version, kept current by PostgreSQL
 * {@code LISTEN/NOTIFY}: a change notifies {@code custodia_access} in its transaction, and every
 * node listening learns the new version when it commits. While the listening connection is down,
 * nothing is known and every request reads the version from the database instead, so a lost
 * notification can delay nothing.
 */
@Component
class AccessChanges extends DatabaseListener {
    static final String CHANNEL = "custodia_access";

    private static final int KEPT_CHANGES = 256;

    private final Map<UUID, Long> versions = new ConcurrentHashMap<>();
    /** The last changes heard per workspace, by version, for caches one or a few versions behind. */
    private final Map<UUID, ConcurrentSkipListMap<Long, AccessChange>> changes = new ConcurrentHashMap<>();

    private volatile boolean listening;

    AccessChanges(DataSource dataSource) {
        super(dataSource, CHANNEL);
    }

    /** The version this node knows, or null when it must ask the database. */
    Long knownVersion(UUID workspaceId) {
        return listening ? versions.get(workspaceId) : null;
    }

    /** Records a version read or written by this node; versions only grow. */
    void remember(UUID workspaceId, long version) {
        if (listening) {
            versions.merge(workspaceId, version, Math::max);
        }
    }

    /** Records a version this node wrote and what it changed. */
    void remember(UUID workspaceId, long version, AccessChange change) {
        if (listening) {
            keep(workspaceId, version, change);
            versions.merge(workspaceId, version, Math::max);
        }
    }

    /**
     * What every version after {@code from} up to {@code to} changed, in order, when this node
     * heard all of them; empty when any is missing (the caller then reads the workspace again).
     */
    Optional<List<AccessChange>> changesBetween(UUID workspaceId, long from, long to) {
        var known = changes.get(workspaceId);
        if (!listening || known == null || to - from > KEPT_CHANGES || to <= from) {
            return Optional.empty();
        }
        List<AccessChange> between = new ArrayList<>();
        for (long v = from + 1; v <= to; v++) {
            AccessChange change = known.get(v);
            if (change == null) {
                return Optional.empty();
            }
            between.add(change);
        }
        return Optional.of(between);
    }

    private void keep(UUID workspaceId, long version, AccessChange change) {
        var known = changes.computeIfAbsent(workspaceId, k -> new ConcurrentSkipListMap<>());
        known.put(version, change);
        while (known.size() > KEPT_CHANGES) {
            known.pollFirstEntry();
        }
    }

    @Override
    protected void listening() {
        // Anything remembered before this point may have missed notifications.
        versions.clear();
        changes.clear();
        listening = true;
    }

    @Override
    protected void received(String payload) {
        // "workspace:version" or "workspace:version:change"
        String[] parts = payload.split(":", 3);
        UUID workspaceId = UUID.fromString(parts[0]);
        long version = Long.parseLong(parts[1]);
        keep(workspaceId, version, parts.length == 3 ? AccessChange.decode(parts[2]) : AccessChange.OPAQUE);
        versions.merge(workspaceId, version, Math::max);
    }

    @Override
    protected void lost() {
        listening = false;
        versions.clear();
        changes.clear();
    }
}
