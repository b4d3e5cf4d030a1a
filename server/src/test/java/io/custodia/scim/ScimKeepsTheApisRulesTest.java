package io.custodia.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SCIM keeps every rule of the API: a deactivation does all a deactivation does, on every token and
 * session at once; no system permission is handed out or left without a holder; no role is given;
 * the e-mail does not change; ETags guard changes; and the Groups setting decides what groups are.
 */
class ScimKeepsTheApisRulesTest extends ScimTests {

    @Test
    void deactivationBySCIMEndsTheSessionsAndRefusesSignIn() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        String email = "dora@" + t.slug() + ".test";
        UUID dora = newUser(t, email);
        String session = login(t.slug(), email, PASSWORD);
        assertThat(api().get("/api/v1/me", session).status()).isEqualTo(200);

        JsonNode found = expect(scim("GET", "/Users?filter=" + filter("userName eq \"" + email + "\""), token), 200);
        assertThat(found.get("Resources").get(0).get("id").asString()).isEqualTo(dora.toString());
        expect(
                scim(
                        "PATCH",
                        "/Users/" + dora,
                        token,
                        patch(Map.of("op", "replace", "path", "active", "value", false))),
                200);

        assertThat(api().get("/api/v1/me", session).status()).isEqualTo(401);
        assertThat(api().post(
                                "/api/v1/auth/login",
                                null,
                                Map.of("workspace", t.slug(), "email", email, "password", PASSWORD))
                        .status())
                .isEqualTo(401);
        JsonNode entry = api().get("/api/v1/audit?action=user.deactivated", t.adminToken())
                .json()
                .get("items")
                .get(0);
        assertThat(entry.get("target").toString()).contains(dora.toString());
        assertThat(entry.get("actor").get("name").asString()).isEqualTo("SCIM: Identity provider");
    }

    @Test
    void theLastAdministratorStaysAndNoAdministratorIsReactivated() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        expect(
                scim(
                        "PATCH",
                        "/Users/" + t.adminId(),
                        token,
                        patch(Map.of("op", "replace", "value", Map.of("active", false)))),
                409);
        expect(scim("DELETE", "/Users/" + t.adminId(), token), 409);
        assertThat(api().get("/api/v1/me", t.adminToken()).status()).isEqualTo(200);
        expect(scim("GET", "/Users/" + t.adminId(), token), 200);

        // A second administrator may be deactivated, but SCIM, which holds no permission, cannot bring them back.
        UUID second = newUser(t, "second@" + t.slug() + ".test");
        assign(t, roleId(t, "Administrator"), second);
        expect(
                scim(
                        "PATCH",
                        "/Users/" + second,
                        token,
                        patch(Map.of("op", "replace", "value", Map.of("active", false)))),
                200);
        expect(
                scim(
                        "PATCH",
                        "/Users/" + second,
                        token,
                        patch(Map.of("op", "replace", "value", Map.of("active", true)))),
                403);
        assertThat(userField(t, second, "status")).isEqualTo("deactivated");
    }

    @Test
    void scimGivesNoRoleAndPutsNobodyWhereAPermissionWouldComeWithIt() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        String body = Api.json(Map.of(
                "schemas",
                List.of(USER_SCHEMA),
                "userName",
                "eva@" + t.slug() + ".test",
                "displayName",
                "Eva",
                "roles",
                List.of(Map.of("value", "Administrator"))));
        expect(scim("POST", "/Users", token, body), 403);
        assertThat(expect(
                                scim(
                                        "GET",
                                        "/Users?filter=" + filter("userName eq \"eva@" + t.slug() + ".test\""),
                                        token),
                                200)
                        .get("totalResults")
                        .asInt())
                .isZero();

        String admins = department(t, "Admins");
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of(
                                "roleId",
                                roleId(t, "Administrator"),
                                "departmentId",
                                admins,
                                "includeSubdepartments",
                                false)));
        UUID joining = newUser(t, "joining@" + t.slug() + ".test");
        expect(
                scim(
                        "PATCH",
                        "/Groups/" + admins,
                        token,
                        patch(Map.of(
                                "op",
                                "add",
                                "path",
                                "members",
                                "value",
                                List.of(Map.of("value", joining.toString()))))),
                403);
        assertThat(api().get("/api/v1/departments/" + admins + "/members", t.adminToken())
                        .json()
                        .get("items")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void nobodyIsCreatedWhereARoleGivenToEveryoneWouldGiveThemAPermission() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        String auditor = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "Everyone audits", "entities", Map.of(), "system", List.of("audit.read"))));
        created(api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", auditor, "everyone", true)));
        String body = Api.json(
                Map.of("schemas", List.of(USER_SCHEMA), "userName", "ev@" + t.slug() + ".test", "displayName", "Ev"));

        expect(scim("POST", "/Users", token, body), 403);
        // A person who holds what everyone is given (the administrator) creates them through the API.
        assertThat(api().post(
                                "/api/v1/users",
                                t.adminToken(),
                                Map.of("email", "new@" + t.slug() + ".test", "name", "New", "password", PASSWORD))
                        .status())
                .isEqualTo(201);
        String unknownSchema = Api.json(
                Map.of("schemas", List.of("urn:evil"), "userName", "x@" + t.slug() + ".test", "displayName", "X"));
        expect(scim("POST", "/Users", token, unknownSchema), 400);
        expect(
                scim(
                        "POST",
                        "/Users",
                        token,
                        "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"n@" + t.slug() + ".test\",\"x\":1e400}"),
                400);
    }

    @Test
    void theEmailDoesNotChangeAndAStaleETagChangesNothing() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        String email = "fabi@" + t.slug() + ".test";
        Api.Response read = scim("POST", "/Users", token, userBody(email, "Fabi", "Reis", "f1"));
        UUID id = idOf(expect(read, 201));
        Api.Response got = scim("GET", "/Users/" + id, token);
        String etag = got.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(got.json().get("meta").get("version").asString()).isNotBlank();

        JsonNode mutability = expect(
                scim("PUT", "/Users/" + id, token, userBody("other@" + t.slug() + ".test", "F", "R", "f1")), 400);
        assertThat(mutability.get("scimType").asString()).isEqualTo("mutability");

        expect(
                scim("PUT", "/Users/" + id, token, userBody(email, "Fabiana", "Reis", "f1"), "If-Match", "W/\"stale\""),
                412);
        expect(
                scim(
                        "PATCH",
                        "/Users/" + id,
                        token,
                        patch(Map.of("op", "replace", "value", Map.of("active", false))),
                        "If-Match",
                        "W/\"stale\""),
                412);
        expect(scim("DELETE", "/Users/" + id, token, null, "If-Match", "W/\"stale\""), 412);
        JsonNode user = api().get("/api/v1/users/" + id, t.adminToken()).json();
        assertThat(user.get("name").asString()).isEqualTo("Fabi Reis");
        assertThat(user.get("status").asString()).isEqualTo("active");

        assertThat(scim("GET", "/Users/" + id, token, null, "If-None-Match", etag)
                        .status())
                .isEqualTo(304);
        JsonNode renamed = expect(
                scim("PUT", "/Users/" + id, token, userBody(email, "Fabiana", "Reis", "f1"), "If-Match", etag), 200);
        assertThat(renamed.get("displayName").asString()).isEqualTo("Fabiana Reis");
    }

    @Test
    void groupsAreTeamsWhenTheWorkspaceSaysSo() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        String department = department(t, "Suporte");
        expect(scim("GET", "/Groups/" + department, token), 200);
        Api.Response set = api().send(
                        "PUT", "/api/v1/workspace/scim", t.adminToken(), "application/json", "{\"groups\":\"TEAMS\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        expect(scim("GET", "/Groups/" + department, token), 404);
        UUID team = idOf(expect(
                scim(
                        "POST",
                        "/Groups",
                        token,
                        Api.json(Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Atendimento"))),
                201));
        JsonNode inApi = api().get("/api/v1/teams/" + team, t.adminToken()).json();
        assertThat(inApi.get("name").asString()).isEqualTo("Atendimento");
        assertThat(inApi.get("visibility").asString()).isEqualTo("TEAM");
        UUID member = newUser(t, "gil@" + t.slug() + ".test");
        expect(
                scim(
                        "PUT",
                        "/Groups/" + team,
                        token,
                        Api.json(Map.of(
                                "schemas",
                                List.of(GROUP_SCHEMA),
                                "displayName",
                                "Atendimento",
                                "members",
                                List.of(Map.of("value", member.toString()))))),
                200);
        assertThat(api().get("/api/v1/teams/" + team + "/members", t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .get("userId")
                        .asString())
                .isEqualTo(member.toString());
        expect(scim("DELETE", "/Groups/" + team, token), 405);
        assertThat(api().get("/api/v1/audit?action=workspace.scim_groups.changed", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void pagesFollowStartIndexAndCountInEmailOrder() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        for (String name : List.of("p1", "p2", "p3", "p4")) {
            newUser(t, name + "@" + t.slug() + ".test");
        }
        // admin@..., p1@... p4@...: five people.
        JsonNode page = expect(scim("GET", "/Users?startIndex=2&count=2", token), 200);
        assertThat(page.get("totalResults").asInt()).isEqualTo(5);
        assertThat(page.get("startIndex").asInt()).isEqualTo(2);
        assertThat(page.get("Resources")
                        .valueStream()
                        .map(u -> u.get("userName").asString()))
                .containsExactly("p1@" + t.slug() + ".test", "p2@" + t.slug() + ".test");
        JsonNode last = expect(scim("GET", "/Users?startIndex=5&count=10", token), 200);
        assertThat(last.get("Resources")
                        .valueStream()
                        .map(u -> u.get("userName").asString()))
                .containsExactly("p4@" + t.slug() + ".test");
    }
}
