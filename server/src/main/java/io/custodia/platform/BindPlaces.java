package io.custodia.platform;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.jooq.ResultQuery;

/**
 * Where a statement's values land among its bind values, for statements rendered once and run
 * again with other values ({@link RenderedOnce}, a list page's kept statement): planned with random
 * stand-ins for the values, each stand-in's places are where a later call's value goes.
 */
public final class BindPlaces {
    private BindPlaces() {}

    /** A random value of the value's type, that no other value of a statement can be taken for. */
    public static Object standInFor(Object value) {
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

    /** The places of the stand-in among the binds; empty when the statement does not bind it (inlined, altered, left out). */
    public static int[] of(List<Object> binds, Object standIn) {
        return IntStream.range(0, binds.size())
                .filter(i -> Objects.deepEquals(asBound(standIn, binds.get(i)), binds.get(i)))
                .toArray();
    }

    /** The binds with each value put in its places. */
    public static Object[] put(Object[] binds, int[][] places, Object... values) {
        Object[] bound = binds.clone();
        for (int v = 0; v < values.length; v++) {
            for (int at : places[v]) {
                bound[at] = asBound(values[v], binds[at]);
            }
        }
        return bound;
    }

    /**
     * Refuses a kept statement that is not what planning afresh gives, text and values: one that came
     * to depend on something its shape leaves out.
     */
    public static void requireSame(String sql, Object[] binds, ResultQuery<?> fresh, Object shape) {
        String freshSql = fresh == null ? null : fresh.getSQL();
        Object[] freshBinds =
                fresh == null ? new Object[0] : fresh.getBindValues().toArray();
        if (!Objects.equals(sql, freshSql) || !Arrays.deepEquals(binds, freshBinds)) {
            throw new IllegalStateException("a kept statement differs from the one planned afresh (" + shape + "):\n"
                    + sql + "\n" + Arrays.deepToString(binds) + "\n" + freshSql + "\n"
                    + Arrays.deepToString(freshBinds));
        }
    }

    /** The value as jOOQ binds it where {@code bound} is: a page's size as a long, where a limit is one. */
    private static Object asBound(Object value, Object bound) {
        return value instanceof Integer n && bound instanceof Long ? Long.valueOf(n) : value;
    }
}
