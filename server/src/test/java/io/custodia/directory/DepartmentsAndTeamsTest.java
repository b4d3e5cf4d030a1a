package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DepartmentsAndTeamsTest extends ApiTest {

    private UUID department(Tenant t, String name, UUID parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parentId", parent);
        Api.Response r = api().post("/api/v1/departments", t.adminToken(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asString());
    }

    @Test
    void aDepartmentCannotMoveUnderItselfOrItsSubdepartments() {
        Tenant t = newWorkspace();
        UUID sales = department(t, "Sales", null);
        UUID south = department(t, "Sales south", sales);
        UUID porto = department(t, "Porto Alegre", south);

        Api.Response cycle =
                api().patch("/api/v1/departments/" + sales, t.adminToken(), Map.of("parentId", porto.toString()));
        Api.Response self =
                api().patch("/api/v1/departments/" + sales, t.adminToken(), Map.of("parentId", sales.toString()));
        Map<String, Object> toTop = new HashMap<>();
        toTop.put("parentId", null);
        Api.Response moved = api().patch("/api/v1/departments/" + porto, t.adminToken(), toTop);

        assertThat(cycle.status()).isEqualTo(422);
        assertThat(cycle.json().get("errors").get(0).get("field").asString()).isEqualTo("parentId");
        assertThat(self.status()).isEqualTo(422);
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().get("parentId").isNull()).isTrue();
        assertThat(moved.json().get("name").asString()).isEqualTo("Porto Alegre");
    }

    @Test
    void aDepartmentWithMembersOrChildrenIsNotDeletedAndTheRefusalSaysWhy() {
        Tenant t = newWorkspace();
        UUID sales = department(t, "Sales", null);
        department(t, "Sales south", sales);
        UUID support = department(t, "Support", null);
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        assertThat(api().send(
                                "PUT",
                                "/api/v1/departments/" + support + "/members/" + bia,
                                t.adminToken(),
                                "application/json",
                                "{\"head\": true}")
                        .status())
                .isEqualTo(200);

        Api.Response withChild = api().send("DELETE", "/api/v1/departments/" + sales, t.adminToken(), null, null);
        Api.Response withMember = api().send("DELETE", "/api/v1/departments/" + support, t.adminToken(), null, null);

        assertThat(withChild.status()).isEqualTo(409);
        assertThat(withChild.json().get("detail").asString()).contains("subdepartment 'Sales south'");
        assertThat(withMember.status()).isEqualTo(409);
        assertThat(withMember.json().get("detail").asString()).contains("1 member(s)");
        assertThat(api().get("/api/v1/departments/" + support + "/members", t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .get("head")
                        .asBoolean())
                .isTrue();
        assertThat(api().send(
                                "DELETE",
                                "/api/v1/departments/" + support + "/members/" + bia,
                                t.adminToken(),
                                null,
                                null)
                        .status())
                .isEqualTo(204);
        assertThat(api().send("DELETE", "/api/v1/departments/" + support, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        assertThat(api().get("/api/v1/departments/" + support, t.adminToken()).status())
                .isEqualTo(404);
    }

    @Test
    void onlyUsersManagersChangeTheDirectoryButEveryoneReadsIt() {
        Tenant t = newWorkspace();
        UUID sales = department(t, "Sales", null);
        String email = "seller@" + t.slug() + ".test";
        newUser(t, email);
        String seller = login(t.slug(), email, PASSWORD);

        assertThat(api().post("/api/v1/departments", seller, Map.of("name", "Mine"))
                        .status())
                .isEqualTo(403);
        assertThat(api().get("/api/v1/departments", seller)
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(sales.toString());
    }

    @Test
    void teamsHaveAVisibilityMembersAndSupervisors() {
        Tenant t = newWorkspace();
        Api.Response created =
                api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support", "visibility", "ATTENDANT"));
        assertThat(created.status()).isEqualTo(201);
        UUID team = UUID.fromString(created.json().get("id").asString());
        UUID ana = newUser(t, "ana@" + t.slug() + ".test");

        api().send(
                        "PUT",
                        "/api/v1/teams/" + team + "/members/" + ana,
                        t.adminToken(),
                        "application/json",
                        "{\"supervisor\": true}");
        Api.Response changed = api().patch("/api/v1/teams/" + team, t.adminToken(), Map.of("visibility", "TEAM"));

        assertThat(changed.json().get("visibility").asString()).isEqualTo("TEAM");
        assertThat(api().get("/api/v1/teams/" + team + "/members", t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .get("supervisor")
                        .asBoolean())
                .isTrue();
        assertThat(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "X", "visibility", "SOMETIMES"))
                        .status())
                .isEqualTo(400);
    }
}
