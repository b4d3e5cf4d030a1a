package io.custodia.records;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custodia.access.OwnerUnits;
import io.custodia.platform.BindPlaces;
import io.custodia.platform.PlainSql;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.ResultQuery;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The statements of list pages and of single records' reads, rendered once per shape and kept:
 * jOOQ built and rendered a page's statement afresh on every request (its select list alone is a
 * hundred query parts), a fifth of a deals request. A shape is everything the statement is made
 * from (the reader, her scope, the unit keys and the field catalogue it was translated with, the
 * filters, the sort, the page size) but the cursor's values (a single record's id), which take
 * their places among the kept bind values.
 *
 * <p>With {@code custodia.page-statements.verify} (the tests') every page is also built and
 * rendered afresh and must equal the kept statement, text and values: a statement that depended on
 * something its shape leaves out fails the suite instead of reaching a reader.
 */
@Component
class PageStatements {

    /**
     * Where a page starts after: the sort's value (a time or a name) and the record's id; for a
     * single record's read, its id alone (no value).
     */
    record Cursor(Object value, UUID id) {}

    /**
     * Everything a single record's read is made from but the record's id: the one-record
     * counterpart of {@link Shape}.
     */
    record OneShape(
            RecordType type,
            UUID workspaceId,
            Scope scope,
            Scope contactsReadable,
            Same<OwnerUnits.Keys> keys,
            Same<FieldCatalog> catalog) {}

    /**
     * Everything a page's statement is made from but the cursor's values and the fields' visibility
     * (kept with the statement: see {@link Kept}). The unit keys and the field catalogue are new
     * objects whenever what they hold changes, so they count by identity.
     */
    record Shape(
            RecordType type,
            UUID workspaceId,
            UUID viewer,
            Scope scope,
            Scope contactsReadable,
            String q,
            UUID ownerId,
            UUID stageId,
            Map<String, UUID> parents,
            UUID listId,
            RecordListing.Sort sort,
            boolean afterCursor,
            int limit,
            Same<OwnerUnits.Keys> keys,
            Same<FieldCatalog> catalog) {}

    /** A value compared by identity: an immutable object replaced, never changed, when what it holds does. */
    record Same<T>(T value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Same<?> other && other.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    /**
     * A page's statement as planned: null when the scope admits nothing (no statement at all);
     * {@code copies} when a record may come once per branch that admits it.
     */
    record Plan(ResultQuery<?> query, boolean copies) {}

    /**
     * The rendered statement of a shape, with where the cursor's two values go among its binds (as
     * often as the statement holds the cursor's condition: once per branch of a merged page).
     */
    record Statement(String sql, List<Object> binds, int[] valueAt, int[] idAt, boolean copies) {
        static final Statement NONE = new Statement(null, List.of(), new int[0], new int[0], false);

        boolean none() {
            return sql == null;
        }

        /** The values to bind for this cursor (none: the page has no cursor). */
        Object[] bindsFor(Cursor cursor) {
            // INVARIANT: a value is put only where the statement was planned with one (valueAt is
            // empty for a single record's read, whose cursor has none).
            return cursor == null
                    ? binds.toArray()
                    : BindPlaces.put(binds.toArray(), new int[][] {valueAt, idAt}, cursor.value(), cursor.id());
        }

        /** The statement to run for this cursor, with its values. */
        PlainSql query(Cursor cursor) {
            return new PlainSql(sql, bindsFor(cursor));
        }
    }

    /** A statement and the visibility of each field it was planned with (the reader's answers then). */
    private record Kept(Statement statement, Map<String, Scope> visibility) {}

    private final Cache<Object, Kept> kept = Caffeine.newBuilder()
            .maximumWeight(16_000_000)
            .weigher((Object shape, Kept k) ->
                    k.statement().none() ? 1 : k.statement().sql().length())
            // Shapes hold keys and catalogues that later changes replace: unused, they go.
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private final boolean verify;

    PageStatements(@Value("${custodia.page-statements.verify:false}") boolean verify) {
        this.verify = verify;
    }

    /**
     * The statement of a page of this shape, planned (with {@code plan}, from the fields'
     * visibility and a cursor) only when none is kept for it or the reader's fields' visibility is
     * not what it was planned with.
     */
    Statement statement(
            Shape shape, RecordListing.FieldVisibility visible, Cursor cursor, Function<Planning, Plan> plan) {
        return kept(shape, visible, cursor, plan);
    }

    /** The statement that reads one record of this shape, planned (with {@code plan}, from an id) when none is kept. */
    Statement one(OneShape shape, UUID id, Function<UUID, ResultQuery<?>> plan) {
        return kept(
                shape,
                RecordListing.FieldVisibility.ALL,
                new Cursor(null, id),
                planning -> new Plan(plan.apply(planning.cursor().id()), false));
    }

    private Statement kept(
            Object shape, RecordListing.FieldVisibility visible, Cursor cursor, Function<Planning, Plan> plan) {
        Kept known = kept.getIfPresent(shape);
        if (known == null || !sameVisibility(known.visibility(), visible)) {
            Map<String, Scope> seen = new LinkedHashMap<>();
            RecordListing.FieldVisibility recording = field -> {
                Scope s = visible.of(field);
                seen.put(field, s);
                return s;
            };
            // Values no cursor holds, planned in a cursor's place: where they land among the binds
            // is where a cursor's values go.
            Cursor sentinel = cursor == null
                    ? null
                    : new Cursor(cursor.value() == null ? null : BindPlaces.standInFor(cursor.value()), (UUID)
                            BindPlaces.standInFor(cursor.id()));
            known = new Kept(rendered(plan.apply(new Planning(recording, sentinel)), sentinel), Map.copyOf(seen));
            kept.put(shape, known);
        }
        if (verify) {
            verify(known.statement(), plan.apply(new Planning(visible, cursor)), cursor);
        }
        return known.statement();
    }

    /** What a plan is made with: the fields' visibility, and the cursor's values (or ones standing in for them). */
    record Planning(RecordListing.FieldVisibility visible, Cursor cursor) {}

    private static boolean sameVisibility(Map<String, Scope> planned, RecordListing.FieldVisibility visible) {
        for (var e : planned.entrySet()) {
            if (!visible.of(e.getKey()).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Statement rendered(Plan plan, Cursor sentinel) {
        if (plan.query() == null) {
            return Statement.NONE;
        }
        List<Object> binds = new ArrayList<>(plan.query().getBindValues());
        int[] valueAt = sentinel == null || sentinel.value() == null ? new int[0] : placesOf(binds, sentinel.value());
        int[] idAt = sentinel == null ? new int[0] : placesOf(binds, sentinel.id());
        return new Statement(plan.query().getSQL(), Collections.unmodifiableList(binds), valueAt, idAt, plan.copies());
    }

    // INVARIANT: a cursor's values are bind values of the statement; a statement that holds them
    // otherwise (inlined, or not at all) is not one this class can reuse, and no page is answered from it.
    private static int[] placesOf(List<Object> binds, Object sentinel) {
        int[] places = BindPlaces.of(binds, sentinel);
        if (places.length == 0) {
            throw new IllegalStateException("a page's cursor value is not a bind value of its statement");
        }
        return places;
    }

    private static void verify(Statement kept, Plan fresh, Cursor cursor) {
        BindPlaces.requireSame(kept.sql(), kept.bindsFor(cursor), fresh.query(), "a page");
        if (fresh.query() != null && kept.copies() != fresh.copies()) {
            throw new IllegalStateException("a kept page statement differs from the one planned afresh in its copies");
        }
    }
}
