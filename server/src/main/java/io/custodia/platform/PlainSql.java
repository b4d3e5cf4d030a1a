package io.custodia.platform;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A statement rendered once (a kept page statement, {@link RenderedOnce}) with this call's values,
 * run on the transaction's connection straight through JDBC. Handing the text back to jOOQ as
 * plain SQL made it scan the text for its bind markers, build its execution context and read the
 * result's metadata on every call: about a tenth of a list page's time (issue #26, JFR of the
 * activities page, 2026-12-07). A statement holding a value of a type this class does not bind
 * itself (a date of a role's condition, say) goes through jOOQ as before: an unknown type costs
 * time, never a bind that means something else.
 */
public record PlainSql(String sql, Object[] binds) {

    /** What is read from the rows of the result, in the statement's column order. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Runs the statement and reads its result; a failure is jOOQ's DataAccessException with the driver's cause. */
    public <T> T read(DSLContext db, Rows<T> rows) {
        if (!bindsItself()) {
            System.err.println("PLAINSQL-FALLBACK "
                    + java.util.Arrays.stream(binds)
                            .map(b -> b == null ? "null" : b.getClass().getName())
                            .toList());
            try (ResultSet result = db.resultQuery(sql, binds).fetchResultSet()) {
                return rows.read(result);
            } catch (SQLException e) {
                throw new DataAccessException("reading the rows of a kept statement", e);
            }
        }
        return db.connectionResult(c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                for (int i = 0; i < binds.length; i++) {
                    bind(c, statement, i + 1, binds[i]);
                }
                try (ResultSet result = statement.executeQuery()) {
                    return rows.read(result);
                }
            }
        });
    }

    private boolean bindsItself() {
        for (Object value : binds) {
            if (!(value instanceof String
                    || value instanceof UUID
                    || value instanceof Integer
                    || value instanceof Long
                    || value instanceof Boolean
                    || value instanceof BigDecimal
                    || value instanceof OffsetDateTime
                    || value instanceof UUID[]
                    || value instanceof String[])) {
                return false;
            }
        }
        return true;
    }

    private static void bind(Connection c, PreparedStatement statement, int at, Object value) throws SQLException {
        if (value instanceof UUID[] ids) {
            statement.setArray(at, c.createArrayOf("uuid", ids));
        } else if (value instanceof String[] texts) {
            statement.setArray(at, c.createArrayOf("varchar", texts));
        } else {
            // The driver's own types: text, uuid, int4, int8, bool, numeric, timestamptz.
            statement.setObject(at, value);
        }
    }
}
