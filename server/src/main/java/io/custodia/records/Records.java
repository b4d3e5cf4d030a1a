package io.custodia.records;

import static io.custodia.platform.db.Tables.CONTACT_LIST;
import static io.custodia.platform.db.Tables.DEAL_CONTACT;
import static io.custodia.platform.db.Tables.LIST_CONTACT;
import static io.custodia.platform.db.Tables.LIST_MEMBER;
import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.access.OwnerUnits;
import io.custodia.access.ScopeSql;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.ListAccess;
import io.custodia.policy.ListEntry;
import io.custodia.policy.ListLevel;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import io.custodia.policy.Value;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.ResultQuery;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records of every type, read only through a scope: each query that returns records carries
 * the caller's scope, translated to SQL by {@link ScopeSql}, so no page is ever filtered after it
 * is read.
 */
@Repository
public class Records implements io.custodia.access.RecordLookup {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final io.custodia.access.FieldCatalogs catalogs;
    private final OwnerUnits units;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final java.time.Duration searchTimeout;

    Records(
            DSLContext db,
            io.custodia.access.FieldCatalogs catalogs,
            OwnerUnits units,
            org.springframework.transaction.support.TransactionTemplate tx,
            @org.springframework.beans.factory.annotation.Value("${custodia.search.timeout:5s}")
                    java.time.Duration searchTimeout) {
        this.db = db;
        this.catalogs = catalogs;
        this.units = units;
        this.tx = tx;
        this.searchTimeout = searchTimeout;
    }

    /** A text search that read for longer than {@code custodia.search.timeout} without filling its page. */
    public static final class SearchTooBroad extends RuntimeException {
        SearchTooBroad(java.time.Duration timeout) {
            super("the search read records for " + timeout.toMillis()
                    + " ms without finding a page of them: add a filter (owner, stage) or more of the text");
        }
    }

    /** Most branches of a sorted page that read their rows whole (more read keys first). */
    private static final int ROW_BRANCHES = 2;

    /** Most branches a sorted page merges by index before it falls back to one filtered scan. */
    private static final int MAX_BRANCHES = 64;

    private Condition scopeCondition(RecordType type, UUID workspaceId, Scope scope, FieldCatalog catalog) {
        return ScopeSql.condition(scope, new RecordColumnsFor(type, catalog), units.keysOf(workspaceId));
    }

    /**
     * One record as stored: its built-in values by API key, and its custom values. A single record
     * of a type with parents (an activity) is read with the record it belongs to, which decisions
     * about it need; rows of a page carry none (the page's SQL already required the parent readable).
     */
    public record Row(
            RecordType type,
            UUID id,
            UUID ownerId,
            Map<String, Object> builtIns,
            Map<String, Object> custom,
            long version,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            Map<UserId, ShareLevel> shares,
            Map<UserId, ListAccess> lists,
            Row parent) {

        public UUID stageId() {
            return (UUID) builtIns.get("stageId");
        }

        /** The record as the engine sees it. */
        public RecordFacts facts(FieldCatalog catalog) {
            RecordFacts facts = Records.facts(type, catalog, id.toString(), ownerId, builtIns, custom)
                    .withShares(shares)
                    .withLists(lists);
            return parent == null ? facts : facts.withParent(parent.facts(catalog));
        }

        Row withParent(Row other) {
            return new Row(type, id, ownerId, builtIns, custom, version, createdAt, updatedAt, shares, lists, other);
        }

        /** The link to the record this one belongs to: its entity and id, or null. */
        Map.Entry<RecordType, UUID> parentLink() {
            for (var link : type.entity.parents()) {
                Object id = builtIns.get(link.field());
                if (id != null) {
                    return Map.entry(RecordType.of(link.entity()).orElseThrow(), (UUID) id);
                }
            }
            return null;
        }
    }

    static RecordFacts facts(
            RecordType type,
            FieldCatalog catalog,
            String id,
            UUID ownerId,
            Map<String, Object> builtIns,
            Map<String, Object> custom) {
        Map<String, Value> values = new HashMap<>();
        values.put("ownerId", Value.text(ownerId.toString()));
        builtIns.forEach((key, raw) -> {
            if (raw instanceof BigDecimal n) {
                values.put(key, new Value.Number(n));
            } else if (raw instanceof OffsetDateTime at) {
                values.put(key, new Value.Timestamp(at.toInstant()));
            } else if (raw instanceof Boolean b) {
                values.put(key, new Value.Bool(b));
            } else if (raw != null) {
                values.put(key, Value.text(raw.toString()));
            }
        });
        custom.forEach((key, raw) -> {
            FieldType t = catalog.typeOf(type.entity, key).orElse(null);
            if (raw != null && t != null) {
                values.put(
                        key,
                        switch (t) {
                            case NUMBER -> new Value.Number(new BigDecimal(raw.toString()));
                            case DATE -> new Value.Date(LocalDate.parse(raw.toString()));
                            case TIMESTAMP -> new Value.Timestamp(Instant.parse(raw.toString()));
                            case BOOLEAN -> new Value.Bool(Boolean.parseBoolean(raw.toString()));
                            case TEXT -> Value.text(raw.toString());
                        });
            }
        });
        UUID stage = (UUID) builtIns.get("stageId");
        return new RecordFacts(type.entity, id, new UserId(ownerId), stage == null ? null : new StageId(stage), values);
    }

    private Condition scoped(RecordType type, UUID workspaceId, Scope scope, FieldCatalog catalog) {
        return type.workspaceId
                .eq(workspaceId)
                .and(type.deletedAt.isNull())
                .and(scopeCondition(type, workspaceId, scope, catalog));
    }

    /**
     * The record, if it exists, is not in the recycle bin, and the scope admits it; with the record
     * it belongs to, if any and not in the recycle bin either (decisions about it need that one too).
     */
    public Optional<Row> find(RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog) {
        return rows(
                        type,
                        db.select(readColumns(type))
                                .from(type.table)
                                .where(scoped(type, workspaceId, scope, catalog))
                                .and(type.id.eq(id)))
                .stream()
                .findFirst()
                .map(row -> withParent(row, workspaceId, catalog));
    }

    /**
     * A record as it would be written (created, or changed), with the record its links name when its
     * type has parents: decisions about an activity need its deal.
     */
    RecordFacts factsToWrite(
            RecordType type,
            UUID workspaceId,
            FieldCatalog catalog,
            String id,
            UUID ownerId,
            Map<String, Object> builtIns,
            Map<String, Object> custom) {
        RecordFacts facts = facts(type, catalog, id, ownerId, builtIns, custom);
        for (var link : type.entity.parents()) {
            if (builtIns.get(link.field()) instanceof UUID parentId) {
                return facts.withParent(find(
                                RecordType.of(link.entity()).orElseThrow(),
                                workspaceId,
                                parentId,
                                Scope.EVERYTHING,
                                catalog)
                        .map(parent -> parent.facts(catalog))
                        .orElse(null));
            }
        }
        return facts;
    }

    /** The row with the record it belongs to, read whole (everyone's shares and lists), if it has one. */
    private Row withParent(Row row, UUID workspaceId, FieldCatalog catalog) {
        var link = row.parentLink();
        if (link == null) {
            return row;
        }
        return row.withParent(find(link.getKey(), workspaceId, link.getValue(), Scope.EVERYTHING, catalog)
                .orElse(null));
    }

    /** One share as the API shows it. */
    record Share(UUID userId, ShareLevel level, UUID createdBy, OffsetDateTime createdAt) {}

    List<Share> shares(RecordType type, UUID workspaceId, UUID id) {
        return db.select(
                        RECORD_SHARE.USER_ID,
                        RECORD_SHARE.SHARE_LEVEL,
                        RECORD_SHARE.CREATED_BY,
                        RECORD_SHARE.CREATED_AT)
                .from(RECORD_SHARE)
                .where(RECORD_SHARE.WORKSPACE_ID.eq(workspaceId))
                .and(RECORD_SHARE.RECORD_TYPE.eq(type.entity.key()))
                .and(RECORD_SHARE.RECORD_ID.eq(id))
                .orderBy(RECORD_SHARE.CREATED_AT)
                .fetch(r -> new Share(r.value1(), ShareLevel.valueOf(r.value2()), r.value3(), r.value4()));
    }

    void share(RecordType type, UUID workspaceId, UUID id, UUID userId, ShareLevel level, UUID by) {
        units.shareGiven(workspaceId, userId, type.entity.key());
        db.insertInto(RECORD_SHARE)
                .set(RECORD_SHARE.WORKSPACE_ID, workspaceId)
                .set(RECORD_SHARE.RECORD_TYPE, type.entity.key())
                .set(RECORD_SHARE.RECORD_ID, id)
                .set(RECORD_SHARE.USER_ID, userId)
                .set(RECORD_SHARE.SHARE_LEVEL, level.name())
                .set(RECORD_SHARE.CREATED_BY, by)
                .onConflict(
                        RECORD_SHARE.WORKSPACE_ID,
                        RECORD_SHARE.RECORD_TYPE,
                        RECORD_SHARE.RECORD_ID,
                        RECORD_SHARE.USER_ID)
                .doUpdate()
                .set(RECORD_SHARE.SHARE_LEVEL, level.name())
                .execute();
    }

    boolean unshare(RecordType type, UUID workspaceId, UUID id, UUID userId) {
        return db.deleteFrom(RECORD_SHARE)
                        .where(RECORD_SHARE.WORKSPACE_ID.eq(workspaceId))
                        .and(RECORD_SHARE.RECORD_TYPE.eq(type.entity.key()))
                        .and(RECORD_SHARE.RECORD_ID.eq(id))
                        .and(RECORD_SHARE.USER_ID.eq(userId))
                        .execute()
                == 1;
    }

    @Override
    public Optional<RecordFacts> facts(
            UUID workspaceId, io.custodia.policy.EntityType entity, UUID id, Scope visibleTo) {
        Optional<RecordType> type = RecordType.of(entity);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        return find(type.get(), workspaceId, id, visibleTo, catalog).map(row -> row.facts(catalog));
    }

    @Override
    public Map<UUID, Map<String, Object>> views(
            UUID workspaceId,
            io.custodia.policy.EntityType entity,
            java.util.Collection<UUID> ids,
            CompiledAccess reader) {
        Optional<RecordType> type = RecordType.of(entity);
        if (type.isEmpty() || ids.isEmpty()) {
            return Map.of();
        }
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        RecordType t = type.get();
        Map<UUID, Map<String, Object>> views = new HashMap<>();
        read(
                t,
                db.select(readColumns(t))
                        .from(t.table)
                        .where(scoped(t, workspaceId, reader.scope(entity, io.custodia.policy.Action.READ), catalog))
                        .and(t.id.in(java.util.Set.copyOf(ids))),
                row -> views.put(row.id(), RecordController.view(row, reader, catalog)));
        return views;
    }

    @Override
    public long countInsideNotOutside(
            UUID workspaceId, io.custodia.policy.EntityType entity, Scope inside, Scope outside) {
        Optional<RecordType> type = RecordType.of(entity);
        if (type.isEmpty()) {
            return 0;
        }
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        RecordColumnsFor columns = new RecordColumnsFor(type.get(), catalog);
        Condition notOutside = ScopeSql.notAdmitted(ScopeSql.condition(outside, columns, units.keysOf(workspaceId)));
        return db.fetchCount(
                type.get().table,
                scoped(type.get(), workspaceId, inside, catalog).and(notOutside));
    }

    @Override
    public void share(
            UUID workspaceId, io.custodia.policy.EntityType entity, UUID id, UUID userId, ShareLevel level, UUID by) {
        share(RecordType.of(entity).orElseThrow(), workspaceId, id, userId, level, by);
    }

    @Override
    public long countOwnedBy(UUID workspaceId, UUID ownerId) {
        long owned = 0;
        for (RecordType type : RecordType.values()) {
            owned += db.fetchCount(
                    type.table,
                    type.workspaceId
                            .eq(workspaceId)
                            .and(type.ownerId.eq(ownerId))
                            .and(type.deletedAt.isNull()));
        }
        return owned;
    }

    /**
     * Whether the scope holds any way in for the user it was made for: not when every branch of it
     * is nothing, or a share or list path the user does not hold (the unit keys' knowledge).
     */
    boolean holdsAny(RecordType type, UUID workspaceId, Scope scope) {
        return !ScopeSql.branches(
                        scope,
                        new RecordColumnsFor(type, catalogs.catalogOf(workspaceId)),
                        units.keysOf(workspaceId),
                        MAX_BRANCHES)
                .isEmpty();
    }

    /** Whether the scope admits the record (for actions on a record already read). */
    public boolean admits(RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog) {
        return db.fetchExists(db.selectOne()
                .from(type.table)
                .where(scoped(type, workspaceId, scope, catalog))
                .and(type.id.eq(id)));
    }

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
            RecordType type, UUID workspaceId, FieldCatalog catalog, Filters filters, String field, Condition c) {
        Scope visible = filters.visible().of(field);
        if (visible instanceof Scope.Everything) {
            return c;
        }
        if (visible instanceof Scope.Nothing) {
            return DSL.falseCondition();
        }
        return c.and(scopeCondition(type, workspaceId, visible, catalog));
    }

    /**
     * A keyset page of the records the scope admits, read for {@code viewer} (whose scope it is):
     * each row carries only the viewer's own shares and list entries, which are all that decisions
     * about the viewer read (who else a record is shared with never changes what she may do). A
     * null viewer reads everyone's, to decide for several people.
     */
    @SuppressWarnings("unchecked")
    public List<Row> page(
            RecordType type,
            UUID workspaceId,
            UUID viewer,
            Scope scope,
            FieldCatalog catalog,
            Filters filters,
            Sort sort,
            List<String> after,
            int limit) {
        List<Condition> where = new ArrayList<>();
        where.add(type.workspaceId.eq(workspaceId));
        where.add(type.deletedAt.isNull());
        if (filters.searching()) {
            // A text matches only fields the reader may see on that record (hidden ones never answer).
            String pattern = io.custodia.platform.Searches.containing(filters.q());
            where.add(DSL.or(type.searched.stream()
                    .map(key -> whereVisible(
                            type,
                            workspaceId,
                            catalog,
                            filters,
                            key,
                            type.text(key).likeIgnoreCase(pattern, io.custodia.platform.Searches.ESCAPE)))
                    .toList()));
        }
        if (filters.ownerId() != null) {
            where.add(whereVisible(type, workspaceId, catalog, filters, "ownerId", type.ownerId.eq(filters.ownerId())));
        }
        if (filters.stageId() != null) {
            where.add(
                    type.stageId == null
                            ? DSL.falseCondition()
                            : whereVisible(
                                    type,
                                    workspaceId,
                                    catalog,
                                    filters,
                                    "stageId",
                                    type.stageId.eq(filters.stageId())));
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
                        .map(b -> whereVisible(
                                type, workspaceId, catalog, filters, key, ((Field<UUID>) b.column()).eq(parent)))
                        .orElse(DSL.falseCondition())));
        List<SortField<?>> order = new ArrayList<>();
        switch (sort) {
            case UPDATED_AT_DESC -> {
                if (after != null) {
                    where.add(DSL.row(type.updatedAt, type.id)
                            .lt(OffsetDateTime.parse(after.get(0)), UUID.fromString(after.get(1))));
                }
                order.addAll(byTime(sort, type.updatedAt, type.id));
            }
            case UPDATED_AT_ASC -> {
                if (after != null) {
                    where.add(DSL.row(type.updatedAt, type.id)
                            .gt(OffsetDateTime.parse(after.get(0)), UUID.fromString(after.get(1))));
                }
                order.addAll(byTime(sort, type.updatedAt, type.id));
            }
            case NAME -> {
                // Where the name is hidden from the reader it sorts as empty: the order tells nothing of it.
                Scope shown = filters.visible().of(type.nameKey);
                Field<String> name = shown instanceof Scope.Everything
                        ? DSL.coalesce(type.name, DSL.inline(""))
                        : DSL.coalesce(
                                DSL.when(scopeCondition(type, workspaceId, shown, catalog), type.name), DSL.inline(""));
                if (after != null) {
                    where.add(DSL.row(name, type.id).gt(after.get(0), UUID.fromString(after.get(1))));
                }
                order.add(name.asc());
                order.add(type.id.asc());
            }
        }
        RecordColumnsFor columns = new RecordColumnsFor(type, catalog);
        OwnerUnits.Keys keys = units.keysOf(workspaceId);
        // Sorted by time, each branch of the scope reads its first rows through its own index and
        // the page merges them; ordered by name, no index helps, so one filtered scan does.
        List<Condition> branches = sort == Sort.NAME
                ? List.of(ScopeSql.condition(scope, columns, keys))
                : ScopeSql.branches(scope, columns, keys, MAX_BRANCHES);
        if (branches.isEmpty()) {
            return List.of();
        }
        // The page size is inlined: with LIMIT as a parameter PostgreSQL's generic plan cannot know
        // it reads 50 rows, so it would plan every execution afresh (milliseconds for many branches).
        ResultQuery<?> query;
        if (branches.size() == 1) {
            query = db.select(readColumns(type, type.table, viewer, keys))
                    .from(type.table)
                    .where(where)
                    .and(branches.get(0))
                    .orderBy(order)
                    .limit(DSL.inline(limit));
        } else if (branches.size() <= ROW_BRANCHES) {
            // A few branches each read their first rows whole and the page takes the best of them:
            // cheaper than keys first when a branch's index cannot answer alone (an owner's).
            List<Field<?>> branchColumns = rowColumns(type);
            branchColumns.add(type.workspaceId);
            Table<org.jooq.Record> merged =
                    firstsOfEach(type, branchColumns, where, branches, order, limit, Merge.DISJOINT);
            Field<OffsetDateTime> mergedAt = merged.field(type.updatedAt);
            Field<UUID> mergedId = merged.field(type.id);
            query = db.select(readColumns(type, merged, viewer, keys))
                    .from(merged)
                    .orderBy(byTime(sort, mergedAt, mergedId))
                    .limit(DSL.inline(limit));
        } else {
            // Each branch's first keys (from its index alone), the best of them, then only those rows.
            Table<org.jooq.Record> merged =
                    firstsOfEach(type, List.of(type.id, type.updatedAt), where, branches, order, limit, Merge.DISTINCT);
            Field<UUID> mergedId = merged.field(type.id);
            Field<OffsetDateTime> mergedAt = merged.field(type.updatedAt);
            var best = DSL.select(mergedId, mergedAt)
                    .from(merged)
                    .orderBy(byTime(sort, mergedAt, mergedId))
                    .limit(DSL.inline(limit))
                    .asTable("best");
            query = db.select(readColumns(type, type.table, viewer, keys))
                    .from(type.table)
                    .join(best)
                    .on(type.id.eq(best.field(mergedId)))
                    .where(type.workspaceId.eq(workspaceId))
                    .orderBy(order);
        }
        return filters.searching() ? searched(type, query) : rows(type, query);
    }

    /**
     * The page of a text search, which no index serves (row-level security keeps PostgreSQL from
     * using a non-leakproof operator such as ILIKE in an index condition, so a trigram index is never
     * used): it reads the records in reach until it has a page, all of them when the text is rare
     * (45 s over 10,000,000 deals). PostgreSQL stops it after {@code custodia.search.timeout}.
     */
    private List<Row> searched(RecordType type, ResultQuery<?> query) {
        try {
            return tx.execute(status -> {
                db.execute("set local statement_timeout = " + Math.max(1, searchTimeout.toMillis()));
                return rows(type, query);
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
     * How branches' first rows are united so that a record several branches admit comes once:
     * DISJOINT restricts each branch to what no earlier one admits and keeps every row (removing
     * duplicates from whole rows is a sort of every column, a third of a two-branch page's time in
     * PostgreSQL); DISTINCT removes duplicates, cheap over keys.
     */
    private enum Merge {
        DISJOINT,
        DISTINCT
    }

    /** Each branch's first rows (of {@code columns}) in the page's order, united as {@code merge} says. */
    private static Table<org.jooq.Record> firstsOfEach(
            RecordType type,
            List<? extends Field<?>> columns,
            List<Condition> where,
            List<Condition> branches,
            List<SortField<?>> order,
            int limit,
            Merge merge) {
        org.jooq.Select<org.jooq.Record> firsts = null;
        List<Condition> earlier = new ArrayList<>();
        for (Condition admitted : branches) {
            Condition branch = merge == Merge.DISJOINT && !earlier.isEmpty()
                    ? admitted.and(ScopeSql.notAdmitted(DSL.or(earlier)))
                    : admitted;
            earlier.add(admitted);
            var first = DSL.select(columns)
                    .from(type.table)
                    .where(where)
                    .and(branch)
                    .orderBy(order)
                    .limit(DSL.inline(limit));
            firsts = firsts == null ? first : merge == Merge.DISJOINT ? firsts.unionAll(first) : firsts.union(first);
        }
        return firsts.asTable("firsts");
    }

    void insert(
            RecordType type,
            UUID workspaceId,
            UUID id,
            UUID ownerId,
            Map<String, Object> builtIns,
            Map<String, Object> custom) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(type.workspaceId, workspaceId);
        values.put(type.id, id);
        values.put(type.ownerId, ownerId);
        values.put(type.ownerUnit, units.unitForWriteOf(workspaceId, ownerId));
        builtIns.forEach(
                (key, value) -> values.put(type.builtIn(key).orElseThrow().column(), value));
        values.put(type.fields, JSONB.valueOf(JSON.writeValueAsString(custom)));
        db.insertInto(type.table).set(values).execute();
    }

    /** A new record ready to store. */
    record NewRecord(UUID id, UUID ownerId, Map<String, Object> builtIns, Map<String, Object> custom) {}

    /**
     * Stores many new records at once through PostgreSQL COPY into a staging table, then one
     * set-based insert, inside the caller's transaction: all of them or none.
     */
    int insertAll(RecordType type, UUID workspaceId, List<NewRecord> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        String staging = "import_staging_" + UUID.randomUUID().toString().replace("-", "");
        List<String> columns = new ArrayList<>(
                List.of(type.workspaceId.getName(), type.id.getName(), type.ownerId.getName(), type.fields.getName()));
        type.builtIns.forEach(b -> columns.add(b.column().getName()));
        String columnList = String.join(", ", columns);
        String stagedColumns =
                String.join(", ", columns.stream().map(c -> "s." + c).toList());
        return db.connectionResult(connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("create temp table " + staging + " (like " + type.table.getName()
                        + " including defaults) on commit drop");
            }
            StringBuilder csv = new StringBuilder();
            try (var printer =
                    new org.apache.commons.csv.CSVPrinter(csv, org.apache.commons.csv.CSVFormat.POSTGRESQL_CSV)) {
                for (NewRecord row : rows) {
                    List<Object> values = new ArrayList<>();
                    values.add(workspaceId);
                    values.add(row.id());
                    values.add(row.ownerId());
                    values.add(JSON.writeValueAsString(row.custom()));
                    for (RecordType.BuiltIn b : type.builtIns) {
                        Object v = row.builtIns().get(b.key());
                        values.add(v instanceof BigDecimal n ? n.toPlainString() : v);
                    }
                    printer.printRecord(values);
                }
            }
            org.postgresql.copy.CopyManager copy =
                    connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            copy.copyIn(
                    "copy " + staging + " (" + columnList + ") from stdin (format csv)",
                    new java.io.StringReader(csv.toString()));
            units.lockSharedAll(
                    workspaceId, rows.stream().map(NewRecord::ownerId).collect(java.util.stream.Collectors.toSet()));
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate("insert into " + type.table.getName() + " (" + columnList
                        + ", owner_unit) select "
                        + stagedColumns
                        + ", uu.unit_id from " + staging + " s left join user_unit uu"
                        + " on uu.workspace_id = s.workspace_id and uu.user_id = s.owner_id");
            }
        });
    }

    /** Applies the changes if the record is still at {@code version}; false when it moved on meanwhile. */
    boolean update(
            RecordType type,
            UUID workspaceId,
            UUID id,
            long version,
            UUID ownerId,
            Map<String, Object> builtIns,
            Map<String, Object> custom) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(type.ownerId, ownerId);
        values.put(type.ownerUnit, units.unitForWriteOf(workspaceId, ownerId));
        builtIns.forEach(
                (key, value) -> values.put(type.builtIn(key).orElseThrow().column(), value));
        values.put(type.fields, JSONB.valueOf(JSON.writeValueAsString(custom)));
        values.put(type.version, type.version.plus(1));
        values.put(type.updatedAt, DSL.currentOffsetDateTime());
        return db.update(type.table)
                        .set(values)
                        .where(type.workspaceId.eq(workspaceId))
                        .and(type.id.eq(id))
                        .and(type.version.eq(version))
                        .and(type.deletedAt.isNull())
                        .execute()
                == 1;
    }

    /** Sends the record to the recycle bin. */
    boolean moveToTrash(RecordType type, UUID workspaceId, UUID id) {
        return db.update(type.table)
                        .set(type.deletedAt, DSL.currentOffsetDateTime())
                        .set(type.version, type.version.plus(1))
                        .where(type.workspaceId.eq(workspaceId))
                        .and(type.id.eq(id))
                        .and(type.deletedAt.isNull())
                        .execute()
                == 1;
    }

    /** A record in the recycle bin. */
    record Trashed(RecordType type, UUID id, String name, OffsetDateTime deletedAt) {}

    /**
     * The newest trashed records of a type that the scope admits, after the cursor (deletedAt, id),
     * each named where {@code named} admits it (the name is hidden from the reader elsewhere).
     */
    List<Trashed> trash(
            RecordType type,
            UUID workspaceId,
            Scope scope,
            Scope named,
            FieldCatalog catalog,
            OffsetDateTime beforeAt,
            UUID beforeId,
            int limit) {
        Condition where = type.workspaceId
                .eq(workspaceId)
                .and(type.deletedAt.isNotNull())
                .and(scopeCondition(type, workspaceId, scope, catalog));
        if (beforeAt != null) {
            where = where.and(DSL.row(type.deletedAt, type.id).lt(beforeAt, beforeId));
        }
        Field<String> name = named instanceof Scope.Everything
                ? type.name
                : DSL.when(scopeCondition(type, workspaceId, named, catalog), type.name);
        return db.select(type.id, name, type.deletedAt)
                .from(type.table)
                .where(where)
                .orderBy(type.deletedAt.desc(), type.id.desc())
                .limit(limit)
                .fetch(r -> new Trashed(type, r.value1(), r.value2(), r.value3()));
    }

    /** Takes a record out of the recycle bin if the scope admits it; false when there is no such record for the caller. */
    boolean restore(RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog) {
        return db.update(type.table)
                        .set(type.deletedAt, (OffsetDateTime) null)
                        .set(type.version, type.version.plus(1))
                        .set(type.updatedAt, DSL.currentOffsetDateTime())
                        .where(type.workspaceId.eq(workspaceId))
                        .and(type.id.eq(id))
                        .and(type.deletedAt.isNotNull())
                        .and(scopeCondition(type, workspaceId, scope, catalog))
                        .execute()
                == 1;
    }

    /** The contacts each deal is with that the scope admits (the reader's), by deal: no id of a contact they cannot read. */
    Map<UUID, List<UUID>> contactsOfDeals(
            UUID workspaceId, java.util.Collection<UUID> dealIds, Scope readable, FieldCatalog catalog) {
        Map<UUID, List<UUID>> contacts = new HashMap<>();
        if (dealIds.isEmpty()) {
            return contacts;
        }
        RecordType contact = RecordType.CONTACTS;
        db.select(DEAL_CONTACT.DEAL_ID, DEAL_CONTACT.CONTACT_ID)
                .from(DEAL_CONTACT)
                .join(contact.table)
                .on(contact.workspaceId.eq(DEAL_CONTACT.WORKSPACE_ID))
                .and(contact.id.eq(DEAL_CONTACT.CONTACT_ID))
                .where(DEAL_CONTACT.WORKSPACE_ID.eq(workspaceId))
                .and(DEAL_CONTACT.DEAL_ID.in(dealIds))
                .and(scoped(contact, workspaceId, readable, catalog))
                .orderBy(DEAL_CONTACT.CONTACT_ID)
                .forEach(r -> contacts.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(r.value2()));
        return contacts;
    }

    /**
     * Makes these the deal's contacts among those the writer can read (the scope): links to contacts
     * the writer cannot see are theirs neither to see nor to remove, and stay.
     */
    void setContactsOfDeal(
            UUID workspaceId,
            UUID dealId,
            java.util.Collection<UUID> contactIds,
            Scope readable,
            FieldCatalog catalog) {
        RecordType contact = RecordType.CONTACTS;
        db.deleteFrom(DEAL_CONTACT)
                .where(DEAL_CONTACT.WORKSPACE_ID.eq(workspaceId))
                .and(DEAL_CONTACT.DEAL_ID.eq(dealId))
                .and(DEAL_CONTACT.CONTACT_ID.in(DSL.select(contact.id)
                        .from(contact.table)
                        .where(scoped(contact, workspaceId, readable, catalog))))
                .execute();
        for (UUID c : new java.util.LinkedHashSet<>(contactIds)) {
            db.insertInto(DEAL_CONTACT)
                    .set(DEAL_CONTACT.WORKSPACE_ID, workspaceId)
                    .set(DEAL_CONTACT.DEAL_ID, dealId)
                    .set(DEAL_CONTACT.CONTACT_ID, c)
                    .onConflictDoNothing()
                    .execute();
        }
    }

    /**
     * Removes for good what has been in the recycle bin longer than {@code days}, in every
     * workspace. Activities and notes go with the deal, contact or company they belong to; links
     * from contacts and deals to a purged company are cleared.
     */
    int purge(int days) {
        OffsetDateTime before = OffsetDateTime.now().minusDays(days);
        var activity = io.custodia.platform.db.Tables.ACTIVITY;
        var note = io.custodia.platform.db.Tables.NOTE;
        var deal = io.custodia.platform.db.Tables.DEAL;
        var contact = io.custodia.platform.db.Tables.CONTACT;
        var company = io.custodia.platform.db.Tables.COMPANY;
        var oldDeals = DSL.select(deal.WORKSPACE_ID, deal.ID).from(deal).where(deal.DELETED_AT.lt(before));
        var oldContacts =
                DSL.select(contact.WORKSPACE_ID, contact.ID).from(contact).where(contact.DELETED_AT.lt(before));
        var oldCompanies =
                DSL.select(company.WORKSPACE_ID, company.ID).from(company).where(company.DELETED_AT.lt(before));
        int purged = 0;
        purged += db.deleteFrom(activity)
                .where(activity.DELETED_AT.lt(before))
                .or(DSL.row(activity.WORKSPACE_ID, activity.DEAL_ID).in(oldDeals))
                .or(DSL.row(activity.WORKSPACE_ID, activity.CONTACT_ID).in(oldContacts))
                .execute();
        purged += db.deleteFrom(note)
                .where(note.DELETED_AT.lt(before))
                .or(DSL.row(note.WORKSPACE_ID, note.DEAL_ID).in(oldDeals))
                .or(DSL.row(note.WORKSPACE_ID, note.CONTACT_ID).in(oldContacts))
                .or(DSL.row(note.WORKSPACE_ID, note.COMPANY_ID).in(oldCompanies))
                .execute();
        purged += db.deleteFrom(deal).where(deal.DELETED_AT.lt(before)).execute();
        purged += db.deleteFrom(contact).where(contact.DELETED_AT.lt(before)).execute();
        db.update(contact)
                .setNull(contact.COMPANY_ID)
                .where(DSL.row(contact.WORKSPACE_ID, contact.COMPANY_ID).in(oldCompanies))
                .execute();
        db.update(deal)
                .setNull(deal.COMPANY_ID)
                .where(DSL.row(deal.WORKSPACE_ID, deal.COMPANY_ID).in(oldCompanies))
                .execute();
        purged += db.deleteFrom(company).where(company.DELETED_AT.lt(before)).execute();
        return purged;
    }

    /** Streams every record of the type that the scope admits, oldest first, with its paths, to the consumer. */
    void forEach(
            RecordType type,
            UUID workspaceId,
            UUID viewer,
            Scope scope,
            FieldCatalog catalog,
            java.util.function.Consumer<Row> consumer) {
        read(
                type,
                db.select(readColumns(type, type.table, viewer, units.keysOf(workspaceId)))
                        .from(type.table)
                        .where(scoped(type, workspaceId, scope, catalog))
                        .orderBy(type.createdAt, type.id)
                        .fetchSize(1_000),
                consumer);
    }

    private static final String SHARES = "shares";
    private static final String LISTS = "lists";

    /**
     * What every read of records selects, in the order {@link #row} reads it: id, owner, version,
     * created and updated times, custom values, the built-in fields, who the record is shared with,
     * and for contacts what the shared lists holding it give their members. Shares and lists are
     * aggregated per row in the same statement (as a second query per page they cost a round trip
     * and a plan on every list).
     */
    private static final Map<RecordType, List<Field<?>>> READ_COLUMNS = new java.util.EnumMap<>(RecordType.class);

    /** The columns of a read for a viewer who holds no share of the type and is on no list. */
    private static final Map<RecordType, List<Field<?>>> VIEWER_COLUMNS = new java.util.EnumMap<>(RecordType.class);

    static {
        for (RecordType type : RecordType.values()) {
            READ_COLUMNS.put(type, readColumnsAdmitting(type, type.table, DSL.trueCondition(), DSL.trueCondition()));
            VIEWER_COLUMNS.put(type, readColumnsAdmitting(type, type.table, null, null));
        }
    }

    /** What a row holds, as stored (the first columns of {@link #READ_COLUMNS}). */
    private static List<Field<?>> rowColumns(RecordType type) {
        List<Field<?>> columns = new ArrayList<>(
                List.of(type.id, type.ownerId, type.version, type.createdAt, type.updatedAt, type.fields));
        type.builtIns.forEach(b -> columns.add(b.column()));
        return columns;
    }

    /**
     * The columns of a read for one viewer: her own share and list entries, or none (NULL, no
     * subquery) when the keys name her holding no share of the type or being on no list. Most
     * people hold neither, and each row then costs no look-up in the share table: a tenth of a
     * millisecond per page of 50 when that table has 100,000 rows (2026-12-03).
     */
    private static List<Field<?>> readColumns(RecordType type, Table<?> from, UUID viewer, OwnerUnits.Keys keys) {
        if (viewer == null) {
            return from == type.table
                    ? READ_COLUMNS.get(type)
                    : readColumnsAdmitting(type, from, DSL.trueCondition(), DSL.trueCondition());
        }
        boolean shares = keys.holdsShares(viewer, type.entity.key());
        boolean lists = keys.onAList(viewer, type.entity.key());
        if (!shares && !lists && from == type.table) {
            return VIEWER_COLUMNS.get(type);
        }
        return readColumnsAdmitting(
                type,
                from,
                shares ? RECORD_SHARE.USER_ID.eq(viewer) : null,
                lists ? LIST_MEMBER.USER_ID.eq(viewer) : null);
    }

    /**
     * The columns over {@code from} (the record table, or a derived table of its rows), with the
     * shares and list entries each condition admits (true: everyone's; null: none, and no subquery).
     */
    private static List<Field<?>> readColumnsAdmitting(
            RecordType type, Table<?> from, Condition sharesOf, Condition listEntriesOf) {
        List<Field<?>> columns = new ArrayList<>();
        rowColumns(type).forEach(c -> columns.add(from.field(c)));
        Field<UUID> workspaceId = from.field(type.workspaceId);
        Field<UUID> id = from.field(type.id);
        columns.add(
                sharesOf == null
                        ? DSL.inline((String) null).as(SHARES)
                        : DSL.field(DSL.select(DSL.jsonbObjectAgg(
                                                RECORD_SHARE.USER_ID.cast(String.class), RECORD_SHARE.SHARE_LEVEL))
                                        .from(RECORD_SHARE)
                                        .where(RECORD_SHARE.WORKSPACE_ID.eq(workspaceId))
                                        .and(RECORD_SHARE.RECORD_TYPE.eq(DSL.inline(type.entity.key())))
                                        .and(RECORD_SHARE.RECORD_ID.eq(id))
                                        .and(sharesOf))
                                .as(SHARES));
        if (type == RecordType.CONTACTS && listEntriesOf == null) {
            columns.add(DSL.inline((String) null).as(LISTS));
        } else if (type == RecordType.CONTACTS) {
            columns.add(DSL.field(DSL.select(DSL.jsonbArrayAgg(DSL.jsonbArray(
                                    LIST_MEMBER.USER_ID,
                                    LIST_MEMBER.LIST_LEVEL,
                                    CONTACT_LIST.HIDDEN_FIELDS,
                                    CONTACT_LIST.NAME,
                                    CONTACT_LIST.ID,
                                    LIST_CONTACT.LENDS,
                                    LIST_CONTACT.WITHHELD,
                                    LIST_CONTACT.READ_ONLY)))
                            .from(LIST_CONTACT)
                            .join(LIST_MEMBER)
                            .on(LIST_MEMBER
                                    .WORKSPACE_ID
                                    .eq(LIST_CONTACT.WORKSPACE_ID)
                                    .and(LIST_MEMBER.LIST_ID.eq(LIST_CONTACT.LIST_ID)))
                            .join(CONTACT_LIST)
                            .on(CONTACT_LIST
                                    .WORKSPACE_ID
                                    .eq(LIST_CONTACT.WORKSPACE_ID)
                                    .and(CONTACT_LIST.ID.eq(LIST_CONTACT.LIST_ID)))
                            .where(LIST_CONTACT.WORKSPACE_ID.eq(workspaceId))
                            .and(LIST_CONTACT.CONTACT_ID.eq(id))
                            .and(listEntriesOf))
                    .as(LISTS));
        }
        return List.copyOf(columns);
    }

    /** A JSON array of field names as read from a row. */
    @SuppressWarnings("unchecked")
    private static Set<String> names(Object array) {
        return array == null ? Set.of() : Set.copyOf((List<String>) array);
    }

    private static final ObjectReader CUSTOM_VALUES = JSON.readerFor(LinkedHashMap.class);
    private static final ObjectReader SHARE_LEVELS = JSON.readerFor(Map.class);
    private static final ObjectReader LIST_ENTRIES = JSON.readerFor(List.class);

    private static List<Field<?>> readColumns(RecordType type) {
        return READ_COLUMNS.get(type);
    }

    /** The rows a query over {@link #readColumns} returns. */
    private List<Row> rows(RecordType type, ResultQuery<?> query) {
        List<Row> rows = new ArrayList<>();
        read(type, query, rows::add);
        return rows;
    }

    /**
     * Reads each row of a query over {@link #readColumns} from the driver by position: jOOQ renders
     * and binds the query, but building its records before ours was a third of a page's CPU time.
     */
    private static void read(RecordType type, ResultQuery<?> query, java.util.function.Consumer<Row> each) {
        try (ResultSet r = query.fetchResultSet()) {
            while (r.next()) {
                each.accept(row(type, r));
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading " + type.path, e);
        }
    }

    /** One row in the order of {@link #readColumns}. */
    @SuppressWarnings("unchecked")
    private static Row row(RecordType type, ResultSet r) throws SQLException {
        int at = 1;
        UUID id = r.getObject(at++, UUID.class);
        UUID ownerId = r.getObject(at++, UUID.class);
        long version = r.getLong(at++);
        OffsetDateTime createdAt = r.getObject(at++, OffsetDateTime.class);
        OffsetDateTime updatedAt = r.getObject(at++, OffsetDateTime.class);
        String json = r.getString(at++);
        Map<String, Object> custom = json == null ? Map.of() : CUSTOM_VALUES.readValue(json);
        Map<String, Object> builtIns = new LinkedHashMap<>();
        for (RecordType.BuiltIn b : type.builtIns) {
            builtIns.put(b.key(), r.getObject(at++, b.column().getType()));
        }
        Map<UserId, ShareLevel> shares = new HashMap<>();
        String shared = r.getString(at++);
        if (shared != null) {
            ((Map<String, String>) SHARE_LEVELS.readValue(shared))
                    .forEach((user, level) -> shares.put(new UserId(UUID.fromString(user)), ShareLevel.valueOf(level)));
        }
        Map<UserId, ListAccess> lists = new HashMap<>();
        String onLists = type == RecordType.CONTACTS ? r.getString(at) : null;
        if (onLists != null) {
            for (List<Object> entry : (List<List<Object>>) LIST_ENTRIES.readValue(onLists)) {
                lists.merge(
                        new UserId(UUID.fromString((String) entry.get(0))),
                        ListAccess.of(new ListEntry(
                                (String) entry.get(4),
                                (String) entry.get(3),
                                ListLevel.valueOf((String) entry.get(1)),
                                ListLevel.valueOf((String) entry.get(5)),
                                names(entry.get(2)),
                                names(entry.get(6)),
                                names(entry.get(7)))),
                        ListAccess::and);
            }
        }
        return new Row(type, id, ownerId, builtIns, custom, version, createdAt, updatedAt, shares, lists, null);
    }
}
