package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The two examples of access-model section 4, built through the API and read back through access insight. */
class SeedExamplesOverHttpTest extends ApiTest {

    private JsonNode effectiveEntry(JsonNode effective, String entity, String action, String stageId) {
        return effective
                .get("entries")
                .valueStream()
                .filter(e -> e.get("entity").asString().equals(entity)
                        && e.get("action").asString().equals(action))
                .filter(e -> stageId == null
                        ? e.get("stageId").isNull()
                        : stageId.equals(e.get("stageId").asString()))
                .findFirst()
                .orElse(null);
    }

    @Test
    void detailedNoneOnTheStagesFromOneDepartmentBeatsInheritedAllFromAnother() {
        Tenant t = newWorkspace();
        Api.Response pipeline = api().post(
                        "/api/v1/pipelines",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Sales",
                                "stages",
                                List.of(Map.of("name", "New", "kind", "OPEN"), Map.of("name", "Won", "kind", "WON"))));
        assertThat(pipeline.status()).isEqualTo(201);
        String newStage = pipeline.json().get("stages").get(0).get("id").asString();
        String wonStage = pipeline.json().get("stages").get(1).get("id").asString();
        String a = department(t, "A");
        String b = department(t, "B");
        UUID employee = newUser(t, "employee@" + t.slug() + ".test");
        join(t, a, employee);
        join(t, b, employee);
        String denyStages = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Stages denied",
                                "stages",
                                Map.of(
                                        newStage,
                                        Map.of("read", Map.of("level", "NONE")),
                                        wonStage,
                                        Map.of("read", Map.of("level", "NONE"))))));
        String allDeals = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "All deals",
                                "entities",
                                Map.of("deal", Map.of("read", Map.of("level", "ALL"))))));
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", denyStages, "departmentId", a)));
        created(api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", allDeals, "departmentId", b)));

        JsonNode effective = api().get("/api/v1/access/effective?userId=" + employee, t.adminToken())
                .json();
        JsonNode explain = api().get(
                        "/api/v1/access/explain?userId=" + employee + "&entity=deal&action=read&stageId=" + newStage,
                        t.adminToken())
                .json();

        assertThat(effective.get("conflictRule").asString()).isEqualTo("PRECEDENCE");
        assertThat(effectiveEntry(effective, "deal", "read", newStage)
                        .get("grants")
                        .size())
                .isZero();
        assertThat(effectiveEntry(effective, "deal", "read", wonStage)
                        .get("grants")
                        .size())
                .isZero();
        assertThat(explain.get("allowed").asBoolean()).isFalse();
        assertThat(explain.get("winningClass").asString()).isEqualTo("DETAILED_GROUP");
        assertThat(explain.get("candidates").size()).isEqualTo(2);
        assertThat(explain.get("why").asString()).contains("detailed beats inherited");

        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("conflictRule", "MOST_PERMISSIVE"))
                        .status())
                .isEqualTo(200);

        JsonNode permissive = api().get("/api/v1/access/effective?userId=" + employee, t.adminToken())
                .json();
        assertThat(effectiveEntry(permissive, "deal", "read", null)
                        .get("grants")
                        .get(0)
                        .get("level")
                        .asString())
                .isEqualTo("ALL");
        assertThat(effectiveEntry(permissive, "deal", "read", newStage)).isNull();
        assertThat(api().get(
                                "/api/v1/access/explain?userId=" + employee + "&entity=deal&action=read&stageId="
                                        + newStage,
                                t.adminToken())
                        .json()
                        .get("allowed")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aPersonalHeadOfDepartmentRoleWinsWhereItSetsEntriesOverManagerFromTheDepartment() {
        Tenant t = newWorkspace();
        String sales = department(t, "Sales");
        UUID head = newUser(t, "head@" + t.slug() + ".test");
        join(t, sales, head);
        String manager = api().get("/api/v1/roles", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(r -> r.get("name").asString().equals("Manager"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        String headRole = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Head of department",
                                "entities",
                                Map.of(
                                        "deal",
                                        Map.of(
                                                "read",
                                                Map.of("level", "DEPARTMENT"),
                                                "delete",
                                                Map.of("level", "ALL"))))));
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", manager, "departmentId", sales)));
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", headRole, "userId", head.toString())));

        String headToken = login(t.slug(), "head@" + t.slug() + ".test", PASSWORD);
        JsonNode effective =
                api().get("/api/v1/access/effective?userId=" + head, headToken).json();

        assertThat(effectiveEntry(effective, "deal", "read", null)
                        .get("grants")
                        .get(0)
                        .get("level")
                        .asString())
                .isEqualTo("DEPARTMENT");
        assertThat(effectiveEntry(effective, "deal", "read", null)
                        .get("from")
                        .get(0)
                        .get("source")
                        .asString())
                .isEqualTo("PERSONAL");
        assertThat(effectiveEntry(effective, "deal", "delete", null)
                        .get("grants")
                        .get(0)
                        .get("level")
                        .asString())
                .isEqualTo("ALL");
        assertThat(effectiveEntry(effective, "deal", "update", null)
                        .get("grants")
                        .get(0)
                        .get("level")
                        .asString())
                .isEqualTo("ALL");
        assertThat(effectiveEntry(effective, "deal", "update", null)
                        .get("from")
                        .get(0)
                        .get("roleName")
                        .asString())
                .isEqualTo("Manager");
        JsonNode explain = api().get("/api/v1/access/explain?userId=" + head + "&entity=deal&action=read", headToken)
                .json();
        assertThat(explain.get("winningClass").asString()).isEqualTo("DETAILED_PERSONAL");
    }
}
