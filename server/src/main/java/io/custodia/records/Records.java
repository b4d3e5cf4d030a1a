package io.custodia.records;

import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.access.ScopeSql;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import io.custodia.policy.Value;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
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

    Records(DSLContext db, io.custodia.access.FieldCatalogs catalogs) {
        this.db = db;
        this.catalogs = catalogs;
    }

    /** One record as stored: its built-in values by API key, and its custom values. */
    public record Row(
            RecordType type,
            UUID id,
            UUID ownerId,
            Map<String, Object> builtIns,
            Map<String, Object> custom,
            long version,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            Map<UserId, ShareLevel> shares) {

        Row withShares(Map<UserId, ShareLevel> other) {
            return new Row(type, id, ownerId, builtIns, custom, version, createdAt, updatedAt, other);
        }

        public UUID stageId() {
            return (UUID) builtIns.get("stageId");
        }

        /** The record as the engine sees it. */
        public RecordFacts facts(FieldCatalog catalog) {
            return Records.facts(type, catalog, id.toString(), ownerId, builtIns, custom)
                    .withShares(shares);
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
                values.put(
                        key,
                        new Value.Date(at.withOffsetSameInstant(java.time.ZoneOffset.UTC)
                                .toLocalDate()));
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
                .and(ScopeSql.condition(scope, new RecordColumnsFor(type, catalog)));
    }

    /** The record, if it exists, is not in the recycle bin, and the scope admits it. */
    public Optional<Row> find(RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog) {
        return db.select(type.table.fields())
                .from(type.table)
                .where(scoped(type, workspaceId, scope, catalog))
                .and(type.id.eq(id))
                .fetchOptional(r -> row(type, r))
                .map(row ->
                        row.withShares(sharesOf(type, workspaceId, List.of(id)).getOrDefault(id, Map.of())));
    }

    /** Who each record is shared with, and at which level. */
    Map<UUID, Map<UserId, ShareLevel>> sharesOf(RecordType type, UUID workspaceId, java.util.Collection<UUID> ids) {
        Map<UUID, Map<UserId, ShareLevel>> shares = new HashMap<>();
        if (ids.isEmpty()) {
            return shares;
        }
        db.select(RECORD_SHARE.RECORD_ID, RECORD_SHARE.USER_ID, RECORD_SHARE.SHARE_LEVEL)
                .from(RECORD_SHARE)
                .where(RECORD_SHARE.WORKSPACE_ID.eq(workspaceId))
                .and(RECORD_SHARE.RECORD_TYPE.eq(type.entity.key()))
                .and(RECORD_SHARE.RECORD_ID.in(ids))
                .forEach(r -> shares.computeIfAbsent(r.value1(), k -> new HashMap<>())
                        .put(new UserId(r.value2()), ShareLevel.valueOf(r.value3())));
        return shares;
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
        Optional<RecordType> type = typeOf(entity);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        return find(type.get(), workspaceId, id, visibleTo, catalog).map(row -> row.facts(catalog));
    }

    @Override
    public long countInsideNotOutside(
            UUID workspaceId, io.custodia.policy.EntityType entity, Scope inside, Scope outside) {
        Optional<RecordType> type = typeOf(entity);
        if (type.isEmpty()) {
            return 0;
        }
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        RecordColumnsFor columns = new RecordColumnsFor(type.get(), catalog);
        // "IS NOT TRUE": a comparison with a missing value is NULL in SQL and must count as not admitted.
        Condition notOutside = DSL.condition("({0}) is not true", ScopeSql.condition(outside, columns));
        return db.fetchCount(
                type.get().table,
                scoped(type.get(), workspaceId, inside, catalog).and(notOutside));
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

    private static Optional<RecordType> typeOf(io.custodia.policy.EntityType entity) {
        for (RecordType type : RecordType.values()) {
            if (type.entity() == entity) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Whether the scope admits the record (for actions on a record already read). */
    public boolean admits(RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog) {
        return db.fetchExists(db.selectOne()
                .from(type.table)
                .where(scoped(type, workspaceId, scope, catalog))
                .and(type.id.eq(id)));
    }

    /** The sort orders lists offer. */
    enum Sort {
        UPDATED_AT_ASC,
        UPDATED_AT_DESC,
        NAME
    }

    /** List filters; {@code parents} maps a parent key (dealId, contactId, companyId) to its id. */
    record Filters(String q, UUID ownerId, UUID stageId, Map<String, UUID> parents) {
        static final Filters NONE = new Filters(null, null, null, Map.of());
    }

    /** A keyset page of the records the scope admits. */
    @SuppressWarnings("unchecked")
    List<Row> page(
            RecordType type,
            UUID workspaceId,
            Scope scope,
            FieldCatalog catalog,
            Filters filters,
            Sort sort,
            List<String> after,
            int limit) {
        List<Condition> where = new ArrayList<>();
        where.add(scoped(type, workspaceId, scope, catalog));
        if (filters.q() != null && !filters.q().isBlank()) {
            String pattern = "%"
                    + filters.q()
                            .strip()
                            .replace("\\", "\\\\")
                            .replace("%", "\\%")
                            .replace("_", "\\_") + "%";
            where.add(DSL.or(type.searched.stream()
                    .map(f -> f.likeIgnoreCase(pattern, '\\'))
                    .toList()));
        }
        if (filters.ownerId() != null) {
            where.add(type.ownerId.eq(filters.ownerId()));
        }
        if (filters.stageId() != null) {
            where.add(type.stageId == null ? DSL.falseCondition() : type.stageId.eq(filters.stageId()));
        }
        filters.parents()
                .forEach((key, parent) -> where.add(type.builtIn(key)
                        .map(b -> ((Field<UUID>) b.column()).eq(parent))
                        .orElse(DSL.falseCondition())));
        List<SortField<?>> order = new ArrayList<>();
        switch (sort) {
            case UPDATED_AT_DESC -> {
                if (after != null) {
                    where.add(DSL.row(type.updatedAt, type.id)
                            .lt(OffsetDateTime.parse(after.get(0)), UUID.fromString(after.get(1))));
                }
                order.add(type.updatedAt.desc());
                order.add(type.id.desc());
            }
            case UPDATED_AT_ASC -> {
                if (after != null) {
                    where.add(DSL.row(type.updatedAt, type.id)
                            .gt(OffsetDateTime.parse(after.get(0)), UUID.fromString(after.get(1))));
                }
                order.add(type.updatedAt.asc());
                order.add(type.id.asc());
            }
            case NAME -> {
                Field<String> name = DSL.coalesce(type.name, DSL.inline(""));
                if (after != null) {
                    where.add(DSL.row(name, type.id).gt(after.get(0), UUID.fromString(after.get(1))));
                }
                order.add(name.asc());
                order.add(type.id.asc());
            }
        }
        List<Row> rows = db.select(type.table.fields())
                .from(type.table)
                .where(where)
                .orderBy(order)
                .limit(limit)
                .fetch(r -> row(type, r));
        Map<UUID, Map<UserId, ShareLevel>> shares =
                sharesOf(type, workspaceId, rows.stream().map(Row::id).toList());
        return rows.stream()
                .map(r -> r.withShares(shares.getOrDefault(r.id(), Map.of())))
                .toList();
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
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate("insert into " + type.table.getName() + " (" + columnList + ") select "
                        + columnList + " from " + staging);
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

    /** The newest trashed records of a type that the scope admits, after the cursor (deletedAt, id). */
    List<Trashed> trash(
            RecordType type,
            UUID workspaceId,
            Scope scope,
            FieldCatalog catalog,
            OffsetDateTime beforeAt,
            UUID beforeId,
            int limit) {
        Condition where = type.workspaceId
                .eq(workspaceId)
                .and(type.deletedAt.isNotNull())
                .and(ScopeSql.condition(scope, new RecordColumnsFor(type, catalog)));
        if (beforeAt != null) {
            where = where.and(DSL.row(type.deletedAt, type.id).lt(beforeAt, beforeId));
        }
        return db.select(type.id, type.name, type.deletedAt)
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
                        .and(ScopeSql.condition(scope, new RecordColumnsFor(type, catalog)))
                        .execute()
                == 1;
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

    /** Streams every record of the type that the scope admits, oldest first, to the consumer. */
    void forEach(
            RecordType type,
            UUID workspaceId,
            Scope scope,
            FieldCatalog catalog,
            java.util.function.Consumer<Row> consumer) {
        try (var cursor = db.select(type.table.fields())
                .from(type.table)
                .where(scoped(type, workspaceId, scope, catalog))
                .orderBy(type.createdAt, type.id)
                .fetchSize(1_000)
                .fetchLazy()) {
            cursor.forEach(r -> consumer.accept(row(type, r)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Row row(RecordType type, Record r) {
        Map<String, Object> builtIns = new LinkedHashMap<>();
        for (RecordType.BuiltIn b : type.builtIns) {
            builtIns.put(b.key(), r.get(b.column()));
        }
        JSONB json = r.get(type.fields);
        Map<String, Object> custom = json == null ? Map.of() : JSON.readValue(json.data(), LinkedHashMap.class);
        return new Row(
                type,
                r.get(type.id),
                r.get(type.ownerId),
                builtIns,
                custom,
                r.get(type.version),
                r.get(type.createdAt),
                r.get(type.updatedAt),
                Map.of());
    }
}
