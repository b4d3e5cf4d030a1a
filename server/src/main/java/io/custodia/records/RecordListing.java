package io.custodia.records;

import static io.custodia.platform.db.Tables.LIST_CONTACT;

import io.custodia.access.OwnerUnits;
import io.custodia.access.ScopeSql;
import io.custodia.platform.PlainSql;
import io.custodia.platform.ProblemText;
import io.custodia.platform.Searches;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Scope;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pages of records as lists show them: filters, search and sort planned over the scope's branches,
 * each of them an index walk where one serves.
 */
@Repository
public class RecordListing {
    private final DSLContext db;
    private final OwnerUnits units;
    private final RecordQueries queries;
    private final TransactionTemplate tx;
    private final Duration searchTimeout;
    private final PageStatements statements;

    RecordListing(
            DSLContext db,
            OwnerUnits units,
            RecordQueries queries,
            PageStatements statements,
            TransactionTemplate tx,
            @Value("${custodia.search.timeout:5s}") Duration searchTimeout) {
        this.db = db;
        this.units = units;
        this.queries = queries;
        this.statements = statements;
        this.tx = tx;
        this.searchTimeout = searchTimeout;
    }

    /** A text search that read for longer than {@code custodia.search.timeout} without filling its page. */
    public static final class SearchTooBroad extends RuntimeException {
        private final ProblemText why;

        SearchTooBroad(Duration timeout) {
            this(ProblemText.of(
                    "the search read records for {0} ms without finding a page of them: add a filter (owner,"
                            + " stage) or more of the text",
                    timeout.toMillis()));
        }

        private SearchTooBroad(ProblemText why) {
            super(why.toString());
            this.why = why;
        }

        public ProblemText why() {
            return why;
        }
    }

    /** Most branches of a sorted page that read their rows whole (more read keys first). */
    private static final int ROW_BRANCHES = 2;

    /** Most branches a sorted page merges by index before it falls back to one filtered scan. */
    static final int MAX_BRANCHES = 64;

    /** The sort orders lists offer. */
    public enum Sort {
        UPDATED_AT_ASC,
        UPDATED_AT_DESC,
        NAME
    }

    /**
     * Which of the records read show a field to the reader, as the engine says ({@link
     * CompiledAccess#fieldScope}): a search, filter or sort by a field applies only where the field
     * is visible, so that none of them tells anything of a value the reader may not see.
     */
    @FunctionalInterface
    public interface FieldVisibility {
        Scope of(String field);

        /** Every field everywhere: for reads on no one's behalf. */
        FieldVisibility ALL = field -> Scope.EVERYTHING;
    }

    /**
     * List filters; {@code parents} maps a parent key (dealId, contactId, companyId) to its id, and
     * {@code visible} says where each field searched, filtered or sorted by may be read.
     */
    public record Filters(
            String q, UUID ownerId, UUID stageId, Map<String, UUID> parents, UUID listId, FieldVisibility visible) {
        public static final Filters NONE = new Filters(null, null, null, Map.of(), null, FieldVisibility.ALL);

        /** Whether the list is searched for a text. */
        boolean searching() {
            return q != null && !q.isBlank();
        }

        /** The same filters, with the fields' visibility asked of {@code visible}. */
        Filters seenThrough(FieldVisibility visible) {
            return new Filters(q, ownerId, stageId, parents, listId, visible);
        }

        /** Only the contacts on one shared list. */
        public static Filters onList(UUID listId) {
            return new Filters(null, null, null, Map.of(), listId, FieldVisibility.ALL);
        }
    }

    /**
     * The condition only where the field is visible to the reader (none where it never is): the
     * engine's field scope in SQL, or nothing added when it is visible on every record read.
     */
    private Condition whereVisible(
            RecordType type, OwnerUnits.Keys keys, FieldCatalog catalog, Filters filters, String field, Condition c) {
        Scope visible = filters.visible().of(field);
        if (visible instanceof Scope.Everything) {
            return c;
        }
        return c.and(queries.shownWhere(type, visible, catalog, keys));
    }

    /** A page as the fuller {@code page} below reads it, without deals' contacts. */
    public List<RecordRow> page(
            RecordType type,
            UUID workspaceId,
            UUID viewer,
            Scope scope,
            FieldCatalog catalog,
            Filters filters,
            Sort sort,
            List<String> after,
            int limit) {
        return page(type, workspaceId, viewer, scope, catalog, filters, sort, after, limit, null);
    }

    /**
     * A keyset page of the records the scope admits, read for {@code viewer} (whose scope it is):
     * each row carries only the viewer's own shares and list entries, which are all that decisions
     * about the viewer read (who else a record is shared with never changes what she may do). A
     * null viewer reads everyone's, to decide for several people. Deals' rows carry the contacts
     * {@code contactsReadable} admits when it is given (the reader's read scope of contacts);
     * activities' and notes' rows the record each belongs to, read in the same statement.
     */
    public List<RecordRow> page(
            RecordType type,
            UUID workspaceId,
            UUID viewer,
            Scope scope,
            FieldCatalog catalog,
            Filters filters,
            Sort sort,
            List<String> after,
            int limit,
            Scope contactsReadable) {
        OwnerUnits.Keys keys = units.keysOf(workspaceId);
        boolean contactIds = type == RecordType.DEALS && contactsReadable != null;
        Scope contacts = contactIds ? contactsReadable : null;
        PageStatements.Cursor cursor = after == null
                ? null
                : new PageStatements.Cursor(
                        sort == Sort.NAME ? after.get(0) : OffsetDateTime.parse(after.get(0)),
                        UUID.fromString(after.get(1)));
        var shape = new PageStatements.Shape(
                type,
                workspaceId,
                viewer,
                scope,
                contacts,
                filters.q(),
                filters.ownerId(),
                filters.stageId(),
                filters.parents(),
                filters.listId(),
                sort,
                cursor != null,
                limit,
                new PageStatements.Same<>(keys),
                new PageStatements.Same<>(catalog));
        PageStatements.Statement statement = statements.statement(
                shape,
                filters.visible(),
                cursor,
                planning -> plan(
                        type,
                        workspaceId,
                        viewer,
                        scope,
                        catalog,
                        filters.seenThrough(planning.visible()),
                        sort,
                        planning.cursor(),
                        limit,
                        contacts,
                        keys));
        if (statement.none()) {
            return List.of();
        }
        PlainSql query = statement.query(cursor);
        List<RecordRow> rows = filters.searching()
                ? searched(type, query, keys, contactIds)
                : RowReader.rows(type, db, query, keys, contactIds, true);
        return statement.copies() ? firstOnce(rows, limit) : rows;
    }

    /**
     * The statement of a page (none when the scope admits nothing), made afresh: what {@link
     * PageStatements} keeps per shape.
     */
    @SuppressWarnings("unchecked")
    private PageStatements.Plan plan(
            RecordType type,
            UUID workspaceId,
            UUID viewer,
            Scope scope,
            FieldCatalog catalog,
            Filters filters,
            Sort sort,
            PageStatements.Cursor after,
            int limit,
            Scope contactsReadable,
            OwnerUnits.Keys keys) {
        List<Condition> where = new ArrayList<>();
        where.add(type.workspaceId.eq(workspaceId));
        where.add(type.deletedAt.isNull());
        if (filters.searching()) {
            // A text matches only fields the reader may see on that record (hidden ones never answer).
            String pattern = Searches.containing(filters.q());
            where.add(DSL.or(type.searched.stream()
                    .map(key -> whereVisible(
                            type, keys, catalog, filters, key, type.text(key).likeIgnoreCase(pattern, Searches.ESCAPE)))
                    .toList()));
        }
        if (filters.ownerId() != null) {
            // The owner as every read sees it (an offboarding's overlay included): the scope translator's.
            Scope owned = new Scope.OwnedBy(new UserId(filters.ownerId()));
            where.add(whereVisible(
                    type, keys, catalog, filters, "ownerId", queries.scopeCondition(type, owned, catalog, keys)));
        }
        if (filters.stageId() != null) {
            where.add(
                    type.stageId == null
                            ? DSL.falseCondition()
                            : whereVisible(
                                    type, keys, catalog, filters, "stageId", type.stageId.eq(filters.stageId())));
        }
        if (filters.listId() != null) {
            where.add(
                    type == RecordType.CONTACTS
                            ? DSL.exists(DSL.selectOne()
                                    .from(LIST_CONTACT)
                                    .where(LIST_CONTACT.WORKSPACE_ID.eq(workspaceId))
                                    .and(LIST_CONTACT.LIST_ID.eq(filters.listId()))
                                    .and(LIST_CONTACT.CONTACT_ID.eq(type.id)))
                            : DSL.falseCondition());
        }
        filters.parents()
                .forEach((key, parent) -> where.add(type.builtIn(key)
                        .map(b ->
                                whereVisible(type, keys, catalog, filters, key, ((Field<UUID>) b.column()).eq(parent)))
                        .orElse(DSL.falseCondition())));
        List<SortField<?>> order = new ArrayList<>();
        switch (sort) {
            case UPDATED_AT_DESC -> {
                if (after != null) {
                    where.add(DSL.row(type.updatedAt, type.id).lt((OffsetDateTime) after.value(), after.id()));
                }
                order.addAll(byTime(sort, type.updatedAt, type.id));
            }
            case UPDATED_AT_ASC -> {
                if (after != null) {
                    where.add(DSL.row(type.updatedAt, type.id).gt((OffsetDateTime) after.value(), after.id()));
                }
                order.addAll(byTime(sort, type.updatedAt, type.id));
            }
            case NAME -> {
                // Where the name is hidden from the reader it sorts as empty: the order tells nothing of it.
                Scope shown = filters.visible().of(type.nameKey);
                Field<String> name = shown instanceof Scope.Everything
                        ? DSL.coalesce(type.name, DSL.inline(""))
                        : DSL.coalesce(
                                DSL.when(queries.scopeCondition(type, shown, catalog, keys), type.name),
                                DSL.inline(""));
                if (after != null) {
                    where.add(DSL.row(name, type.id).gt((String) after.value(), after.id()));
                }
                order.add(name.asc());
                order.add(type.id.asc());
            }
        }
        RecordColumnsFor columns = new RecordColumnsFor(type, catalog);
        // Sorted by time, each branch of the scope reads its first rows through its own index and
        // the page merges them; ordered by name, no index helps, so one filtered scan does.
        List<Condition> branches = sort == Sort.NAME
                ? List.of(ScopeSql.condition(scope, columns, keys))
                : ScopeSql.branches(scope, columns, keys, MAX_BRANCHES);
        if (branches.isEmpty()) {
            return new PageStatements.Plan(null, false);
        }
        boolean contactIds = contactsReadable != null;
        ReadColumns read = (from, parents) -> {
            List<Field<?>> selected = new ArrayList<>(RowReader.readColumns(type, from, viewer, keys));
            if (contactIds) {
                selected.add(queries.contactIds(from.field(type.id), workspaceId, contactsReadable, catalog, keys));
            }
            selected.addAll(parents.columns());
            return selected;
        };
        // The page size is inlined: with LIMIT as a parameter PostgreSQL's generic plan cannot know
        // it reads 50 rows, so it would plan every execution afresh (milliseconds for many branches).
        ResultQuery<?> query;
        // Whether a record may come once per branch that admits it (the page then keeps its first).
        boolean copies = false;
        if (branches.size() == 1 && type.entity.parents().isEmpty()) {
            query = db.select(read.over(type.table, RowReader.withParents(type, type.table, viewer, keys)))
                    .from(type.table)
                    .where(where)
                    .and(branches.get(0))
                    .orderBy(order)
                    .limit(DSL.inline(limit));
        } else if (branches.size() == 1) {
            // A child's rows sorted and limited first, their parents joined after: PostgreSQL joins
            // before it sorts, so a sort no index serves (by name) would look up every row's parent.
            Field<Integer> at = DSL.rowNumber().over(DSL.orderBy(order)).as("at");
            List<Field<?>> rowAt = RowReader.rowColumns(type);
            rowAt.add(type.workspaceId);
            rowAt.add(at);
            Table<Record> firsts = DSL.select(rowAt)
                    .from(type.table)
                    .where(where)
                    .and(branches.get(0))
                    .orderBy(order)
                    .limit(DSL.inline(limit))
                    .asTable("firsts");
            var joined = RowReader.withParents(type, firsts, viewer, keys);
            query = db.select(read.over(firsts, joined)).from(joined.from()).orderBy(firsts.field(at));
        } else if (branches.size() <= ROW_BRANCHES) {
            // A few branches each read their first rows whole and the page takes the best of them:
            // cheaper than keys first when a branch's index cannot answer alone (an owner's). A
            // record two branches admit comes twice, side by side in the page's order, and the
            // page keeps one: restricting the second branch to what the first does not admit made
            // it read every row the first admits (a manager's activities read them all).
            List<Field<?>> branchColumns = RowReader.rowColumns(type);
            branchColumns.add(type.workspaceId);
            Table<Record> merged = firstsOfEach(type, branchColumns, where, branches, order, limit, Merge.ALL);
            Field<OffsetDateTime> mergedAt = merged.field(type.updatedAt);
            Field<UUID> mergedId = merged.field(type.id);
            var joined = RowReader.withParents(type, merged, viewer, keys);
            query = db.select(read.over(merged, joined))
                    .from(joined.from())
                    .orderBy(byTime(sort, mergedAt, mergedId))
                    .limit(DSL.inline(limit * branches.size()));
            copies = true;
        } else {
            // Each branch's first keys (from its index alone), the best of them, then only those rows.
            Table<Record> merged =
                    firstsOfEach(type, List.of(type.id, type.updatedAt), where, branches, order, limit, Merge.DISTINCT);
            Field<UUID> mergedId = merged.field(type.id);
            Field<OffsetDateTime> mergedAt = merged.field(type.updatedAt);
            var best = DSL.select(mergedId, mergedAt)
                    .from(merged)
                    .orderBy(byTime(sort, mergedAt, mergedId))
                    .limit(DSL.inline(limit))
                    .asTable("best");
            var joined = RowReader.withParents(type, type.table, viewer, keys);
            query = db.select(read.over(type.table, joined))
                    .from(joined.from())
                    .join(best)
                    .on(type.id.eq(best.field(mergedId)))
                    .where(type.workspaceId.eq(workspaceId))
                    .orderBy(order);
        }
        return new PageStatements.Plan(query, copies);
    }

    /** The columns a page selects over the record table or a derived table of its rows, with their parents'. */
    @FunctionalInterface
    private interface ReadColumns {
        List<Field<?>> over(Table<?> from, RowReader.WithParents parents);
    }

    /** Each record once, in the page's order, and no more than the page. */
    private static List<RecordRow> firstOnce(List<RecordRow> rows, int limit) {
        Set<UUID> seen = new HashSet<>();
        List<RecordRow> once = new ArrayList<>();
        for (RecordRow row : rows) {
            if (once.size() < limit && seen.add(row.id())) {
                once.add(row);
            }
        }
        return once;
    }

    /**
     * The page of a text search, which no index serves (row-level security keeps PostgreSQL from
     * using a non-leakproof operator such as ILIKE in an index condition, so a trigram index is never
     * used): it reads the records in reach until it has a page, all of them when the text is rare
     * (45 s over 10,000,000 deals). PostgreSQL stops it after {@code custodia.search.timeout}.
     */
    private List<RecordRow> searched(RecordType type, PlainSql query, OwnerUnits.Keys keys, boolean contactIds) {
        try {
            return tx.execute(status -> {
                db.execute("set local statement_timeout = " + Math.max(1, searchTimeout.toMillis()));
                return RowReader.rows(type, db, query, keys, contactIds, true);
            });
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                // 57014, query_canceled: what a statement timeout raises.
                if (t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                    throw new SearchTooBroad(searchTimeout);
                }
            }
            throw e;
        }
    }

    /** A page sorted by time: over the record table's columns, or over a merge of its rows. */
    private static List<SortField<?>> byTime(Sort sort, Field<OffsetDateTime> at, Field<UUID> id) {
        return sort == Sort.UPDATED_AT_DESC ? List.of(at.desc(), id.desc()) : List.of(at.asc(), id.asc());
    }

    /**
     * How branches' first rows are united: ALL keeps every row, and the page drops a record's
     * second copy (removing duplicates from whole rows in SQL is a sort of every column, a third of
     * a two-branch page's time in PostgreSQL); DISTINCT removes duplicates, cheap over keys.
     */
    private enum Merge {
        ALL,
        DISTINCT
    }

    /** Each branch's first rows (of {@code columns}) in the page's order, united as {@code merge} says. */
    private static Table<Record> firstsOfEach(
            RecordType type,
            List<? extends Field<?>> columns,
            List<Condition> where,
            List<Condition> branches,
            List<SortField<?>> order,
            int limit,
            Merge merge) {
        Select<Record> firsts = null;
        for (Condition branch : branches) {
            var first = DSL.select(columns)
                    .from(type.table)
                    .where(where)
                    .and(branch)
                    .orderBy(order)
                    .limit(DSL.inline(limit));
            firsts = firsts == null ? first : merge == Merge.ALL ? firsts.unionAll(first) : firsts.union(first);
        }
        return firsts.asTable("firsts");
    }
}
