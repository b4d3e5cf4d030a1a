package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RolesAndAssignmentsTest extends ApiTest {

    @Test
    void theTemplatesAreShownPristineAndEveryWorkspaceHasItsOwnEditableCopies() {
        Tenant t = newWorkspace();
        Api.Response templates = api().get("/api/v1/role-templates", t.adminToken());
        Api.Response roles = api().get("/api/v1/roles", t.adminToken());

        assertThat(templates.json().get("items").size()).isEqualTo(5);
        assertThat(roles.json().get("items").size()).isEqualTo(5);
        var salesperson = roles.json()
                .get("items")
                .valueStream()
                .filter(r -> r.get("name").asString().equals("Salesperson"))
                .findFirst()
                .orElseThrow();
        assertThat(salesperson.get("template").asString()).isEqualTo("salesperson");
        assertThat(salesperson
                        .get("entities")
                        .get("deal")
                        .get("read")
                        .get("level")
                        .asString())
                .isEqualTo("DEPARTMENT");

        Api.Response edited = api().send(
                        "PUT",
                        "/api/v1/roles/" + salesperson.get("id").asString(),
                        t.adminToken(),
                        "application/json",
                        Api.json(Map.of(
                                "name",
                                "Salesperson",
                                "entities",
                                Map.of("deal", Map.of("read", Map.of("level", "ALL"))))));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json()
                        .get("entities")
                        .get("deal")
                        .get("read")
                        .get("level")
                        .asString())
                .isEqualTo("ALL");
        assertThat(api().get("/api/v1/role-templates", t.adminToken()).body()).contains("\"DEPARTMENT\"");
    }

    @Test
    void anInvalidRoleIsRefusedWithTheEnginesPathPreciseMessages() {
        Tenant t = newWorkspace();
        Map<String, Object> body = Map.of(
                "name", "Big deals",
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
                                                        "amount",
                                                        "op",
                                                        "in",
                                                        "values",
                                                        List.of(1000, "lots"))))),
                "stages", Map.of(UUID.randomUUID().toString(), Map.of("read", Map.of("level", "NONE"))));

        Api.Response refused = api().post("/api/v1/roles", t.adminToken(), body);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body())
                .contains("entities.deal.read.condition.values[1]", "expected a number", "no deal stage with this id");
    }

    @Test
    void anAssignedRoleCannotBeDeletedAndTheRefusalListsItsAssignments() {
        Tenant t = newWorkspace();
        Api.Response role =
                api().post("/api/v1/roles", t.adminToken(), Map.of("name", "Auditor", "system", List.of("audit.read")));
        String roleId = role.json().get("id").asString();
        UUID ana = newUser(t, "ana@" + t.slug() + ".test");
        Api.Response assigned = api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", roleId, "userId", ana.toString()));
        assertThat(assigned.status()).isEqualTo(201);

        Api.Response refused = api().send("DELETE", "/api/v1/roles/" + roleId, t.adminToken(), null, null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("user " + ana);
        api().send(
                        "DELETE",
                        "/api/v1/role-assignments/" + assigned.json().get("id").asString(),
                        t.adminToken(),
                        null,
                        null);
        assertThat(api().send("DELETE", "/api/v1/roles/" + roleId, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void anAssignmentNamesExactlyOneTarget() {
        Tenant t = newWorkspace();
        String roleId = api().get("/api/v1/roles", t.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();

        Api.Response none = api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", roleId));
        Api.Response two = api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of(
                                "roleId",
                                roleId,
                                "everyone",
                                true,
                                "userId",
                                t.adminId().toString()));
        Api.Response unknown = api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", UUID.randomUUID().toString(), "everyone", true));

        assertThat(none.status()).isEqualTo(422);
        assertThat(two.status()).isEqualTo(422);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("roleId");
    }

    @Test
    void aRoleGivenToEveryoneTakesEffectOnTheVeryNextRequest() {
        Tenant t = newWorkspace();
        String email = "eve@" + t.slug() + ".test";
        newUser(t, email);
        String eve = login(t.slug(), email, PASSWORD);
        assertThat(api().get("/api/v1/audit", eve).status()).isEqualTo(403);
        String auditor = api().post(
                        "/api/v1/roles", t.adminToken(), Map.of("name", "Auditor", "system", List.of("audit.read")))
                .json()
                .get("id")
                .asString();

        api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", auditor, "everyone", true));

        assertThat(api().get("/api/v1/audit", eve).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/me", eve).json().get("systemPermissions").toString())
                .contains("audit.read");
    }

    @Test
    void copyingARoleKeepsItsEntriesUnderANewName() {
        Tenant t = newWorkspace();
        String manager = api().get("/api/v1/roles", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(r -> r.get("name").asString().equals("Manager"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();

        Api.Response copy =
                api().post("/api/v1/roles/" + manager + "/copy", t.adminToken(), Map.of("name", "Regional manager"));

        assertThat(copy.status()).isEqualTo(201);
        assertThat(copy.json().get("name").asString()).isEqualTo("Regional manager");
        assertThat(copy.json()
                        .get("entities")
                        .get("deal")
                        .get("delete")
                        .get("level")
                        .asString())
                .isEqualTo("SUBDEPARTMENTS");
        assertThat(copy.json().get("template").isNull()).isTrue();
    }
}
