package io.custodia.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Statements whose text depends on nothing but their shape, rendered by jOOQ once and kept: later
 * calls put their own values where the first one's landed among the binds. jOOQ rendered the
 * statements that every console page and {@code /me} run afresh on every request, and rendering a
 * statement cost more than running it (issue #26). A shape is named by its caller and must decide
 * everything the text holds (which filters are present, say); its values (ids, a search's pattern,
 * a page's size) are bind values, planned first with random stand-ins so that each is found where
 * it landed. {@code custodia.page-statements.verify} (on in the tests) plans every statement afresh
 * and compares text and values with the kept one.
 */
@Component
public class RenderedOnce {
    private record Kept(String sql, Object[] binds, int[][] valueAt, Field<?>[] fields) {}

    // A shape may hold a reader's scope (an inbox page's), so there are as many as readers: bounded
    // by the text kept, and dropped unused.
    private final Cache<Object, Kept> kept = Caffeine.newBuilder()
            .maximumWeight(4_000_000)
            .weigher((Object shape, Kept k) -> k.sql().length())
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private final DSLContext db;
    private final boolean verify;

    RenderedOnce(DSLContext db, @Value("${custodia.page-statements.verify:false}") boolean verify) {
        this.db = db;
        this.verify = verify;
    }

    /**
     * The statement {@code plan} makes of these values, as plain SQL with them bound; its rows have
     * the plan's select fields (read them with {@code r.get(FIELD)}). No value may be null: a missing
     * filter is a shape of its own.
     */
    public ResultQuery<Record> query(Object shape, Function<Object[], ResultQuery<?>> plan, Object... values) {
        Kept k = kept.get(shape, s -> rendered(plan, values));
        return db.resultQuery(k.sql(), binds(k, shape, plan, values)).coerce(k.fields());
    }

    /** The same statement to read by position through JDBC ({@link PlainSql}), not as jOOQ records. */
    public PlainSql statement(Object shape, Function<Object[], ResultQuery<?>> plan, Object... values) {
        Kept k = kept.get(shape, s -> rendered(plan, values));
        return new PlainSql(k.sql(), binds(k, shape, plan, values));
    }

    private Object[] binds(Kept k, Object shape, Function<Object[], ResultQuery<?>> plan, Object[] values) {
        Object[] binds = BindPlaces.put(k.binds(), k.valueAt(), values);
        if (verify) {
            BindPlaces.requireSame(k.sql(), binds, plan.apply(values), shape);
        }
        return binds;
    }

    private static Kept rendered(Function<Object[], ResultQuery<?>> plan, Object[] values) {
        Object[] standIns = Arrays.stream(values).map(BindPlaces::standInFor).toArray();
        ResultQuery<?> planned = plan.apply(standIns);
        List<Object> binds = planned.getBindValues();
        int[][] valueAt = new int[values.length][];
        for (int v = 0; v < values.length; v++) {
            valueAt[v] = BindPlaces.of(binds, standIns[v]);
            // INVARIANT: every value is a bind value of the statement; one inlined, altered or left
            // out (a pattern made of it inside the plan) would be answered with the stand-in's rows.
            if (valueAt[v].length == 0) {
                throw new IllegalStateException("value " + v + " of a statement is not one of its bind values");
            }
        }
        return new Kept(planned.getSQL(), binds.toArray(), valueAt, planned.fields());
    }
}
