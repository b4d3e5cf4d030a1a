package io.custodia.records;

import static io.custodia.platform.db.Tables.DEAL_CONTACT;
import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.access.OwnerUnits;
import io.custodia.policy.BuiltInField;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Writes of records: create, change, shares, a deal's contacts, the recycle bin and its purge. */
@Repository
class RecordWrites {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final OwnerUnits units;
    private final RecordQueries queries;

    RecordWrites(DSLContext db, OwnerUnits units, RecordQueries queries) {
        this.db = db;
        this.units = units;
        this.queries = queries;
    }

    void share(
            RecordType type,
            UUID workspaceId,
            UUID id,
            UUID userId,
            ShareLevel level,
            UUID by,
            OffsetDateTime expiresAt) {
        units.shareGiven(workspaceId, userId, type.entity.key());
        db.insertInto(RECORD_SHARE)
                .set(RECORD_SHARE.WORKSPACE_ID, workspaceId)
                .set(RECORD_SHARE.RECORD_TYPE, type.entity.key())
                .set(RECORD_SHARE.RECORD_ID, id)
                .set(RECORD_SHARE.USER_ID, userId)
                .set(RECORD_SHARE.SHARE_LEVEL, level.name())
                .set(RECORD_SHARE.CREATED_BY, by)
                .set(RECORD_SHARE.EXPIRES_AT, expiresAt)
                .onConflict(
                        RECORD_SHARE.WORKSPACE_ID,
                        RECORD_SHARE.RECORD_TYPE,
                        RECORD_SHARE.RECORD_ID,
                        RECORD_SHARE.USER_ID)
                .doUpdate()
                .set(RECORD_SHARE.SHARE_LEVEL, level.name())
                // Shared again: the new end (or none) replaces the old, to be told and audited afresh.
                .set(RECORD_SHARE.EXPIRES_AT, expiresAt)
                .set(RECORD_SHARE.EXPIRY_WARNED, false)
                .set(RECORD_SHARE.EXPIRY_AUDITED, false)
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
        // Rows by the built-ins they set: a value left out takes the column's default (an activity's
        // done is false), as a single create's insert leaves it out, instead of a null it refuses.
        Map<List<RecordType.BuiltIn>, List<NewRecord>> bySet = new LinkedHashMap<>();
        for (NewRecord row : rows) {
            List<RecordType.BuiltIn> set = type.builtIns.stream()
                    .filter(b -> row.builtIns().get(b.key()) != null)
                    .toList();
            bySet.computeIfAbsent(set, k -> new ArrayList<>()).add(row);
        }
        return db.connectionResult(connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("create temp table " + staging + " (like " + type.table.getName()
                        + " including defaults) on commit drop");
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (var group : bySet.entrySet()) {
                List<String> copied = new ArrayList<>(columns.subList(0, 4));
                group.getKey().forEach(b -> copied.add(b.column().getName()));
                StringBuilder csv = new StringBuilder();
                try (var printer = new CSVPrinter(csv, CSVFormat.POSTGRESQL_CSV)) {
                    for (NewRecord row : group.getValue()) {
                        List<Object> values = new ArrayList<>();
                        values.add(workspaceId);
                        values.add(row.id());
                        values.add(row.ownerId());
                        values.add(JSON.writeValueAsString(row.custom()));
                        for (RecordType.BuiltIn b : group.getKey()) {
                            Object v = row.builtIns().get(b.key());
                            values.add(v instanceof BigDecimal n ? n.toPlainString() : v);
                        }
                        printer.printRecord(values);
                    }
                }
                copy.copyIn(
                        "copy " + staging + " (" + String.join(", ", copied) + ") from stdin (format csv)",
                        new StringReader(csv.toString()));
            }
            units.lockSharedAll(
                    workspaceId, rows.stream().map(NewRecord::ownerId).collect(Collectors.toSet()));
            try (var statement = connection.createStatement()) {
                return statement.executeUpdate("insert into " + type.table.getName() + " (" + columnList
                        + ", owner_unit) select "
                        + stagedColumns
                        + ", " + OwnerUnits.stagedUnitColumn() + " from " + staging + " s"
                        + OwnerUnits.stagedUnitJoin("s"));
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

    /** Takes a record out of the recycle bin if the scope admits it; false when there is no such record for the caller. */
    boolean restore(RecordType type, UUID workspaceId, UUID id, Scope scope, FieldCatalog catalog) {
        return db.update(type.table)
                        .set(type.deletedAt, (OffsetDateTime) null)
                        .set(type.version, type.version.plus(1))
                        .set(type.updatedAt, DSL.currentOffsetDateTime())
                        .where(type.workspaceId.eq(workspaceId))
                        .and(type.id.eq(id))
                        .and(type.deletedAt.isNotNull())
                        .and(queries.scopeCondition(type, workspaceId, scope, catalog))
                        .execute()
                == 1;
    }

    /**
     * Makes these the deal's contacts among those the writer can read (the scope): links to contacts
     * the writer cannot see are theirs neither to see nor to remove, and stay.
     */
    void setContactsOfDeal(
            UUID workspaceId, UUID dealId, Collection<UUID> contactIds, Scope readable, FieldCatalog catalog) {
        RecordType contact = RecordType.CONTACTS;
        db.deleteFrom(DEAL_CONTACT)
                .where(DEAL_CONTACT.WORKSPACE_ID.eq(workspaceId))
                .and(DEAL_CONTACT.DEAL_ID.eq(dealId))
                .and(DEAL_CONTACT.CONTACT_ID.in(DSL.select(contact.id)
                        .from(contact.table)
                        .where(queries.scoped(contact, workspaceId, readable, catalog))))
                .execute();
        for (UUID c : new LinkedHashSet<>(contactIds)) {
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
     * workspace. Records that belong to another (activities, notes) go with the record they belong
     * to; links from other records to a purged one are cleared. Every record type of the registry
     * is swept, its links read from its entry.
     */
    int purge(int days) {
        OffsetDateTime before = OffsetDateTime.now().minusDays(days);
        int purged = 0;
        for (RecordType child : RecordType.values()) {
            if (child.parents().isEmpty()) {
                continue;
            }
            Condition goes = child.deletedAt.lt(before);
            for (EntityType.Parent parent : child.entity.parents()) {
                goes = goes.or(DSL.row(child.workspaceId, reference(child, parent.field()))
                        .in(old(RecordType.of(parent.entity()).orElseThrow(), before)));
            }
            purged += db.deleteFrom(child.table).where(goes).execute();
        }
        for (RecordType type : RecordType.values()) {
            for (RecordType.BuiltIn b : type.builtIns) {
                Optional<EntityType> target = b.field().target();
                if (target.isPresent() && !b.field().is(BuiltInField.Trait.PARENT)) {
                    Field<UUID> link = reference(type, b.key());
                    db.update(type.table)
                            .setNull(link)
                            .where(DSL.row(type.workspaceId, link)
                                    .in(old(RecordType.of(target.get()).orElseThrow(), before)))
                            .execute();
                }
            }
        }
        for (RecordType type : RecordType.values()) {
            if (type.parents().isEmpty()) {
                purged += db.deleteFrom(type.table)
                        .where(type.deletedAt.lt(before))
                        .execute();
            }
        }
        return purged;
    }

    /** The records of a type in the recycle bin since before that time, by workspace and id. */
    private static Select<Record2<UUID, UUID>> old(RecordType type, OffsetDateTime before) {
        return DSL.select(type.workspaceId, type.id).from(type.table).where(type.deletedAt.lt(before));
    }

    @SuppressWarnings("unchecked")
    private static Field<UUID> reference(RecordType type, String key) {
        return (Field<UUID>) type.builtIn(key).orElseThrow().column();
    }
}
