package io.custodia.records;

import static io.custodia.platform.db.Tables.CONTACT_LIST;
import static io.custodia.platform.db.Tables.LIST_CONTACT;
import static io.custodia.platform.db.Tables.LIST_MEMBER;
import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.access.OwnerUnits;
import io.custodia.access.ScopeSql;
import io.custodia.platform.PlainSql;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.ListAccess;
import io.custodia.policy.ListEntry;
import io.custodia.policy.ListLevel;
import io.custodia.policy.ShareLevel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/** How records are read: the columns every read selects and the rows built from them by position. */
final class RowReader {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RowReader() {}

    static final String SHARES = "shares";
    static final String LISTS = "lists";

    /**
     * What every read of records selects, in the order {@link #row} reads it: id, owner, version,
     * created and updated times, custom values, the built-in fields, who the record is shared with,
     * and for contacts what the shared lists holding it give their members. Shares and lists are
     * aggregated per row in the same statement (as a second query per page they cost a round trip
     * and a plan on every list).
     */
    static final Map<RecordType, List<Field<?>>> READ_COLUMNS = new HashMap<>();

    /** The columns of a read for a viewer who holds no share of the type and is on no list. */
    static final Map<RecordType, List<Field<?>>> VIEWER_COLUMNS = new HashMap<>();

    static {
        for (RecordType type : RecordType.values()) {
            READ_COLUMNS.put(type, readColumnsAdmitting(type, type.table, DSL.trueCondition(), DSL.trueCondition()));
            VIEWER_COLUMNS.put(type, readColumnsAdmitting(type, type.table, null, null));
        }
    }

    /** What a row holds, as stored (the first columns of {@link #READ_COLUMNS}). */
    static List<Field<?>> rowColumns(RecordType type) {
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
    static List<Field<?>> readColumns(RecordType type, Table<?> from, UUID viewer, OwnerUnits.Keys keys) {
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
    static List<Field<?>> readColumnsAdmitting(
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
                                        .and(ScopeSql.live(RECORD_SHARE.EXPIRES_AT))
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
                                    LIST_CONTACT.READ_ONLY,
                                    LIST_MEMBER.EXPIRES_AT)))
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
                            .and(ScopeSql.live(LIST_MEMBER.EXPIRES_AT))
                            .and(listEntriesOf))
                    .as(LISTS));
        }
        return List.copyOf(columns);
    }

    /** A JSON array of field names as read from a row. */
    @SuppressWarnings("unchecked")
    static Set<String> names(Object array) {
        return array == null ? Set.of() : Set.copyOf((List<String>) array);
    }

    static final ObjectReader CUSTOM_VALUES = JSON.readerFor(LinkedHashMap.class);
    static final ObjectReader SHARE_LEVELS = JSON.readerFor(Map.class);
    static final ObjectReader LIST_ENTRIES = JSON.readerFor(List.class);

    static List<Field<?>> readColumns(RecordType type) {
        return READ_COLUMNS.get(type);
    }

    /**
     * The rows of a kept statement over {@link #readColumns}, followed, when {@code contactIds}
     * says so, by a deal's readable contacts ({@link RecordQueries#contactIds}).
     */
    static List<RecordRow> rows(
            RecordType type, DSLContext db, PlainSql statement, OwnerUnits.Keys keys, boolean contactIds) {
        return rows(type, db, statement, keys, contactIds, false);
    }

    /** As above, each row with the record it belongs to when {@code parents} (the columns of {@link #withParents}). */
    static List<RecordRow> rows(
            RecordType type,
            DSLContext db,
            PlainSql statement,
            OwnerUnits.Keys keys,
            boolean contactIds,
            boolean parents) {
        int parentsAt = 1 + width(type, contactIds);
        boolean joined = parents && !type.entity.parents().isEmpty();
        return statement.read(db, r -> {
            List<RecordRow> rows = new ArrayList<>();
            while (r.next()) {
                RecordRow row = row(type, r, keys, contactIds, 1);
                rows.add(joined ? row.withParent(parent(type, r, keys, parentsAt)) : row);
            }
            return rows;
        });
    }

    /** A table of a type's rows joined with the records they belong to, and those records' columns. */
    record WithParents(Table<?> from, List<Field<?>> columns) {}

    /**
     * {@code from} (the type's table or a derived table of its rows, with its workspace and links)
     * with, for each parent type, the record the row belongs to through it, read for {@code viewer}
     * as the rows are: decisions about an activity need its deal, and a second statement per page
     * for them was a fifth of an activities page. Only the first link set is followed, as {@link
     * RecordRow#parentLink} does; a parent gone (deleted) joins nothing, and no parent means no path.
     */
    @SuppressWarnings("unchecked")
    static WithParents withParents(RecordType type, Table<?> from, UUID viewer, OwnerUnits.Keys keys) {
        Table<?> joined = from;
        List<Field<?>> columns = new ArrayList<>();
        List<Condition> earlierUnset = new ArrayList<>();
        for (var link : type.entity.parents()) {
            RecordType parentType = RecordType.of(link.entity()).orElseThrow();
            Field<UUID> linked = from.field(
                    (Field<UUID>) type.builtIn(link.field()).orElseThrow().column());
            Table<?> parent = DSL.lateral(DSL.select(readColumns(parentType, parentType.table, viewer, keys))
                    .from(parentType.table)
                    .where(parentType.workspaceId.eq(from.field(type.workspaceId)))
                    .and(parentType.id.eq(linked))
                    .and(parentType.deletedAt.isNull())
                    .and(DSL.and(earlierUnset))
                    // One row at most (by key) either way; the limit keeps PostgreSQL from turning the
                    // join into hashes of every parent row (a scan of all deals per page) instead of
                    // looking up each page row's parent.
                    .limit(DSL.inline(1))
                    .asTable("parent_" + parentType.table.getName()));
            joined = joined.leftJoin(parent).on(DSL.trueCondition());
            columns.addAll(List.of(parent.fields()));
            earlierUnset.add(linked.isNull());
        }
        return new WithParents(joined, columns);
    }

    /** The record a row belongs to, from the columns {@link #withParents} added from {@code first} on. */
    private static RecordRow parent(RecordType type, ResultSet r, OwnerUnits.Keys keys, int first) throws SQLException {
        int at = first;
        for (var link : type.entity.parents()) {
            RecordType parentType = RecordType.of(link.entity()).orElseThrow();
            if (r.getObject(at) != null) {
                return row(parentType, r, keys, false, at);
            }
            at += width(parentType, false);
        }
        return null;
    }

    /** How many columns {@link #row} reads for a type: those of {@link #readColumns}, and a deal's contacts. */
    private static int width(RecordType type, boolean contactIds) {
        return READ_COLUMNS.get(type).size() + (contactIds ? 1 : 0);
    }

    /**
     * Reads each row of a query over {@link #readColumns} from the driver by position: jOOQ renders
     * and binds the query, but building its records before ours was a third of a page's CPU time.
     * The owner is the effective one ({@link OwnerUnits.Keys#ownerOf}): the successor while an
     * offboarding's overlay names the stored owner, so the answers, the exports and the engine's
     * facts all see the owner that lists see.
     */
    static void read(RecordType type, ResultQuery<?> query, OwnerUnits.Keys keys, Consumer<RecordRow> each) {
        try (ResultSet r = query.fetchResultSet()) {
            while (r.next()) {
                each.accept(row(type, r, keys, false, 1));
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading " + type.path, e);
        }
    }

    /**
     * One row in the order of {@link #readColumns} from column {@code first} on, and a deal's
     * readable contacts after it if read.
     */
    @SuppressWarnings("unchecked")
    static RecordRow row(RecordType type, ResultSet r, OwnerUnits.Keys keys, boolean contactIds, int first)
            throws SQLException {
        int at = first;
        UUID id = r.getObject(at++, UUID.class);
        UUID ownerId = keys.ownerOf(r.getObject(at++, UUID.class));
        long version = r.getLong(at++);
        OffsetDateTime createdAt = r.getObject(at++, OffsetDateTime.class);
        OffsetDateTime updatedAt = r.getObject(at++, OffsetDateTime.class);
        String json = r.getString(at++);
        // Most records hold no custom value: no parser for those.
        Map<String, Object> custom = json == null || json.equals("{}") ? Map.of() : CUSTOM_VALUES.readValue(json);
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
                                names(entry.get(7)),
                                entry.get(8) == null
                                        ? null
                                        : OffsetDateTime.parse((String) entry.get(8))
                                                .toInstant())),
                        ListAccess::and);
            }
        }
        List<UUID> contacts = contactIds ? List.of((UUID[]) r.getArray(at).getArray()) : null;
        return new RecordRow(
                type, id, ownerId, builtIns, custom, version, createdAt, updatedAt, shares, lists, null, contacts);
    }
}
