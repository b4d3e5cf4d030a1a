package io.custodia.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Listens on one PostgreSQL {@code LISTEN/NOTIFY} channel on its own connection and thread, so that
 * what one node commits reaches every node. A NOTIFY sent in a transaction is delivered only when it
 * commits. When the connection drops, subclasses hear {@link #lost()} and it reconnects each second.
 */
public abstract class DatabaseListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DatabaseListener.class);

    private final DataSource dataSource;
    private final String channel;
    private volatile boolean running;
    private Thread thread;

    protected DatabaseListener(DataSource dataSource, String channel) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("channel names are lower-case words: " + channel);
        }
        this.dataSource = dataSource;
        this.channel = channel;
    }

    /** Listening has (re)started: anything known before may have missed notifications. */
    protected abstract void listening();

    /** One notification's payload, in commit order. */
    protected abstract void received(String payload);

    /** Listening stopped: until {@link #listening()} again, notifications may be missed. */
    protected abstract void lost();

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listen, "custodia-listener-" + channel);
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
                    s.execute("LISTEN " + channel);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            deliver(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Listening on {} failed ({}); trying again in a second", channel, e.getMessage());
                }
            } finally {
                lost();
            }
            pause();
        }
    }

    private void deliver(String payload) {
        try {
            received(payload);
        } catch (RuntimeException e) {
            // One bad notification must not stop the node hearing the next ones.
            log.warn("Ignoring notification '{}' on {}: {}", payload, channel, e.toString());
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
