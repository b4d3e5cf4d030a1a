package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrashAndExportTest extends ApiTest {
    private Tenant t;

    @BeforeEach
    void workspace() {
        t = newWorkspace();
        onePipeline(t);
    }

    @Test
    void whoeverCouldDeleteARecordSeesItInTheRecycleBinAndRestoresIt() {
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Oops")));
        String company = created(api().post("/api/v1/companies", t.adminToken(), Map.of("name", "Acme")));
        api().send("DELETE", "/api/v1/deals/" + deal, t.adminToken(), null, null);
        api().send("DELETE", "/api/v1/companies/" + company, t.adminToken(), null, null);
        String email = "reader@" + t.slug() + ".test";
        UUID reader = newUser(t, email);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Read only"), "userId", reader.toString())));
        String readerToken = login(t.slug(), email, PASSWORD);

        var trash = api().get("/api/v1/trash", t.adminToken()).json();
        assertThat(trash.get("items").size()).isEqualTo(2);
        assertThat(trash.get("items").get(0).get("type").asString()).isEqualTo("companies");
        assertThat(api().get("/api/v1/trash", readerToken).json().get("items").size())
                .isZero();
        assertThat(api().send("POST", "/api/v1/trash/deals/" + deal + "/restore", readerToken, null, null)
                        .status())
                .isEqualTo(404);

        assertThat(api().send("POST", "/api/v1/trash/deals/" + deal + "/restore", t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);

        assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                        .json()
                        .get("title")
                        .asString())
                .isEqualTo("Oops");
        assertThat(api().get("/api/v1/trash", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void aManagerRestoresHerDepartmentsDeletedDealsAsSheCouldDeleteThem() {
        String sales = department(t, "Sales");
        UUID manager = newUser(t, "manager@" + t.slug() + ".test");
        UUID colleague = newUser(t, "colleague@" + t.slug() + ".test");
        join(t, sales, manager);
        join(t, sales, colleague);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Manager"), "userId", manager.toString())));
        String managerToken = login(t.slug(), "manager@" + t.slug() + ".test", PASSWORD);
        String deal = created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", "Colleague's", "ownerId", colleague.toString())));
        api().send("DELETE", "/api/v1/deals/" + deal, t.adminToken(), null, null);

        assertThat(api().get("/api/v1/trash", managerToken).body()).contains(deal);
        assertThat(api().post("/api/v1/trash/deals/" + deal + "/restore", managerToken, Map.of())
                        .status())
                .isEqualTo(204);
        assertThat(api().get("/api/v1/deals/" + deal, managerToken).status()).isEqualTo(200);
    }

    @Test
    void anExportHoldsWhatTheCallerMayReadAndExportWithoutHiddenFieldsAndIsAudited() {
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of("entity", "deal", "key", "secretCode", "label", "Code", "type", "text")));
        created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", "Big one", "amount", 5000, "fields", Map.of("secretCode", "CANARY-42"))));
        String hide = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name", "Exporter without secrets",
                                "entities",
                                        Map.of(
                                                "deal",
                                                Map.of(
                                                        "read",
                                                        Map.of("level", "ALL"),
                                                        "export",
                                                        Map.of("level", "ALL"))),
                                "fields", Map.of("deal", Map.of("secretCode", "HIDDEN", "amount", "HIDDEN")))));
        String email = "exporter@" + t.slug() + ".test";
        UUID exporter = newUser(t, email);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", hide, "userId", exporter.toString())));
        String sellerEmail = "seller@" + t.slug() + ".test";
        UUID seller = newUser(t, sellerEmail);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "userId", seller.toString())));

        Api.Response full = api().get("/api/v1/deals/export", t.adminToken());
        Api.Response partial = api().get("/api/v1/deals/export", login(t.slug(), email, PASSWORD));
        Api.Response refused = api().get("/api/v1/deals/export", login(t.slug(), sellerEmail, PASSWORD));

        assertThat(full.status()).isEqualTo(200);
        assertThat(full.contentType()).startsWith("text/csv");
        assertThat(full.body()).contains("Big one", "CANARY-42", "5000");
        assertThat(partial.body())
                .contains("Big one")
                .doesNotContain("CANARY-42")
                .doesNotContain("5000")
                .doesNotContain("secretCode");
        assertThat(partial.body().lines().findFirst().orElseThrow()).startsWith("id,version,ownerId,owner,title");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).isEqualTo("missing permission: deal.export");
        assertThat(api().get("/api/v1/audit?action=deal.exported", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(2);
    }
}
