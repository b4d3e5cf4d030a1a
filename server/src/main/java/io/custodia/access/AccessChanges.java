package io.custodia.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every node's view of each workspace's access version, kept current by PostgreSQL
 * {@code LISTEN/NOTIFY}: a change notifies {@code custodia_access} in its transaction, and every
 * node listening learns the new version when it commits. While the listening connection is down,
 * nothing is known and every request reads the version from the database instead, so a lost
 * notification can delay nothing.
 */
@Component
class AccessChanges implements SmartLifecycle {
    static final String CHANNEL = "custodia_access";
    private static final Logger log = LoggerFactory.getLogger(AccessChanges.class);

    private final DataSource dataSource;
    private final Map<UUID, Long> versions = new ConcurrentHashMap<>();
    private volatile boolean listening;
    private volatile boolean running;
    private Thread thread;

    AccessChanges(DataSource dataSource) {
        this.dataSource = dataSource;
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
    public void start() {
        running = true;
        thread = new Thread(this::listen, "custodia-access-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                // Anything remembered before this point may have missed notifications.
                versions.clear();
                listening = true;
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            apply(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn(
                            "Listening for access changes failed ({}); reading versions from the database until it is back",
                            e.getMessage());
                }
            } finally {
                listening = false;
                versions.clear();
            }
            pause();
        }
    }

    private void apply(String payload) {
        int colon = payload.indexOf(':');
        try {
            versions.merge(
                    UUID.fromString(payload.substring(0, colon)),
                    Long.parseLong(payload.substring(colon + 1)),
                    Math::max);
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed access notification '{}'", payload);
        }
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
