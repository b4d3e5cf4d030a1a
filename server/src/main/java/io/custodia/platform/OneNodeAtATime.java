package io.custodia.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Background tasks that sweep every workspace (the recycle bin's nightly purge, forgetting old
 * idempotency keys and sign-in counters, settling moved owners) run on one node at a time: each
 * run holds a PostgreSQL advisory lock named after its task, on a connection of its own for the
 * whole run (which may span many transactions), and a node that finds the lock held skips its run.
 * A node that dies mid-run loses its connection, and with it the lock. Work that many nodes share
 * row by row (mail, webhooks) claims its rows with {@code SKIP LOCKED} instead.
 */
@Component
public class OneNodeAtATime {
    /** The first key of every such lock: a space of its own among the server's advisory locks. */
    private static final int TASKS = 0x43535444;

    private final DataSource dataSource;

    OneNodeAtATime(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs the task unless another node (or this one) is running it now; whether it ran. */
    public boolean run(String task, Runnable work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!call(connection, "select pg_try_advisory_lock(?, ?)", task)) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                call(connection, "select pg_advisory_unlock(?, ?)", task);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("the lock of task " + task + " could not be taken", e);
        }
    }

    private static boolean call(Connection connection, String sql, String task) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, TASKS);
            // String.hashCode is fixed by the language, so every node names the same task alike.
            statement.setInt(2, task.hashCode());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }
}
