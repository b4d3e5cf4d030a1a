package io.custodia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.access.AccessPolicies;
import io.custodia.access.FieldCatalogs;
import io.custodia.access.OwnerOverlays;
import io.custodia.access.OwnerUnits;
import io.custodia.access.RecordLookup;
import io.custodia.directory.Passwords;
import io.custodia.platform.db.Tables;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.ReferenceEvaluator;
import io.custodia.policy.Scope;
import io.custodia.policy.WorkspacePolicy;
import io.custodia.records.RecordListing;
import io.custodia.records.RecordType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine, the reference evaluator and SQL on every record type at once: contacts on shared
 * lists whose entries lend less than their members' levels and withhold fields, activities and
 * notes that follow their parent, and where each field is visible (the scope search and filters
 * use). For every user, type and action of random worlds ({@link TwinWorld}), the SQL list is
 * exactly what the engine and the reference allow record by record, and for every guarded field the
 * SQL field scope is exactly where the engine shows it.
 */
class ListsAndChildrenSqlAgreeWithTheEngineTest extends ApiTest {
    @Autowired
    Passwords passwords;

    @Autowired
    OwnerUnits units;

    @Autowired
    AccessPolicies access;

    @Autowired
    RecordLookup lookup;

    @Autowired
    RecordListing records;

    @Autowired
    FieldCatalogs catalogs;

    @Autowired
    OwnerOverlays overlays;

    @Test
    void everyTypesListAndEveryFieldsScopeAreExactlyWhatTheEngineSays() {
        int worlds = Integer.getInteger("custodia.differential.sql-worlds", 60) / 6;
        long firstSeed = Long.getLong("custodia.differential.seed", new Random().nextInt(1_000_000));
        TwinMaker maker = new TwinMaker(db, units, access, lookup, overlays, passwords.hash(PASSWORD));
        long cases = 0;
        for (long seed = firstSeed; seed < firstSeed + worlds; seed++) {
            TwinWorld w = TwinWorld.random(seed);
            Tenant t = newWorkspace();
            maker.write(t.id(), t.adminId(), w);
            maker.trash(t.id(), w);
            Map<String, Set<String>> before = new HashMap<>();
            cases += compare(seed, t.id(), w, before);
            // Grants that expire: ended ones added, live ones given an end still to come; no answer moves.
            expire(new Random(seed ^ 0xE4D5L), t.id(), w);
            Map<String, Set<String>> after = new HashMap<>();
            cases += compare(seed, t.id(), w, after);
            assertThat(after)
                    .as("seed %d, with grants that expired or will", seed)
                    .isEqualTo(before);
        }
        System.out.printf(
                "differential (SQL, lists and children): %,d cases in %d workspaces from seed %d, 0 mismatches%n",
                cases, worlds, firstSeed);
        assertThat(cases).isGreaterThan(worlds * 200L);
    }

    /**
     * Adds a share or a membership that ended an hour or so ago for some users that hold none, and
     * gives some live ones an end an hour or so ahead: neither may change what anyone may do now.
     */
    private void expire(Random random, UUID ws, TwinWorld w) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Set<String> shared = new HashSet<>();
        w.shares.forEach(s -> shared.add(s.record() + "/" + s.user()));
        for (TwinWorld.Row row : w.rows) {
            UUID user = w.users.get(random.nextInt(w.users.size()));
            if (random.nextInt(3) == 0 && shared.add(row.id() + "/" + user)) {
                db.insertInto(Tables.RECORD_SHARE)
                        .set(Tables.RECORD_SHARE.WORKSPACE_ID, ws)
                        .set(Tables.RECORD_SHARE.RECORD_TYPE, row.table())
                        .set(Tables.RECORD_SHARE.RECORD_ID, row.id())
                        .set(Tables.RECORD_SHARE.USER_ID, user)
                        .set(Tables.RECORD_SHARE.SHARE_LEVEL, random.nextBoolean() ? "READ" : "EDIT")
                        .set(Tables.RECORD_SHARE.CREATED_BY, user)
                        .set(Tables.RECORD_SHARE.EXPIRES_AT, now.minusSeconds(60 + random.nextInt(7200)))
                        .execute();
            }
        }
        Set<String> members = new HashSet<>();
        w.members.forEach(m -> members.add(m.list() + "/" + m.user()));
        for (TwinWorld.SharedList list : w.lists) {
            for (UUID user : w.users) {
                if (random.nextInt(2) == 0 && members.add(list.id() + "/" + user)) {
                    db.insertInto(Tables.LIST_MEMBER)
                            .set(Tables.LIST_MEMBER.WORKSPACE_ID, ws)
                            .set(Tables.LIST_MEMBER.LIST_ID, list.id())
                            .set(Tables.LIST_MEMBER.USER_ID, user)
                            .set(Tables.LIST_MEMBER.LIST_LEVEL, random.nextBoolean() ? "VIEW" : "MANAGER")
                            .set(Tables.LIST_MEMBER.EXPIRES_AT, now.minusSeconds(60 + random.nextInt(7200)))
                            .execute();
                }
            }
        }
        db.update(Tables.LIST_MEMBER)
                .set(Tables.LIST_MEMBER.EXPIRES_AT, now.plusSeconds(3600))
                .where(Tables.LIST_MEMBER.WORKSPACE_ID.eq(ws))
                .and(Tables.LIST_MEMBER.EXPIRES_AT.isNull())
                .and(Tables.LIST_MEMBER.LIST_LEVEL.ne("OWNER"))
                .execute();
        for (TwinWorld.Share share : w.shares) {
            if (random.nextBoolean()) {
                db.update(Tables.RECORD_SHARE)
                        .set(Tables.RECORD_SHARE.EXPIRES_AT, now.plusSeconds(3600))
                        .where(Tables.RECORD_SHARE.WORKSPACE_ID.eq(ws))
                        .and(Tables.RECORD_SHARE.RECORD_ID.eq(share.record()))
                        .and(Tables.RECORD_SHARE.USER_ID.eq(share.user()))
                        .execute();
            }
        }
    }

    private long compare(long seed, UUID ws, TwinWorld w, Map<String, Set<String>> answers) {
        long cases = 0;
        FieldCatalog catalog = catalogs.catalogOf(ws);
        WorkspacePolicy policy = access.policyOf(ws);
        Map<UUID, RecordFacts> facts = new HashMap<>();
        for (TwinWorld.Row row : w.rows) {
            lookup.facts(ws, EntityType.fromKey(row.table()), row.id(), Scope.EVERYTHING)
                    .ifPresent(f -> facts.put(row.id(), f));
        }
        for (UUID user : w.users) {
            CompiledAccess compiled = access.accessOf(ws, user);
            for (RecordType type : RecordType.values()) {
                EntityType entity = type.entity();
                List<RecordFacts> ofType = facts.values().stream()
                        .filter(f -> f.entity() == entity)
                        .toList();
                for (Action action : List.of(Action.READ, Action.UPDATE, Action.DELETE)) {
                    Set<String> bySql = listed(type, ws, user, compiled.scope(entity, action), catalog);
                    Set<String> byEngine = ofType.stream()
                            .filter(f -> compiled.allows(action, f))
                            .map(RecordFacts::id)
                            .collect(Collectors.toSet());
                    Set<String> byReference = ofType.stream()
                            .filter(f -> ReferenceEvaluator.allows(new UserId(user), policy, action, f))
                            .map(RecordFacts::id)
                            .collect(Collectors.toSet());
                    assertThat(bySql)
                            .as("seed %d, user %s, %s on %s", seed, user, action, entity)
                            .isEqualTo(byEngine)
                            .isEqualTo(byReference);
                    answers.put(user + " " + action + " " + entity, bySql);
                    cases += ofType.size();
                }
                for (String field : TwinWorld.GUARDED.get(entity.key())) {
                    Scope readable = compiled.scope(entity, Action.READ);
                    Set<String> bySql =
                            listed(type, ws, user, Scope.allOf(readable, compiled.fieldScope(entity, field)), catalog);
                    Set<String> byEngine = ofType.stream()
                            .filter(f -> compiled.allows(Action.READ, f))
                            .filter(f -> !compiled.hiddenFields(f).contains(field))
                            .map(RecordFacts::id)
                            .collect(Collectors.toSet());
                    assertThat(bySql)
                            .as("seed %d, user %s, where %s.%s shows", seed, user, entity, field)
                            .isEqualTo(byEngine);
                    answers.put(user + " shows " + entity + "." + field, bySql);
                    cases += ofType.size();
                }
            }
        }
        return cases;
    }

    private Set<String> listed(RecordType type, UUID ws, UUID user, Scope scope, FieldCatalog catalog) {
        Set<String> ids = new HashSet<>();
        records.page(
                        type,
                        ws,
                        user,
                        scope,
                        catalog,
                        RecordListing.Filters.NONE,
                        RecordListing.Sort.UPDATED_AT_DESC,
                        null,
                        1_000)
                .forEach(row -> ids.add(row.id().toString()));
        return ids;
    }
}
