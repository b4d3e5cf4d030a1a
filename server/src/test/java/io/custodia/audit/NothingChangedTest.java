package io.custodia.audit;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A change that changes nothing appends no audit entry, as the API guide promises: each request
 * below is sent twice, the first time it changes something (one entry), the second it does not.
 */
class NothingChangedTest extends ApiTest {

    private long entries(Tenant t) {
        return db.fetchCount(AUDIT_ENTRY, AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()));
    }

    /** Sends the request twice: one entry the first time, none the second. */
    private void twice(Tenant t, String method, String path, String json) {
        for (long expected : List.of(1L, 0L)) {
            long before = entries(t);
            Api.Response response = api().send(method, path, t.adminToken(), "application/json", json);
            assertThat(response.status())
                    .as(method + " " + path + ": " + response.body())
                    .isBetween(200, 201);
            assertThat(entries(t) - before).as(method + " " + path + " " + json).isEqualTo(expected);
        }
    }

    @Test
    void sendingTheSameChangeAgainAppendsNothing() {
        Tenant t = newWorkspace();
        onePipeline(t);
        UUID ana = newUser(t, "ana@" + t.slug() + ".test");
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "D")));
        String team = created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Suporte")));
        String department = department(t, "Vendas");
        String list = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", "VIP")));
        String role = roleId(t, "Read only");
        String roleBody = api().get("/api/v1/roles/" + role, t.adminToken()).body();

        twice(t, "PUT", "/api/v1/deals/" + deal + "/shares/" + ana, "{\"level\":\"EDIT\"}");
        twice(t, "PATCH", "/api/v1/deals/" + deal, "{\"title\":\"Harbour\",\"amount\":5000}");
        long version = api().get("/api/v1/deals/" + deal, t.adminToken())
                .json()
                .get("version")
                .asLong();
        long entriesBefore = entries(t);
        for (String same : List.of("{\"amount\":5000.00}", "{}")) {
            assertThat(api().patch("/api/v1/deals/" + deal, t.adminToken(), same)
                            .status())
                    .isEqualTo(200);
        }
        assertThat(entries(t)).isEqualTo(entriesBefore);
        assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                        .json()
                        .get("version")
                        .asLong())
                .as("a record changed to what it holds keeps its version")
                .isEqualTo(version);
        twice(t, "PATCH", "/api/v1/teams/" + team, "{\"visibility\":\"ALL\"}");
        twice(t, "PUT", "/api/v1/teams/" + team + "/members/" + ana, "{\"supervisor\":true}");
        twice(t, "PATCH", "/api/v1/workspace", "{\"conflictRule\":\"MOST_PERMISSIVE\"}");
        twice(t, "PATCH", "/api/v1/departments/" + department, "{\"name\":\"Vendas Sul\"}");
        twice(t, "PUT", "/api/v1/departments/" + department + "/members/" + ana, "{\"head\":true}");
        twice(t, "PATCH", "/api/v1/lists/" + list, "{\"name\":\"VIP 2\"}");
        twice(t, "PUT", "/api/v1/lists/" + list + "/members/" + ana, "{\"level\":\"EDIT\"}");
        twice(t, "PUT", "/api/v1/lists/" + list + "/hidden-fields", "[\"phone\",\"email\"]");
        twice(t, "PATCH", "/api/v1/users/" + ana, "{\"name\":\"Ana Souza\"}");
        twice(t, "PATCH", "/api/v1/teams/" + team, "{\"name\":\"Suporte N1\"}");
        twice(
                t,
                "POST",
                "/api/v1/role-assignments",
                "{\"roleId\":\"" + role + "\",\"departmentId\":\"" + department + "\",\"includeSubdepartments\":true}");
        assertThat(api().get("/api/v1/role-assignments", t.adminToken())
                        .json()
                        .get("items")
                        .valueStream()
                        .filter(a -> a.has("departmentId")
                                && a.get("departmentId").asString().equals(department)))
                .as("the same assignment sent twice is one row")
                .hasSize(1);
        String comments = "/api/v1/deals/" + deal + "/comments";
        String comment = created(api().post(comments, t.adminToken(), Map.of("body", "Ligar amanhã")));
        twice(t, "PATCH", comments + "/" + comment, "{\"body\":\"Ligar segunda\"}");
        String edited = api().get(comments, t.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("updatedAt")
                .asString();
        api().patch(comments + "/" + comment, t.adminToken(), Map.of("body", "  Ligar segunda "));
        assertThat(api().get(comments, t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .get("updatedAt")
                        .asString())
                .as("the same text again moves no edit time")
                .isEqualTo(edited);
        twice(t, "PATCH", "/api/v1/users/" + ana, "{\"status\":\"deactivated\"}");

        long before = entries(t);
        Api.Response same = api().send("PUT", "/api/v1/roles/" + role, t.adminToken(), "application/json", roleBody);
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(entries(t)).as("a role replaced by itself").isEqualTo(before);
        assertThat(api().get("/api/v1/audit/verify", t.adminToken())
                        .json()
                        .get("valid")
                        .asBoolean())
                .isTrue();
    }
}
