package io.custodia.platform;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * A statement rendered once (a kept page statement, {@link RenderedOnce}) with this call's values,
 * run on the transaction's connection straight through JDBC. Handing the text back to jOOQ as
 * plain SQL made it scan the text for its bind markers, build its execution context and read the
 * result's metadata on every call: about a tenth of a list page's time (issue #26, JFR of the
 * activities page, 2026-12-07). A statement holding a value of a type this class does not bind
 * itself (a date of a role's condition, say) goes through jOOQ as before: an unknown type costs
 * time, never a bind that means something else. jOOQ's own logging of statements (its debug log)
 * does not see the statements run here.
 */
public final class PlainSql {
    // As Spring Boot's jOOQ listener translates a statement's failure, for the database jOOQ speaks
    // here: a statement timeout is Spring's QueryTimeoutException, which the API answers with 503.
    private static final SQLExceptionTranslator TRANSLATOR = new SQLErrorCodeSQLExceptionTranslator(
            SQLDialect.POSTGRES.thirdParty().springDbName());

    private final String sql;
    // Each caller makes them afresh from the kept ones (BindPlaces.put, Statement.bindsFor copy them).
    private final Object[] binds;

    public PlainSql(String sql, Object[] binds) {
        this.sql = sql;
        this.binds = binds;
    }

    /** What is read from the rows of the result, in the statement's column order. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /**
     * Runs the statement and reads its result. A failure of the driver (preparing, binding,
     * running, reading) is translated as Spring's listener translates jOOQ's, so the answers the
     * API gives for them (a statement timeout's 503) stay what they were.
     */
    public <T> T read(DSLContext db, Rows<T> rows) {
        if (!bindsItself()) {
            try (ResultSet result = db.resultQuery(sql, binds).fetchResultSet()) {
                return rows.read(result);
            } catch (SQLException e) {
                throw translated(e);
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
            } catch (SQLException e) {
                throw translated(e);
            }
        });
    }

    private RuntimeException translated(SQLException e) {
        RuntimeException translated = TRANSLATOR.translate("jOOQ", sql, e);
        return translated != null ? translated : new DataAccessException("running a kept statement", e);
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
