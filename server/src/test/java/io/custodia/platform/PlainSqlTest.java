package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.custodia.ApiTest;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

/**
 * A kept statement run through JDBC answers what jOOQ answers for the same text and values, for
 * every type it binds itself and for one it leaves to jOOQ.
 */
class PlainSqlTest extends ApiTest {

    /** Each row's columns as text, as PostgreSQL gives them: the comparison does not depend on Java types. */
    private static List<String> rows(ResultSet rows) throws SQLException {
        List<String> read = new ArrayList<>();
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
            for (int c = 1; c <= columns; c++) {
                read.add(rows.getString(c));
            }
        }
        return read;
    }

    private List<String> byJooq(ResultQuery<?> query) throws SQLException {
        try (ResultSet r =
                db.resultQuery(query.getSQL(), query.getBindValues().toArray()).fetchResultSet()) {
            return rows(r);
        }
    }

    @Test
    void everyTypeItBindsItselfMeansWhatJooqsBindMeans() throws SQLException {
        UUID id = UUID.randomUUID();
        // The microseconds PostgreSQL keeps, an offset other than UTC, a year far from today.
        OffsetDateTime at = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.ofHours(-3));
        ResultQuery<?> query = DSL.using(db.configuration())
                .select(
                        DSL.val("tab\there, 'quoted', ünïcode ✓"),
                        DSL.val(id),
                        DSL.val(Integer.MAX_VALUE),
                        DSL.val(Long.MIN_VALUE),
                        DSL.val(true),
                        DSL.val(new BigDecimal("-12345678901234567890.000000001")),
                        DSL.val(at),
                        DSL.val(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .where(DSL.val(id).eq(DSL.any(new UUID[] {UUID.randomUUID(), id})))
                .and(DSL.val("b").eq(DSL.any(new String[] {"a", "b"})));
        PlainSql plain = new PlainSql(query.getSQL(), query.getBindValues().toArray());

        List<String> read = plain.read(db, PlainSqlTest::rows);

        assertThat(read).isEqualTo(byJooq(query)).hasSize(8).contains(id.toString());
    }

    @Test
    void aTypeItDoesNotBindItselfGoesThroughJooq() {
        Field<LocalDate> day = DSL.val(LocalDate.of(2026, 12, 7));
        ResultQuery<?> query = DSL.using(db.configuration()).select(day, day.plus(1));
        PlainSql plain = new PlainSql(query.getSQL(), query.getBindValues().toArray());

        assertThat(plain.read(db, PlainSqlTest::rows)).containsExactly("2026-12-07", "2026-12-08");
    }

    /** The exception a statement's failure raises through jOOQ (Spring's translation of it). */
    private Class<?> failureByJooq(String sql, Object... binds) {
        return catchThrowable(() -> db.transactionResult(t -> {
                    t.dsl().execute("set local statement_timeout = 50");
                    return t.dsl().resultQuery(sql, binds).fetch();
                }))
                .getClass();
    }

    private Throwable failureOfPlainSql(String sql, Object... binds) {
        return catchThrowable(() -> db.transactionResult(t -> {
            t.dsl().execute("set local statement_timeout = 50");
            return new PlainSql(sql, binds).read(t.dsl(), PlainSqlTest::rows);
        }));
    }

    @Test
    void aFailingStatementRaisesWhatJooqsFailureRaises() {
        // A statement timeout is the API's 503 "retry", a value it cannot take a 500: as through jOOQ.
        String slow = "select pg_sleep(?)";
        assertThat(failureOfPlainSql(slow, 2))
                .isInstanceOf(failureByJooq(slow, 2))
                .isInstanceOf(QueryTimeoutException.class);
        String bad = "select cast(? as integer)";
        assertThat(failureOfPlainSql(bad, "not a number"))
                .isInstanceOf(failureByJooq(bad, "not a number"))
                .rootCause()
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("22P02");
    }

    @Test
    void aNullValueIsLeftToJooq() {
        PlainSql plain = new PlainSql("select cast(? as text) is null", new Object[] {null});

        assertThat(plain.read(db, PlainSqlTest::rows)).containsExactly("t");
    }
}
