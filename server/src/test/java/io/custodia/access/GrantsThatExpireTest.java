package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.MovableClock;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.SystemPermission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Access-model, "Grants that expire": a role assignment, a share and a list membership with an
 * expiry stop counting at that instant, in lists and single reads alike, with no job run and no
 * access change announced.
 */
class GrantsThatExpireTest extends ApiTest {
    private static final Duration SOON = Duration.ofSeconds(4);

    @Autowired
    DSLContext jooq;

    @Autowired
    DirectoryFacts directory;

    @Autowired
    Roles roles;

    @Autowired
    Assignments assignments;

    @Autowired
    SharingRules sharingRules;

    @Autowired
    AccessChanges changes;

    @Autowired
    AccessVersions versions;

    @Autowired
    ObjectProvider<AppRoles> appRoles;

    private Tenant t;
    private UUID ana;
    private String anaToken;
    private String carlaToken;
    private String carlasDeal;

    @BeforeEach
    void carlaOwnsADealAnaCannotSee() {
        t = newWorkspace();
        onePipeline(t);
        ana = newUser(t, "ana@" + t.slug() + ".test");
        UUID carla = newUser(t, "carla@" + t.slug() + ".test");
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "userId", carla.toString())));
        anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
        carlaToken = login(t.slug(), "carla@" + t.slug() + ".test", PASSWORD);
        carlasDeal = created(api().post("/api/v1/deals", carlaToken, Map.of("title", "Carla's")));
        assertThat(api().get("/api/v1/deals/" + carlasDeal, anaToken).status()).isEqualTo(404);
    }

    private static String soon() {
        return Instant.now().plus(SOON).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private int count(String path, String token) {
        return api().get(path, token).json().get("items").size();
    }

    /** The explanation of Ana reading deals (and one deal when {@code record} names it), asked by the administrator. */
    private JsonNode explained(String record) {
        return api().get("/api/v1/access/explain?userId=" + ana + "&entity=deal&action=read" + record, t.adminToken())
                .json();
    }

    /** Polls (no fixed sleep) until the condition holds, failing after a deadline well past the expiry. */
    private static void eventually(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(SOON).plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    @Test
    void aShareThatExpiresLeavesListsAndSingleReads() {
        String until = soon();
        Api.Response shared = api().send(
                        "PUT",
                        "/api/v1/deals/" + carlasDeal + "/shares/" + ana,
                        carlaToken,
                        "application/json",
                        Api.json(Map.of("level", "READ", "expiresAt", until)));
        assertThat(shared.status()).isEqualTo(200);
        assertThat(Instant.parse(shared.json().get("expiresAt").asString())).isEqualTo(Instant.parse(until));
        assertThat(api().get("/api/v1/deals/" + carlasDeal, anaToken).status()).isEqualTo(200);
        assertThat(count("/api/v1/deals", anaToken)).isEqualTo(1);
        assertThat(explained("&recordId=" + carlasDeal).get("paths").toString())
                .contains("shared with you at READ, which allows read until " + until);

        eventually(
                "the share ends",
                () -> api().get("/api/v1/deals/" + carlasDeal, anaToken).status() == 404);
        assertThat(count("/api/v1/deals", anaToken)).isZero();
        assertThat(count("/api/v1/deals/" + carlasDeal + "/shares", carlaToken)).isZero();
    }

    @Test
    void anAssignmentThatExpiresLeavesListsAndSingleReads() {
        Api.Response given = api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Read only"), "userId", ana.toString(), "expiresAt", soon()));
        assertThat(given.status()).isEqualTo(201);
        assertThat(given.json().get("expiresAt").isNull()).isFalse();
        assertThat(api().get("/api/v1/deals/" + carlasDeal, anaToken).status()).isEqualTo(200);
        assertThat(count("/api/v1/deals", anaToken)).isEqualTo(1);
        assertThat(explained("").get("held").get(0).get("through").asString())
                .isEqualTo("personally until " + given.json().get("expiresAt").asString());

        eventually("the assignment ends", () -> count("/api/v1/deals", anaToken) == 0);
        assertThat(api().get("/api/v1/deals/" + carlasDeal, anaToken).status()).isEqualTo(404);
        assertThat(count("/api/v1/role-assignments?userId=" + ana, anaToken)).isZero();
    }

    @Test
    void aListMembershipThatExpiresLeavesTheListAndItsContacts() {
        String contact = created(api().post("/api/v1/contacts", carlaToken, Map.of("firstName", "Dora")));
        String list = created(api().post("/api/v1/lists", carlaToken, Map.of("name", "Key accounts")));
        assertThat(api().post("/api/v1/lists/" + list + "/contacts", carlaToken, Map.of("contactId", contact))
                        .status())
                .isLessThan(300);
        Api.Response joined = api().send(
                        "PUT",
                        "/api/v1/lists/" + list + "/members/" + ana,
                        carlaToken,
                        "application/json",
                        Api.json(Map.of("level", "VIEW", "expiresAt", soon())));
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.json().get("expiresAt").isNull()).isFalse();
        assertThat(api().get("/api/v1/contacts/" + contact, anaToken).status()).isEqualTo(200);
        assertThat(count("/api/v1/contacts", anaToken)).isEqualTo(1);
        assertThat(count("/api/v1/lists", anaToken)).isEqualTo(1);
        assertThat(api().get(
                                "/api/v1/access/explain?userId=" + ana + "&entity=contact&action=read&recordId="
                                        + contact,
                                anaToken)
                        .json()
                        .get("paths")
                        .toString())
                .contains("the shared list Key accounts where you are VIEW, which allows read until "
                        + joined.json().get("expiresAt").asString());

        eventually(
                "the membership ends",
                () -> api().get("/api/v1/contacts/" + contact, anaToken).status() == 404);
        assertThat(count("/api/v1/contacts", anaToken)).isZero();
        assertThat(count("/api/v1/lists", anaToken)).isZero();
        assertThat(api().get("/api/v1/lists/" + list, anaToken).status()).isEqualTo(404);
    }

    @Test
    void anExpiryInThePastOrAfterTheYear9999IsRefusedNamingTheField() {
        for (String bad : List.of("2020-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            Api.Response assigned = api().post(
                            "/api/v1/role-assignments",
                            t.adminToken(),
                            Map.of("roleId", roleId(t, "Read only"), "userId", ana.toString(), "expiresAt", bad));
            Api.Response shared = api().send(
                            "PUT",
                            "/api/v1/deals/" + carlasDeal + "/shares/" + ana,
                            carlaToken,
                            "application/json",
                            Api.json(Map.of("level", "READ", "expiresAt", bad)));
            for (Api.Response refused : List.of(assigned, shared)) {
                assertThat(refused.status()).as(bad).isEqualTo(422);
                assertThat(refused.json().get("errors").get(0).get("field").asString())
                        .isEqualTo("expiresAt");
            }
        }
        assertThat(api().get("/api/v1/deals/" + carlasDeal, anaToken).status()).isEqualTo(404);
    }

    @Test
    void theLastHolderForGoodKeepsAnAssignmentThatDoesNotExpire() {
        String administrator = roleId(t, "Administrator");
        Map<String, Object> adminsOwn =
                Map.of("roleId", administrator, "userId", t.adminId().toString());
        String later = Instant.now()
                .plus(Duration.ofDays(30))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        Map<String, Object> withAnEnd = new HashMap<>(adminsOwn);
        withAnEnd.put("expiresAt", later);
        // The only administrator may not give their own assignment an end: nobody would hold it then.
        assertThat(api().post("/api/v1/role-assignments", t.adminToken(), withAnEnd)
                        .status())
                .isEqualTo(409);
        // Nor leave it to someone who holds it only for a month.
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", administrator, "userId", ana.toString(), "expiresAt", later)));
        String own = api().post("/api/v1/role-assignments", t.adminToken(), adminsOwn)
                .json()
                .get("id")
                .asString();
        assertThat(api().send("DELETE", "/api/v1/role-assignments/" + own, t.adminToken(), null, null)
                        .status())
                .isEqualTo(409);
        // Once Ana holds it for good, the end may be given.
        assertThat(api().post(
                                "/api/v1/role-assignments",
                                t.adminToken(),
                                Map.of("roleId", administrator, "userId", ana.toString()))
                        .status())
                .isEqualTo(200);
        assertThat(api().post("/api/v1/role-assignments", t.adminToken(), withAnEnd)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aCachedAccessDoesNotOutliveTheAssignmentItCounted() {
        String auditor = created(api().post(
                        "/api/v1/roles", t.adminToken(), Map.of("name", "Auditor", "system", List.of("audit.read"))));
        Instant end = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", auditor, "userId", ana.toString(), "expiresAt", end.toString())));
        MovableClock clock = new MovableClock(Instant.now());
        AccessPolicies access = new AccessPolicies(
                jooq, directory, roles, assignments, sharingRules, changes, versions, appRoles, clock);
        assertThat(access.accessOf(t.id(), ana).has(SystemPermission.AUDIT_READ))
                .isTrue();

        clock.now = end.minusNanos(1000);
        assertThat(access.accessOf(t.id(), ana).has(SystemPermission.AUDIT_READ))
                .isTrue();
        // No access change is announced: the cached access itself must end at the expiry.
        clock.now = end;
        assertThat(access.accessOf(t.id(), ana).has(SystemPermission.AUDIT_READ))
                .isFalse();
        assertThat(access.policyOf(t.id()).assignmentsOf(new UserId(ana)))
                .noneMatch(a -> a.role().value().toString().equals(auditor));
    }
}
