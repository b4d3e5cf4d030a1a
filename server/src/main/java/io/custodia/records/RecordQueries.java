package io.custodia.records;

import static io.custodia.platform.db.Tables.DEAL_CONTACT;
import static io.custodia.platform.db.Tables.LIST_MEMBER;
import static io.custodia.platform.db.Tables.RECORD_SHARE;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custodia.access.FieldCatalogs;
import io.custodia.access.OwnerUnits;
import io.custodia.access.RecordColumns;
import io.custodia.access.ScopeSql;
import io.custodia.platform.PlainSql;
import io.custodia.platform.RenderedOnce;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Reads of records through a scope (one record, its shares, a deal's contacts, the recycle bin, an
 * export's rows): each query that returns records carries the caller's scope, translated to SQL by
 * {@link ScopeSql}, so nothing is ever filtered after it is read.
 */
@Repository
class RecordQueries {
    private final DSLContext db;
    private final FieldCatalogs catalogs;
    private final OwnerUnits units;
    private final PageStatements statements;
    private final RenderedOnce once;
    private final Cache<List<Object>, Boolean> holds = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    RecordQueries(
            DSLContext db, FieldCatalogs catalogs, OwnerUnits units, PageStatements statements, RenderedOnce once) {
        this.db = db;
        this.catalogs = catalogs;
        this.units = units;
        this.statements = statements;
        this.once = once;
    }

    Condition scopeCondition(RecordType type, UUID workspaceId, Scope scope, FieldCatalog catalog) {
        return scopeCondition(type, scope, catalog, units.keysOf(workspaceId));
    }

    /**
     * The scope in SQL with these unit keys: a statement made of several translations takes the
     * keys once, so that none of its parts sees keys another part did not (PageStatements keeps it
     * under those keys).
     */
    Condition scopeCondition(RecordType type, Scope scope, FieldCatalog catalog, OwnerUnits.Keys keys) {
        return ScopeSql.condition(scope, new RecordColumnsFor(type, catalog), keys);
    }

    /**
     * The owner column as every read sees it (the successor while an offboarding's overlay names
     * the stored owner), for reports grouping by owner.
     */
    Field<UUID> effectiveOwner(Field<UUID> ownerId, UUID workspaceId) {
        return ScopeSql.effectiveOwner(ownerId, units.keysOf(workspaceId));
    }

    /** Who owns a record stored with this owner, for every read: the successor while an overlay names them. */
    UUID ownerAsRead(UUID workspaceId, UUID owner) {
        return units.keysOf(workspaceId).ownerOf(owner);
    }

    /** The scope over other columns than a record table's own (the pipeline's kept sums). */
    Condition scopeCondition(RecordColumns columns, UUID workspaceId, Scope scope) {
        return ScopeSql.condition(scope, columns, units.keysOf(workspaceId));
    }

    /**
     * Where a field is visible to a reader, as a condition on the record table: the engine's field
     * scope in SQL, with no SQL at all when it is visible everywhere or nowhere. The one translation
     * used by searches, filters and sorts (RecordListing) and by the reports (ReportQueries).
     */
    Condition shownWhere(RecordType type, Scope visible, FieldCatalog catalog, OwnerUnits.Keys keys) {
        return shownWhere(new RecordColumnsFor(type, catalog), visible, keys);
    }

    Condition shownWhere(RecordColumns columns, UUID workspaceId, Scope visible) {
        return shownWhere(columns, visible, units.keysOf(workspaceId));
    }

    private static Condition shownWhere(RecordColumns columns, Scope visible, OwnerUnits.Keys keys) {
        if (visible instanceof Scope.Everything) {
            return DSL.trueCondition();
        }
        if (visible instanceof Scope.Nothing) {
            return DSL.falseCondition();
        }
        return ScopeSql.condition(visible, columns, keys);
    }

    Condition scoped(RecordType type, UUID workspaceId, Scope scope, FieldCatalog catalog) {
        return scoped(type, workspaceId, scope, catalog, units.keysOf(workspaceId));
    }

    private Condition scoped(
            RecordType type, UUID workspaceId, Scope scope, FieldCatalog catalog, OwnerUnits.Keys keys) {
        return type.workspaceId
                .eq(workspaceId)
                .and(type.deletedAt.isNull())
                .and(scopeCondition(type, scope, catalog, keys));
    }

    /**
     * The record, if it exists, is not in the recycle bin, and the scope admits it; with the record
     * it belongs to, if any and not in the recycle bin either (decisions about it need that one too).
     */
    public Optional<RecordRow> find(RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog) {
        return one(type, workspaceId, id, scope, catalog, null);
    }

    /**
     * The record as {@link #find} reads it, a deal with the contacts {@code contactsReadable} admits
     * read in the same statement ({@link #contactIds}), as a page reads them.
     */
    Optional<RecordRow> findWithContacts(
            RecordType type, UUID workspaceId, UUID id, Scope scope, Scope contactsReadable, FieldCatalog catalog) {
        return one(type, workspaceId, id, scope, catalog, contactsReadable);
    }

    /** One record as {@link #find} reads it, through the statement kept for its shape ({@link PageStatements}). */
    private Optional<RecordRow> one(
            RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog, Scope contactsReadable) {
        boolean contacts = type == RecordType.DEALS && contactsReadable != null;
        OwnerUnits.Keys keys = units.keysOf(workspaceId);
        var shape = new PageStatements.OneShape(
                type,
                workspaceId,
                scope,
                contacts ? contactsReadable : null,
                new PageStatements.Same<>(keys),
                new PageStatements.Same<>(catalog));
        PageStatements.Statement statement = statements.one(
                shape,
                id,
                planned -> read(type, workspaceId, type.id.eq(planned), scope, catalog, contactsReadable, keys));
        return RowReader.rows(type, db, statement.query(new PageStatements.Cursor(null, id)), keys, contacts).stream()
                .map(row -> withParent(row, workspaceId, catalog))
                .findFirst();
    }

    /** Those of the records that {@link #find} would answer, in one statement. */
    List<RecordRow> findAll(
            RecordType type, UUID workspaceId, Collection<UUID> ids, Scope scope, FieldCatalog catalog) {
        OwnerUnits.Keys keys = units.keysOf(workspaceId);
        // Kept per type, scope, keys and catalogue as a single read is: lookups by id (the records a
        // page names, their parents) come through here on every request.
        var shape = List.of(
                "records.findAll",
                type,
                workspaceId,
                scope,
                new PageStatements.Same<>(keys),
                new PageStatements.Same<>(catalog));
        PlainSql statement = once.statement(
                shape,
                v -> read(type, workspaceId, type.id.eq(DSL.any((UUID[]) v[0])), scope, catalog, null, keys),
                new Object[] {ids.toArray(UUID[]::new)});
        return withParents(RowReader.rows(type, db, statement, keys, false), workspaceId, catalog);
    }

    /**
     * The rows, each with the record it belongs to read whole, as {@link #find} gives it: decisions
     * about an activity need its deal. One statement per parent type, not one per row.
     */
    private List<RecordRow> withParents(List<RecordRow> rows, UUID workspaceId, FieldCatalog catalog) {
        Map<RecordType, Set<UUID>> wanted = new LinkedHashMap<>();
        for (RecordRow row : rows) {
            var link = row.parentLink();
            if (link != null) {
                wanted.computeIfAbsent(link.getKey(), k -> new HashSet<>()).add(link.getValue());
            }
        }
        if (wanted.isEmpty()) {
            return rows;
        }
        Map<UUID, RecordRow> parents = new HashMap<>();
        wanted.forEach((type, ids) -> findAll(type, workspaceId, ids, Scope.EVERYTHING, catalog)
                .forEach(parent -> parents.put(parent.id(), parent)));
        return rows.stream()
                .map(row -> {
                    var link = row.parentLink();
                    // INVARIANT: a parent not found stays null, and no parent means no path (CompiledAccess).
                    return link == null ? row : row.withParent(parents.get(link.getValue()));
                })
                .toList();
    }

    /** The statement reading the records {@code which} names that the scope admits (a deal with its readable contacts). */
    private ResultQuery<?> read(
            RecordType type,
            UUID workspaceId,
            Condition which,
            Scope scope,
            FieldCatalog catalog,
            Scope contactsReadable,
            OwnerUnits.Keys keys) {
        List<Field<?>> columns = new ArrayList<>(RowReader.readColumns(type));
        if (type == RecordType.DEALS && contactsReadable != null) {
            columns.add(contactIds(type.id, workspaceId, contactsReadable, catalog, keys));
        }
        return db.select(columns)
                .from(type.table)
                .where(scoped(type, workspaceId, scope, catalog, keys))
                .and(which);
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
        RecordFacts facts = RecordRow.facts(type, catalog, id, ownerId, builtIns, custom);
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
    private RecordRow withParent(RecordRow row, UUID workspaceId, FieldCatalog catalog) {
        var link = row.parentLink();
        if (link == null) {
            return row;
        }
        return row.withParent(find(link.getKey(), workspaceId, link.getValue(), Scope.EVERYTHING, catalog)
                .orElse(null));
    }

    /** One share as the API shows it; {@code expiresAt} null for a share that does not expire. */
    record Share(UUID userId, ShareLevel level, UUID createdBy, OffsetDateTime createdAt, OffsetDateTime expiresAt) {}

    List<Share> shares(RecordType type, UUID workspaceId, UUID id) {
        return db.select(
                        RECORD_SHARE.USER_ID,
                        RECORD_SHARE.SHARE_LEVEL,
                        RECORD_SHARE.CREATED_BY,
                        RECORD_SHARE.CREATED_AT,
                        RECORD_SHARE.EXPIRES_AT)
                .from(RECORD_SHARE)
                .where(RECORD_SHARE.WORKSPACE_ID.eq(workspaceId))
                .and(RECORD_SHARE.RECORD_TYPE.eq(type.entity.key()))
                .and(RECORD_SHARE.RECORD_ID.eq(id))
                .and(ScopeSql.live(RECORD_SHARE.EXPIRES_AT))
                .orderBy(RECORD_SHARE.CREATED_AT)
                .fetch(r -> new Share(r.value1(), ShareLevel.valueOf(r.value2()), r.value3(), r.value4(), r.value5()));
    }

    /**
     * Whether the scope holds any way in for the user it was made for: not when every branch of it
     * is nothing, or a share or list path the user does not hold (the unit keys' knowledge).
     */
    boolean holdsAny(RecordType type, UUID workspaceId, Scope scope) {
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        OwnerUnits.Keys keys = units.keysOf(workspaceId);
        // Kept per scope, keys and catalogue as statements are: every page asks it (its can.export),
        // and translating the scope to learn that was a twenty-fifth of an activities page.
        var shape = List.of(type, scope, new PageStatements.Same<>(keys), new PageStatements.Same<>(catalog));
        return holds.get(
                shape,
                k -> !ScopeSql.branches(scope, new RecordColumnsFor(type, catalog), keys, RecordListing.MAX_BRANCHES)
                        .isEmpty());
    }

    /** Whether the scope admits the record (for actions on a record already read). */
    public boolean admits(RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog) {
        return db.fetchExists(db.selectOne()
                .from(type.table)
                .where(scoped(type, workspaceId, scope, catalog))
                .and(type.id.eq(id)));
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

    /**
     * The contacts a deal is with that {@code readable} admits, by id: the one translation of a
     * deal's {@code contactIds} for a reader, a column of the deal's own read, on a page and alone
     * (as a second statement per page it was a fifth of a deals request).
     */
    Field<UUID[]> contactIds(
            Field<UUID> dealId, UUID workspaceId, Scope readable, FieldCatalog catalog, OwnerUnits.Keys keys) {
        RecordType contact = RecordType.CONTACTS;
        return DSL.array(DSL.select(DEAL_CONTACT.CONTACT_ID)
                .from(DEAL_CONTACT)
                .join(contact.table)
                .on(contact.workspaceId.eq(DEAL_CONTACT.WORKSPACE_ID))
                .and(contact.id.eq(DEAL_CONTACT.CONTACT_ID))
                .where(DEAL_CONTACT.WORKSPACE_ID.eq(workspaceId))
                .and(DEAL_CONTACT.DEAL_ID.eq(dealId))
                .and(scoped(contact, workspaceId, readable, catalog, keys))
                .orderBy(DEAL_CONTACT.CONTACT_ID));
    }

    /** Streams every record of the type that the scope admits, oldest first, with its paths, to the consumer. */
    void forEach(
            RecordType type,
            UUID workspaceId,
            UUID viewer,
            Scope scope,
            FieldCatalog catalog,
            Consumer<RecordRow> consumer) {
        RowReader.read(
                type,
                db.select(RowReader.readColumns(type, type.table, viewer, units.keysOf(workspaceId)))
                        .from(type.table)
                        .where(scoped(type, workspaceId, scope, catalog))
                        .orderBy(type.createdAt, type.id)
                        .fetchSize(1_000),
                units.keysOf(workspaceId),
                consumer);
    }

    /** Whether the user is a member of the shared list. */
    boolean isMember(UUID workspaceId, UUID listId, UUID userId) {
        return db.fetchExists(
                LIST_MEMBER,
                LIST_MEMBER
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(LIST_MEMBER.LIST_ID.eq(listId))
                        .and(LIST_MEMBER.USER_ID.eq(userId))
                        .and(ScopeSql.live(LIST_MEMBER.EXPIRES_AT)));
    }
}
