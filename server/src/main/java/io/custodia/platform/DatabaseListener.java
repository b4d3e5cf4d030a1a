package io.custodia.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Listens on PostgreSQL {@code LISTEN/NOTIFY} channels on its own connection and thread, so that
 * what one node commits reaches every node. A NOTIFY sent in a transaction is delivered only when it
 * commits, and one connection hears the notifications of all its channels in commit order. When the
 * connection drops, subclasses hear {@link #lost()} and it reconnects each second.
 */
public abstract class DatabaseListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DatabaseListener.class);

    private final DataSource dataSource;
    private final String channel;
    private final List<String> channels;
    private volatile boolean running;
    private Thread thread;

    /** Listens on the first channel and on the others, if any, on the same connection. */
    protected DatabaseListener(DataSource dataSource, String channel, String... others) {
        List<String> all = new ArrayList<>(List.of(channel));
        all.addAll(List.of(others));
        for (String name : all) {
            if (!name.matches("[a-z_]+")) {
                throw new IllegalArgumentException("channel names are lower-case words: " + name);
            }
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.channels = List.copyOf(all);
    }

    /** Listening has (re)started: anything known before may have missed notifications. */
    protected abstract void listening();

    /** One notification's payload, in commit order. */
    protected abstract void received(String payload);

    /** One notification and its channel, in commit order across the channels; by default, {@link #received(String)}. */
    protected void received(String channel, String payload) {
        received(payload);
    }

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
                    for (String name : channels) {
                        s.execute("LISTEN " + name);
                    }
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1_000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            deliver(n.getName(), n.getParameter());
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

    private void deliver(String name, String payload) {
        try {
            received(name, payload);
        } catch (RuntimeException e) {
            // One bad notification must not stop the node hearing the next ones.
            log.warn("Ignoring notification '{}' on {}: {}", payload, name, e.toString());
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
