package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** "Why can this salesperson see that deal?" answered on real records, and what a move would change. */
class RecordInsightTest extends ApiTest {

    @Test
    void explainingADealShowsEachPathWithTheConditionsActualValues() {
        Tenant t = newWorkspace();
        onePipeline(t);
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
                                List.of("SP", "MG"))));
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        String regional = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "SP only",
                                "entities",
                                Map.of(
                                        "deal",
                                        Map.of(
                                                "read",
                                                Map.of(
                                                        "level",
                                                        "ALL",
                                                        "condition",
                                                        Map.of("field", "region", "op", "eq", "value", "SP")))))));
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", regional, "userId", bia.toString())));
        String mg = created(api().post(
                        "/api/v1/deals", t.adminToken(), Map.of("title", "Minas", "fields", Map.of("region", "MG"))));

        JsonNode why = api().get(
                        "/api/v1/access/explain?userId=" + bia + "&entity=deal&action=read&recordId=" + mg,
                        t.adminToken())
                .json();

        assertThat(why.get("allowed").asBoolean()).isFalse();
        assertThat(why.get("summary").asString()).startsWith("denied");
        JsonNode path = why.get("paths").get(0);
        assertThat(path.get("path").asString()).isEqualTo("role");
        assertThat(path.get("admits").asBoolean()).isFalse();
        assertThat(path.get("condition").get(0).get("field").asString()).isEqualTo("region");
        assertThat(path.get("condition").get(0).get("actual").toString()).contains("MG");
        assertThat(api().get(
                                "/api/v1/access/explain?userId=" + bia + "&entity=deal&action=read&recordId="
                                        + UUID.randomUUID(),
                                t.adminToken())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void simulatingAMoveCountsTheRecordsGainedAndLost() {
        Tenant t = newWorkspace();
        onePipeline(t);
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Sales");
        String sales = created(api().post("/api/v1/departments", t.adminToken(), body));
        body.put("name", "Support");
        String support = created(api().post("/api/v1/departments", t.adminToken(), body));
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        UUID caio = newUser(t, "caio@" + t.slug() + ".test");
        UUID dora = newUser(t, "dora@" + t.slug() + ".test");
        api().send(
                        "PUT",
                        "/api/v1/departments/" + support + "/members/" + bia,
                        t.adminToken(),
                        "application/json",
                        "{}");
        api().send(
                        "PUT",
                        "/api/v1/departments/" + sales + "/members/" + caio,
                        t.adminToken(),
                        "application/json",
                        "{}");
        api().send(
                        "PUT",
                        "/api/v1/departments/" + support + "/members/" + dora,
                        t.adminToken(),
                        "application/json",
                        "{}");
        String salesperson = api().get("/api/v1/roles", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(r -> r.get("name").asString().equals("Salesperson"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", salesperson, "everyone", true)));
        for (int i = 0; i < 3; i++) {
            created(api().post(
                            "/api/v1/deals", t.adminToken(), Map.of("title", "Caio " + i, "ownerId", caio.toString())));
        }
        created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Dora", "ownerId", dora.toString())));

        JsonNode result = api().post(
                        "/api/v1/access/simulate",
                        t.adminToken(),
                        Map.of(
                                "userId", bia.toString(),
                                "changes",
                                        List.of(
                                                Map.of("op", "leaveDepartment", "departmentId", support),
                                                Map.of("op", "joinDepartment", "departmentId", sales))))
                .json();

        assertThat(result.get("records").get("deal").get("gained").asLong()).isEqualTo(3);
        assertThat(result.get("records").get("deal").get("lost").asLong()).isEqualTo(1);
        assertThat(api().get("/api/v1/deals", login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD))
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }
}
