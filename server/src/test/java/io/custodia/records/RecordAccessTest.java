package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.platform.db.Tables;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Records as a salesperson, a manager and an administrator see them, enforced in the database. */
class RecordAccessTest extends ApiTest {
    private Tenant t;
    private String sales;
    private String support;
    private UUID ana;
    private UUID bruno;
    private UUID carla;
    private String anaToken;

    private String deal(String title, UUID owner, Object amount) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("ownerId", owner.toString());
        body.put("amount", amount);
        return created(api().post("/api/v1/deals", t.adminToken(), body));
    }

    private Set<String> titles(String token, String query) {
        JsonNode list = api().get("/api/v1/deals" + query, token).json();
        return list.get("items")
                .valueStream()
                .map(d -> d.get("title").asString())
                .collect(Collectors.toSet());
    }

    @BeforeEach
    void salesAndSupport() {
        t = newWorkspace();
        created(api().post(
                        "/api/v1/pipelines",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Sales",
                                "stages",
                                List.of(Map.of("name", "New", "kind", "OPEN"), Map.of("name", "Won", "kind", "WON")))));
        sales = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Sales")));
        support = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Support")));
        ana = newUser(t, "ana@" + t.slug() + ".test");
        bruno = newUser(t, "bruno@" + t.slug() + ".test");
        carla = newUser(t, "carla@" + t.slug() + ".test");
        join(t, sales, ana);
        join(t, sales, bruno);
        join(t, support, carla);
        String salesperson = roleId(t, "Salesperson");
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", salesperson, "departmentId", sales)));
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", salesperson, "departmentId", support)));
        anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
    }

    @Test
    void salespersonSeesOnlyHerDepartmentsDeals() {
        deal("Ana's", ana, 100);
        deal("Bruno's", bruno, 200);
        String carlas = deal("Carla's", carla, 300);

        assertThat(titles(anaToken, "")).containsExactlyInAnyOrder("Ana's", "Bruno's");
        assertThat(api().get("/api/v1/deals/" + carlas, anaToken).status()).isEqualTo(404);
        assertThat(titles(t.adminToken(), "")).containsExactlyInAnyOrder("Ana's", "Bruno's", "Carla's");
        assertThat(titles(anaToken, "?q=carla")).isEmpty();
        assertThat(titles(anaToken, "?ownerId=" + bruno)).containsExactly("Bruno's");
    }

    @Test
    void movingAUserChangesWhatListsShowOnTheVeryNextRequest() {
        deal("Carla's", carla, 300);
        assertThat(titles(anaToken, "")).isEmpty();

        join(t, sales, carla);

        assertThat(titles(anaToken, "")).containsExactly("Carla's");
        api().send("DELETE", "/api/v1/departments/" + sales + "/members/" + carla, t.adminToken(), null, null);
        assertThat(titles(anaToken, "")).isEmpty();
    }

    @Test
    void aMovedUsersRecordsAreRekeyedInTheBackgroundWhileListsStayRight() throws InterruptedException {
        deal("Carla's 1", carla, 300);
        deal("Carla's 2", carla, 300);

        api().send("DELETE", "/api/v1/departments/" + support + "/members/" + carla, t.adminToken(), null, null);
        join(t, sales, carla);

        // Right at once, whether or not the rows carry the new key yet...
        assertThat(titles(anaToken, "")).containsExactlyInAnyOrder("Carla's 1", "Carla's 2");
        // ...and the rows follow within moments, without anyone re-saving them.
        UUID salesId = UUID.fromString(sales);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !rekeyed(salesId)) {
            Thread.sleep(50);
        }
        assertThat(rekeyed(salesId)).isTrue();
        assertThat(titles(anaToken, "")).containsExactlyInAnyOrder("Carla's 1", "Carla's 2");
    }

    private boolean rekeyed(UUID unit) {
        boolean rows =
                db.fetchCount(Tables.DEAL, Tables.DEAL.OWNER_ID.eq(carla).and(Tables.DEAL.OWNER_UNIT.eq(unit))) == 2;
        Boolean settled = db.select(Tables.USER_UNIT.SETTLED)
                .from(Tables.USER_UNIT)
                .where(Tables.USER_UNIT.USER_ID.eq(carla))
                .fetchOne(Tables.USER_UNIT.SETTLED);
        return rows && Boolean.TRUE.equals(settled);
    }

    @Test
    void aReadableRecordSheMayNotChangeIs403NamingThePermission() {
        String brunos = deal("Bruno's", bruno, 200);
        String anas = deal("Ana's", ana, 100);

        Api.Response refused = api().patch("/api/v1/deals/" + brunos, anaToken, Map.of("title", "Mine now"));
        Api.Response deleted = api().send("DELETE", "/api/v1/deals/" + anas, anaToken, null, null);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).isEqualTo("missing permission: deal.update");
        assertThat(deleted.status()).isEqualTo(403);
        assertThat(deleted.json().get("detail").asString()).isEqualTo("missing permission: deal.delete");
    }

    @Test
    void anUpdateWithAStaleETagIs412AndAFreshOneSucceeds() {
        String anas = deal("Ana's", ana, 100);
        Api.Response read = api().get("/api/v1/deals/" + anas, anaToken);
        String etag = read.header("ETag");

        Api.Response first = api().send(
                        "PATCH",
                        "/api/v1/deals/" + anas,
                        anaToken,
                        "application/json",
                        "{\"title\": \"Bigger\"}",
                        "If-Match",
                        etag);
        Api.Response stale = api().send(
                        "PATCH",
                        "/api/v1/deals/" + anas,
                        anaToken,
                        "application/json",
                        "{\"title\": \"Stale\"}",
                        "If-Match",
                        etag);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("version").asLong()).isEqualTo(2);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(api().get("/api/v1/deals/" + anas, anaToken)
                        .json()
                        .get("title")
                        .asString())
                .isEqualTo("Bigger");
    }

    @Test
    void sheMayNotGiveRecordsToPeopleOutsideHerCreateLevel() {
        Api.Response forCarla =
                api().post("/api/v1/deals", anaToken, Map.of("title", "For Carla", "ownerId", carla.toString()));
        Api.Response own = api().post("/api/v1/deals", anaToken, Map.of("title", "Mine"));

        assertThat(forCarla.status()).isEqualTo(403);
        assertThat(forCarla.json().get("detail").asString()).startsWith("missing permission: deal.create");
        assertThat(own.status()).isEqualTo(201);
        assertThat(own.json().get("ownerId").asString()).isEqualTo(ana.toString());
    }

    @Test
    void aHiddenFieldIsAbsentFromAnswersAndWritingItIs403() {
        String anas = deal("Ana's", ana, 100);
        giveAnaFieldEntry("No amounts", "amount", "HIDDEN");

        JsonNode seen = api().get("/api/v1/deals/" + anas, anaToken).json();
        Api.Response write = api().patch("/api/v1/deals/" + anas, anaToken, Map.of("amount", 999));

        assertThat(seen.has("amount")).isFalse();
        assertThat(seen.get("title").asString()).isEqualTo("Ana's");
        assertThat(api().get("/api/v1/deals", anaToken).body()).doesNotContain("\"amount\"");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("detail").asString()).contains("amount");
        assertThat(api().get("/api/v1/deals/" + anas, t.adminToken())
                        .json()
                        .get("amount")
                        .decimalValue())
                .isEqualByComparingTo("100");
    }

    @Test
    void aCustomFieldSheMaySeeIsThereEvenEmptyAndAHiddenOneIsNot() {
        for (String key : List.of("region", "margin")) {
            created(api().post(
                            "/api/v1/fields",
                            t.adminToken(),
                            Map.of("entity", "deal", "key", key, "label", key, "type", "text")));
        }
        giveAnaFieldEntry("No margins", "margin", "HIDDEN");
        String anas = deal("Ana's", ana, 100);

        JsonNode fields = api().get("/api/v1/deals/" + anas, anaToken).json().get("fields");

        assertThat(fields.has("region")).as(fields.toString()).isTrue();
        assertThat(fields.get("region").isNull()).isTrue();
        assertThat(fields.has("margin")).as(fields.toString()).isFalse();
        assertThat(api().get("/api/v1/deals/" + anas, t.adminToken())
                        .json()
                        .get("fields")
                        .has("margin"))
                .isTrue();
    }

    @Test
    void aReadOnlyFieldMaySendBackUnchangedButNotChange() {
        String anas = deal("Ana's", ana, 100);
        giveAnaFieldEntry("Amounts read-only", "amount", "READ");

        Api.Response unchanged =
                api().patch("/api/v1/deals/" + anas, anaToken, Map.of("title", "Renamed", "amount", 100.00));
        Api.Response changed = api().patch("/api/v1/deals/" + anas, anaToken, Map.of("amount", 101));

        assertThat(unchanged.status()).as(unchanged.body()).isEqualTo(200);
        assertThat(unchanged.json().get("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(changed.status()).isEqualTo(403);
        assertThat(changed.json().get("detail").asString()).contains("read-only");
    }

    @Test
    void aConditionOnACustomFieldFiltersInTheDatabase() {
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of(
                                "entity",
                                "deal",
                                "key",
                                "region",
                                "label",
                                "Region",
                                "type",
                                "select",
                                "options",
                                List.of("SP", "RJ", "MG"))));
        Map<String, Object> sp =
                new HashMap<>(Map.of("title", "In SP", "ownerId", carla.toString(), "fields", Map.of("region", "SP")));
        Map<String, Object> mg =
                new HashMap<>(Map.of("title", "In MG", "ownerId", carla.toString(), "fields", Map.of("region", "MG")));
        created(api().post("/api/v1/deals", t.adminToken(), sp));
        created(api().post("/api/v1/deals", t.adminToken(), mg));
        created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Nowhere", "ownerId", carla.toString())));
        String southeast = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "SP and RJ",
                                "entities",
                                Map.of(
                                        "deal",
                                        Map.of(
                                                "read",
                                                Map.of(
                                                        "level",
                                                        "ALL",
                                                        "condition",
                                                        Map.of(
                                                                "field",
                                                                "region",
                                                                "op",
                                                                "in",
                                                                "values",
                                                                List.of("SP", "RJ"))))))));
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", southeast, "userId", ana.toString())));
        // Personal beats group: only the regional role decides Ana's deal reading now.

        assertThat(titles(anaToken, "")).containsExactly("In SP");
        Api.Response badValue =
                api().post("/api/v1/deals", t.adminToken(), Map.of("title", "X", "fields", Map.of("region", "XX")));
        assertThat(badValue.status()).isEqualTo(422);
        assertThat(badValue.json().get("errors").get(0).get("field").asString()).isEqualTo("fields.region");
    }

    @Test
    void deletedRecordsGoToTheRecycleBinAndVanishFromEveryRead() {
        String anas = deal("Ana's", ana, 100);

        assertThat(api().send("DELETE", "/api/v1/deals/" + anas, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);

        assertThat(api().get("/api/v1/deals/" + anas, t.adminToken()).status()).isEqualTo(404);
        assertThat(titles(t.adminToken(), "")).isEmpty();
        assertThat(api().get("/api/v1/audit?action=deal.deleted", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void listsPageWithKeysetCursorsInEveryOrder() {
        for (int i = 0; i < 5; i++) {
            deal("Deal " + i, ana, i);
        }
        for (String sort : List.of("-updatedAt", "updatedAt", "name")) {
            Set<String> seen = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = api().get(
                                "/api/v1/deals?limit=2&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor),
                                anaToken)
                        .json();
                page.get("items")
                        .valueStream()
                        .forEach(d -> seen.add(d.get("title").asString()));
                cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
                pages++;
            } while (cursor != null);
            assertThat(seen).as(sort).hasSize(5);
            assertThat(pages).isEqualTo(3);
        }
        assertThat(api().get("/api/v1/deals?sort=bogus", anaToken).status()).isEqualTo(400);
    }

    /** A personal role of Ana's holding only one field entry on deals. */
    private void giveAnaFieldEntry(String roleName, String field, String access) {
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", roleName, "fields", Map.of("deal", Map.of(field, access)))));
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", role, "userId", ana.toString())));
    }
}
