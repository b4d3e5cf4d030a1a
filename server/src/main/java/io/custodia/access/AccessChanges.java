package io.custodia.access;

import io.custodia.platform.DatabaseListener;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<UUID, Long> versions = new ConcurrentHashMap<>();
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

    @Override
    protected void listening() {
        // Anything remembered before this point may have missed notifications.
        versions.clear();
        listening = true;
    }

    @Override
    protected void received(String payload) {
        int colon = payload.indexOf(':');
        versions.merge(
                UUID.fromString(payload.substring(0, colon)), Long.parseLong(payload.substring(colon + 1)), Math::max);
    }

    @Override
    protected void lost() {
        listening = false;
        versions.clear();
    }
}
