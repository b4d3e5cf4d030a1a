package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.platform.db.Tables;
import io.custodia.policy.Ids;
import io.custodia.policy.SystemPermission;
import java.util.ArrayList;
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
import org.springframework.transaction.support.TransactionTemplate;

class AccessCacheTest extends ApiTest {
    @Autowired
    AccessPolicies access;

    @Autowired
    Assignments assignments;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    OwnerOverlays overlays;

    @Test
    void aChangeThatRollsBackLeavesNoTraceInCompiledAccess() {
        Tenant t = newWorkspace();
        UUID eve = newUser(t, "eve@" + t.slug() + ".test");
        UUID auditor = UUID.fromString(
                api().post("/api/v1/roles", t.adminToken(), Map.of("name", "Auditor", "system", List.of("audit.read")))
                        .json()
                        .get("id")
                        .asString());

        transactions.executeWithoutResult(status -> {
            assignments.create(
                    t.id(),
                    new Assignments.Stored(UUID.randomUUID(), auditor, null, null, false, false, null, true, null));
            access.changed(t.id());
            assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                    .isTrue();
            status.setRollbackOnly();
        });

        assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                .isFalse();
        // Another change reaches the version number the rolled-back one had taken.
        api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support"));
        assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                .isFalse();
    }

    @Test
    void theNodeThatMadeAChangeEnforcesItOnTheNextRequest() {
        Tenant t = newWorkspace();
        UUID eve = newUser(t, "eve@" + t.slug() + ".test");
        assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                .isFalse();
        String auditor = api().post(
                        "/api/v1/roles", t.adminToken(), Map.of("name", "Auditor", "system", List.of("audit.read")))
                .json()
                .get("id")
                .asString();

        api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", auditor, "userId", eve.toString()));

        assertThat(access.accessOf(t.id(), eve).has(SystemPermission.AUDIT_READ))
                .isTrue();
    }

    @Autowired
    OwnerUnits units;

    /**
     * Membership changes reach the cached policy and unit keys as changes applied to what the node
     * holds (no reread of the workspace), and what they hold afterwards is exactly the database.
     */
    @Test
    void membershipChangesAreAppliedToTheCachedPolicyAndKeysAndAgreeWithTheDatabase() {
        Tenant t = newWorkspace();
        List<String> departments = List.of(department(t, "A"), department(t, "B"), department(t, "C"));
        List<UUID> people = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            people.add(newUser(t, "p" + i + "@" + t.slug() + ".test"));
            join(t, departments.get(i % 3), people.get(i));
        }
        // Warm both caches at the current version.
        access.policyOf(t.id());
        units.keysOf(t.id());
        long before = access.currentVersion(t.id());

        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            UUID person = people.get(random.nextInt(people.size()));
            String department = departments.get(random.nextInt(departments.size()));
            if (random.nextBoolean()) {
                join(t, department, person);
            } else {
                api().send(
                                "DELETE",
                                "/api/v1/departments/" + department + "/members/" + person,
                                t.adminToken(),
                                null,
                                null);
            }
        }
        long after = access.currentVersion(t.id());
        assertThat(access.changesBetween(t.id(), before, after))
                .as("every version since the caches were warm is a change they can apply")
                .hasValueSatisfying(changes -> assertThat(changes)
                        .isNotEmpty()
                        .allMatch(c -> c instanceof AccessChange.Membership || c instanceof AccessChange.Unit));

        var org = access.policyOf(t.id()).organization();
        var keys = units.keysOf(t.id());
        Map<UUID, Set<UUID>> stored = new HashMap<>();
        db.select(Tables.DEPARTMENT_MEMBER.DEPARTMENT_ID, Tables.DEPARTMENT_MEMBER.USER_ID)
                .from(Tables.DEPARTMENT_MEMBER)
                .where(Tables.DEPARTMENT_MEMBER.WORKSPACE_ID.eq(t.id()))
                .forEach(r ->
                        stored.computeIfAbsent(r.value1(), d -> new HashSet<>()).add(r.value2()));
        assertThat(keys.membersOf()).isEqualTo(stored);
        for (UUID person : people) {
            Set<UUID> mine = new HashSet<>();
            stored.forEach((d, members) -> {
                if (members.contains(person)) {
                    mine.add(d);
                }
            });
            assertThat(org.departmentsOf(new Ids.UserId(person)).stream()
                            .map(Ids.DepartmentId::value)
                            .collect(Collectors.toSet()))
                    .as("departments of " + person)
                    .isEqualTo(mine);
        }
        // The unit rows: the settler may settle someone at any moment (another change, which the
        // keys apply too), so compare the keys and the table read at one same version.
        boolean compared = false;
        for (int attempt = 0; attempt < 50 && !compared; attempt++) {
            long version = access.currentVersion(t.id());
            var atVersion = units.keysOf(t.id());
            Map<UUID, UUID> unitOf = new HashMap<>();
            Set<UUID> unsettled = new HashSet<>();
            db.select(Tables.USER_UNIT.USER_ID, Tables.USER_UNIT.UNIT_ID, Tables.USER_UNIT.SETTLED)
                    .from(Tables.USER_UNIT)
                    .where(Tables.USER_UNIT.WORKSPACE_ID.eq(t.id()))
                    .forEach(r -> {
                        if (r.value2() != null) {
                            unitOf.put(r.value1(), r.value2());
                        }
                        if (!r.value3()) {
                            unsettled.add(r.value1());
                        }
                    });
            if (access.currentVersion(t.id()) == version) {
                assertThat(atVersion.unitOf()).isEqualTo(unitOf);
                assertThat(atVersion.unsettled()).isEqualTo(unsettled);
                compared = true;
            }
        }
        assertThat(compared)
                .as("the keys compared with the table at one version")
                .isTrue();
    }

    /**
     * A user's first share of a record type reaches the cached keys as a change applied to them,
     * and the keys then name exactly the types each user holds shares of, as a reload reads them.
     */
    @Test
    void firstSharesAreAppliedToTheCachedKeysAndAgreeWithAReload() {
        Tenant t = newWorkspace();
        onePipeline(t);
        List<UUID> people = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            people.add(newUser(t, "p" + i + "@" + t.slug() + ".test"));
        }
        List<String> deals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            deals.add(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "D" + i))
                    .json()
                    .get("id")
                    .asString());
        }
        String contact = api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "C"))
                .json()
                .get("id")
                .asString();
        units.keysOf(t.id());
        long before = access.currentVersion(t.id());

        share(t, "deals", deals.get(0), people.get(0));
        share(t, "deals", deals.get(1), people.get(0));
        share(t, "deals", deals.get(2), people.get(1));
        share(t, "deals", deals.get(2), people.get(1));
        share(t, "contacts", contact, people.get(1));
        share(t, "contacts", contact, people.get(2));

        long after = access.currentVersion(t.id());
        assertThat(access.changesBetween(t.id(), before, after))
                .as("a version for each user's first share of a type, and nothing else")
                .hasValueSatisfying(
                        changes -> assertThat(changes).hasSize(4).allMatch(c -> c instanceof AccessChange.ShareHeld));
        Map<UUID, Set<String>> expected = Map.of(
                people.get(0), Set.of("deal"),
                people.get(1), Set.of("deal", "contact"),
                people.get(2), Set.of("contact"));
        assertThat(units.keysOf(t.id()).sharesHeld()).isEqualTo(expected);
        OwnerUnits.Keys reloaded = reloadedKeys(t);
        assertThat(reloaded.sharesHeld()).isEqualTo(expected);
    }

    @Test
    void firstListsAreAppliedToTheCachedKeysAndAgreeWithAReload() {
        Tenant t = newWorkspace();
        UUID ana = newUser(t, "ana@" + t.slug() + ".test");
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        units.keysOf(t.id());
        long before = access.currentVersion(t.id());

        String partners = api().post("/api/v1/lists", t.adminToken(), Map.of("name", "Partners"))
                .json()
                .get("id")
                .asString();
        String suppliers = api().post("/api/v1/lists", t.adminToken(), Map.of("name", "Suppliers"))
                .json()
                .get("id")
                .asString();
        for (String list : List.of(partners, suppliers)) {
            put(t, "/api/v1/lists/" + list + "/members/" + ana, "{\"level\":\"VIEW\"}");
        }
        put(t, "/api/v1/lists/" + suppliers + "/members/" + bia, "{\"level\":\"EDIT\"}");

        long after = access.currentVersion(t.id());
        assertThat(access.changesBetween(t.id(), before, after))
                .as("a version for each user's first list (the admin's as the lists' owner), and nothing else")
                .hasValueSatisfying(
                        changes -> assertThat(changes).hasSize(3).allMatch(c -> c instanceof AccessChange.ListJoined));
        Set<UUID> expected = Set.of(t.adminId(), ana, bia);
        assertThat(units.keysOf(t.id()).onLists()).isEqualTo(expected);
        OwnerUnits.Keys reloaded = reloadedKeys(t);
        assertThat(reloaded.onLists()).isEqualTo(expected);
    }

    /**
     * An offboarding's owner overlay reaches the cached keys as a change applied to them, when it
     * begins and when it ends, and the keys then agree with a reload.
     */
    @Test
    void ownerOverlaysAreAppliedToTheCachedKeysAndAgreeWithAReload() {
        Tenant t = newWorkspace();
        UUID rui = newUser(t, "rui@" + t.slug() + ".test");
        UUID sofia = newUser(t, "sofia@" + t.slug() + ".test");
        UUID job = UUID.randomUUID();
        db.insertInto(Tables.JOB)
                .set(Tables.JOB.WORKSPACE_ID, t.id())
                .set(Tables.JOB.ID, job)
                .set(Tables.JOB.KIND, "users.offboard")
                .set(Tables.JOB.STATE, "RUNNING")
                .set(Tables.JOB.CREATED_BY, t.adminId())
                .execute();
        units.keysOf(t.id());
        long before = access.currentVersion(t.id());

        transactions.executeWithoutResult(status -> overlays.begin(t.id(), rui, sofia, job));

        long begun = access.currentVersion(t.id());
        assertThat(access.changesBetween(t.id(), before, begun))
                .hasValueSatisfying(
                        changes -> assertThat(changes).containsExactly(new AccessChange.Overlay(rui, sofia)));
        assertThat(units.keysOf(t.id()).overlay()).isEqualTo(Map.of(rui, sofia));
        assertThat(reloadedKeys(t).overlay()).isEqualTo(Map.of(rui, sofia));

        transactions.executeWithoutResult(status -> overlays.end(t.id(), rui, sofia));

        assertThat(access.changesBetween(t.id(), begun, access.currentVersion(t.id())))
                .hasValueSatisfying(
                        changes -> assertThat(changes).containsExactly(new AccessChange.Overlay(rui, null)));
        assertThat(units.keysOf(t.id()).overlay()).isEmpty();
        assertThat(reloadedKeys(t).overlay()).isEmpty();
    }

    /** The keys as a reload reads them from the tables (in a transaction that changes nothing). */
    private OwnerUnits.Keys reloadedKeys(Tenant t) {
        return transactions.execute(status -> {
            access.changed(t.id());
            status.setRollbackOnly();
            return units.keysOf(t.id());
        });
    }
}
