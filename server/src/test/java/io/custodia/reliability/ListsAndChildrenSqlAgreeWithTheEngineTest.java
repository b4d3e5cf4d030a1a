package io.custodia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.access.AccessPolicies;
import io.custodia.access.FieldCatalogs;
import io.custodia.access.OwnerUnits;
import io.custodia.access.RecordLookup;
import io.custodia.directory.Passwords;
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

    @Test
    void everyTypesListAndEveryFieldsScopeAreExactlyWhatTheEngineSays() {
        int worlds = Integer.getInteger("custodia.differential.sql-worlds", 60) / 6;
        long firstSeed = Long.getLong("custodia.differential.seed", new Random().nextInt(1_000_000));
        TwinMaker maker = new TwinMaker(db, units, access, lookup, passwords.hash(PASSWORD));
        long cases = 0;
        for (long seed = firstSeed; seed < firstSeed + worlds; seed++) {
            TwinWorld w = TwinWorld.random(seed);
            Tenant t = newWorkspace();
            maker.write(t.id(), t.adminId(), w);
            maker.trash(t.id(), w);
            cases += compare(seed, t.id(), w);
        }
        System.out.printf(
                "differential (SQL, lists and children): %,d cases in %d workspaces from seed %d, 0 mismatches%n",
                cases, worlds, firstSeed);
        assertThat(cases).isGreaterThan(worlds * 200L);
    }

    private long compare(long seed, UUID ws, TwinWorld w) {
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
