package io.custodia.records;

import static io.custodia.platform.db.Tables.PIPELINE_STAGE;

import io.custodia.access.FieldCatalogs;
import io.custodia.access.OwnerUnits;
import io.custodia.access.RecordLookup;
import io.custodia.access.ScopeSql;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** What other features ask of records through {@link RecordLookup}, answered by the records layers. */
@Repository
class RecordLookups implements RecordLookup {
    private final DSLContext db;
    private final FieldCatalogs catalogs;
    private final OwnerUnits units;
    private final RecordQueries queries;
    private final RecordWrites writes;
    private final SharedLists lists;

    RecordLookups(
            DSLContext db,
            FieldCatalogs catalogs,
            OwnerUnits units,
            RecordQueries queries,
            RecordWrites writes,
            SharedLists lists) {
        this.db = db;
        this.catalogs = catalogs;
        this.units = units;
        this.queries = queries;
        this.writes = writes;
        this.lists = lists;
    }

    @Override
    public Optional<RecordFacts> facts(UUID workspaceId, EntityType entity, UUID id, Scope visibleTo) {
        Optional<RecordType> type = RecordType.of(entity);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        return queries.find(type.get(), workspaceId, id, visibleTo, catalog).map(row -> row.facts(catalog));
    }

    @Override
    public Map<UUID, Map<String, Object>> views(
            UUID workspaceId, EntityType entity, Collection<UUID> ids, CompiledAccess reader) {
        Optional<RecordType> type = RecordType.of(entity);
        if (type.isEmpty() || ids.isEmpty()) {
            return Map.of();
        }
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        RecordType t = type.get();
        Map<UUID, Map<String, Object>> views = new HashMap<>();
        queries.findAll(t, workspaceId, Set.copyOf(ids), reader.scope(entity, Action.READ), catalog)
                .forEach(row -> views.put(row.id(), RecordViews.view(row, reader, catalog)));
        return views;
    }

    @Override
    public long countInsideNotOutside(
            UUID workspaceId,
            EntityType entity,
            Scope inside,
            UnaryOperator<OwnerUnits.Keys> insideAs,
            Scope outside,
            UnaryOperator<OwnerUnits.Keys> outsideAs) {
        Optional<RecordType> type = RecordType.of(entity);
        if (type.isEmpty()) {
            return 0;
        }
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        RecordColumnsFor columns = new RecordColumnsFor(type.get(), catalog);
        OwnerUnits.Keys keys = units.keysOf(workspaceId);
        Condition admitted = ScopeSql.condition(inside, columns, insideAs.apply(keys));
        Condition notOutside = ScopeSql.notAdmitted(ScopeSql.condition(outside, columns, outsideAs.apply(keys)));
        return db.fetchCount(
                type.get().table,
                type.get()
                        .workspaceId
                        .eq(workspaceId)
                        .and(type.get().deletedAt.isNull())
                        .and(admitted)
                        .and(notOutside));
    }

    @Override
    public Optional<Instant> shareEnd(UUID workspaceId, EntityType entity, UUID id, UUID userId) {
        return RecordType.of(entity)
                .flatMap(type -> queries.shares(type, workspaceId, id).stream()
                        .filter(s -> s.userId().equals(userId) && s.expiresAt() != null)
                        .findFirst())
                .map(s -> s.expiresAt().toInstant());
    }

    @Override
    public void share(UUID workspaceId, EntityType entity, UUID id, UUID userId, ShareLevel level, UUID by) {
        writes.share(RecordType.of(entity).orElseThrow(), workspaceId, id, userId, level, by, null);
    }

    @Override
    public boolean stageExists(UUID workspaceId, UUID stageId) {
        return db.fetchExists(
                PIPELINE_STAGE, PIPELINE_STAGE.WORKSPACE_ID.eq(workspaceId).and(PIPELINE_STAGE.ID.eq(stageId)));
    }

    @Override
    public long countOwnedBy(UUID workspaceId, UUID ownerId) {
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        // Owned as every read sees it: an offboarding's overlay counts the person's records as the successor's.
        Scope owned = new Scope.OwnedBy(new UserId(ownerId));
        long count = 0;
        for (RecordType type : RecordType.values()) {
            count += db.fetchCount(type.table, queries.scoped(type, workspaceId, owned, catalog));
        }
        return count;
    }

    @Override
    public long countListsOwnedBy(UUID workspaceId, UUID ownerId) {
        return lists.countOwnedBy(workspaceId, ownerId);
    }
}
