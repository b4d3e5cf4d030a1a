package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Seed 002 over HTTP: a role given to the heads of a department (Bitrix24's "heads of department"),
 * with or without its subdepartments. It reaches the members flagged head, at once when a flag
 * changes, in single reads and in lists alike, and explanations and simulations name it.
 */
class DepartmentHeadsTest extends ApiTest {
    private Tenant t;
    private String vendas;
    private String sul;
    private final Map<String, UUID> ids = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private String headsRole;
    private String deal;

    @BeforeEach
    void salesWithASouthernBranch() {
        t = newWorkspace();
        vendas = department(t, "Vendas");
        sul = created(
                api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Vendas Sul", "parentId", vendas)));
        for (String who : List.of("ana", "bruno", "carla")) {
            String email = who + "@" + t.slug() + ".test";
            ids.put(who, newUser(t, email));
            tokens.put(who, login(t.slug(), email, PASSWORD));
        }
        member(vendas, "ana", true);
        member(vendas, "bruno", false);
        member(sul, "carla", true);
        headsRole = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Chefes veem tudo",
                                "entities",
                                Map.of("deal", Map.of("read", Map.of("level", "ALL"))))));
        onePipeline(t);
        deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Fazenda Aurora")));
    }

    private void member(String department, String who, boolean head) {
        put(t, "/api/v1/departments/" + department + "/members/" + ids.get(who), "{\"head\": " + head + "}");
    }

    private Api.Response assignToHeads(Map<String, Object> target) {
        Map<String, Object> body = new HashMap<>(target);
        body.put("roleId", headsRole);
        return api().post("/api/v1/role-assignments", t.adminToken(), body);
    }

    private boolean reads(String who) {
        int one = api().get("/api/v1/deals/" + deal, tokens.get(who)).status();
        int listed =
                api().get("/api/v1/deals", tokens.get(who)).json().get("items").size();
        assertThat(listed).as("the list agrees with the single read for " + who).isEqualTo(one == 200 ? 1 : 0);
        return one == 200;
    }

    @Test
    void theHeadsOfVendasHoldTheRoleAndItsOtherMembersAndTheHeadsBelowDoNot() {
        Api.Response given = assignToHeads(Map.of("departmentId", vendas, "heads", true));

        assertThat(given.status()).as(given.body()).isEqualTo(201);
        assertThat(given.json().get("heads").asBoolean()).isTrue();
        assertThat(reads("ana")).isTrue();
        assertThat(reads("bruno")).isFalse();
        assertThat(reads("carla")).isFalse();
        assertThat(assignToHeads(Map.of("departmentId", vendas, "heads", true)).status())
                .as("the same assignment again")
                .isEqualTo(200);
        assertThat(assignToHeads(Map.of("departmentId", vendas)).status())
                .as("the whole department is another target")
                .isEqualTo(201);
    }

    @Test
    void withSubdepartmentsTheHeadOfVendasSulHoldsItTooAndAFlagCountsAtTheNextRequest() {
        assertThat(assignToHeads(Map.of("departmentId", vendas, "heads", true, "includeSubdepartments", true))
                        .status())
                .isEqualTo(201);
        assertThat(reads("carla")).isTrue();
        assertThat(reads("bruno")).isFalse();

        member(vendas, "bruno", true);
        member(vendas, "ana", false);

        assertThat(reads("bruno")).isTrue();
        assertThat(reads("ana")).isFalse();
        assertThat(api().send(
                                "DELETE",
                                "/api/v1/departments/" + sul + "/members/" + ids.get("carla"),
                                t.adminToken(),
                                null,
                                null)
                        .status())
                .isEqualTo(204);
        assertThat(reads("carla")).as("a head who leaves heads no more").isFalse();
    }

    @Test
    void explanationsNameTheHeadsAndASimulationShowsWhatBecomingHeadWouldGive() {
        assignToHeads(Map.of("departmentId", vendas, "heads", true, "includeSubdepartments", true));

        JsonNode why = api().get(
                        "/api/v1/access/explain?userId=" + ids.get("carla") + "&entity=deal&action=read",
                        t.adminToken())
                .json();
        JsonNode simulated = api().post(
                        "/api/v1/access/simulate",
                        t.adminToken(),
                        Map.of(
                                "userId",
                                ids.get("bruno").toString(),
                                "changes",
                                List.of(Map.of("op", "becomeHead", "departmentId", vendas))))
                .json();

        assertThat(why.get("allowed").asBoolean()).isTrue();
        assertThat(why.get("held").toString())
                .contains("Chefes veem tudo")
                .contains("heads of Vendas and its subdepartments")
                .contains("GROUP");
        assertThat(simulated.get("records").get("deal").get("gained").asLong()).isEqualTo(1);
        assertThat(simulated.get("after").toString()).contains("Chefes veem tudo");
        assertThat(simulated.get("before").toString()).doesNotContain("Chefes veem tudo");
    }

    @Test
    void headsIsADepartmentTargetOnlyAndAssignmentsToHeadsKeepTheirDepartment() {
        Api.Response toTeam = assignToHeads(Map.of("everyone", true, "heads", true));
        String empty = department(t, "Sem ninguém");
        assignToHeads(Map.of("departmentId", empty, "heads", true));
        Api.Response deleted = api().send("DELETE", "/api/v1/departments/" + empty, t.adminToken(), null, null);

        assertThat(toTeam.status()).isEqualTo(422);
        assertThat(toTeam.body()).contains("heads");
        assertThat(deleted.status()).isEqualTo(409);
    }
}
