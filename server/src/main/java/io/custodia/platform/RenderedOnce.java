package io.custodia.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
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
        Object[] binds = k.binds().clone();
        for (int v = 0; v < values.length; v++) {
            for (int at : k.valueAt()[v]) {
                binds[at] = asBound(values[v], k.binds()[at]);
            }
        }
        if (verify) {
            ResultQuery<?> fresh = plan.apply(values);
            if (!k.sql().equals(fresh.getSQL())
                    || !Arrays.deepEquals(binds, fresh.getBindValues().toArray())) {
                throw new IllegalStateException("a statement rendered once differs from the one planned afresh ("
                        + shape + "):\n" + k.sql() + "\n" + Arrays.deepToString(binds) + "\n" + fresh.getSQL() + "\n"
                        + fresh.getBindValues());
            }
        }
        return db.resultQuery(k.sql(), binds).coerce(k.fields());
    }

    private static Kept rendered(Function<Object[], ResultQuery<?>> plan, Object[] values) {
        Object[] standIns = new Object[values.length];
        for (int v = 0; v < values.length; v++) {
            standIns[v] = standInFor(values[v]);
        }
        ResultQuery<?> planned = plan.apply(standIns);
        List<Object> binds = new ArrayList<>(planned.getBindValues());
        int[][] valueAt = new int[values.length][];
        for (int v = 0; v < values.length; v++) {
            Object standIn = standIns[v];
            valueAt[v] = IntStream.range(0, binds.size())
                    .filter(i -> Objects.deepEquals(asBound(standIn, binds.get(i)), binds.get(i)))
                    .toArray();
            // INVARIANT: every value is a bind value of the statement; one inlined, altered or left
            // out (a pattern made of it inside the plan) would be answered with the stand-in's rows.
            if (valueAt[v].length == 0) {
                throw new IllegalStateException("value " + v + " of a statement is not one of its bind values");
            }
        }
        return new Kept(planned.getSQL(), binds.toArray(), valueAt, planned.fields());
    }

    /** The value as jOOQ binds it where {@code bound} is: a page's size as a long, where a limit is one. */
    private static Object asBound(Object value, Object bound) {
        return value instanceof Integer n && bound instanceof Long ? Long.valueOf(n) : value;
    }

    /** A random value of the value's type, that no other value of a statement can be taken for. */
    private static Object standInFor(Object value) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (value instanceof UUID) {
            return new UUID(random.nextLong(), random.nextLong());
        }
        if (value instanceof UUID[]) {
            return new UUID[] {new UUID(random.nextLong(), random.nextLong())};
        }
        if (value instanceof String) {
            return "stand-in-" + random.nextLong();
        }
        if (value instanceof OffsetDateTime) {
            return OffsetDateTime.of(1, 1, 1, 0, 0, 0, random.nextInt(1, 1_000_000_000), ZoneOffset.UTC);
        }
        if (value instanceof Integer) {
            return random.nextInt(1 << 30, Integer.MAX_VALUE);
        }
        if (value == null) {
            throw new IllegalArgumentException("a statement's value is null: make its absence a shape");
        }
        throw new IllegalArgumentException(
                "no stand-in for a " + value.getClass().getSimpleName());
    }
}
