package io.custodia.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The requests Okta and Microsoft Entra ID send, in their order and shapes (their SCIM guides'
 * sequences), as raw HTTP: finding a user by {@code userName}, creating, reading, replacing,
 * deactivating by {@code PATCH} with {@code Operations} on {@code active}, deleting; pushing a group
 * and adding and removing its members.
 */
class IdentityProviderSequencesTest extends ScimTests {

    @Test
    void oktaProvisionsMatchesDeactivatesAndPushesGroups() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        String email = "ana.souza@" + t.slug() + ".test";

        // Okta asks whether the person exists, then creates them.
        JsonNode none = expect(
                scim(
                        "GET",
                        "/Users?filter=" + filter("userName eq \"" + email + "\"") + "&startIndex=1&count=100",
                        token),
                200);
        assertThat(none.get("totalResults").asInt()).isZero();
        // Okta's own example of a creation: a display name, a locale, no groups, a password (not kept).
        String oktaUser = Api.json(Map.of(
                "schemas",
                List.of(USER_SCHEMA),
                "userName",
                email,
                "name",
                Map.of("givenName", "Ana", "familyName", "Souza"),
                "emails",
                List.of(Map.of("primary", true, "value", email, "type", "work")),
                "displayName",
                "Ana Souza",
                "locale",
                "en-US",
                "externalId",
                "00u1okta",
                "groups",
                List.of(),
                "password",
                "1mz050nq",
                "active",
                true));
        JsonNode created = expect(scim("POST", "/Users", token, oktaUser), 201);
        UUID id = idOf(created);
        assertThat(created.get("userName").asString()).isEqualTo(email);
        assertThat(created.get("displayName").asString()).isEqualTo("Ana Souza");
        assertThat(created.get("active").asBoolean()).isTrue();
        assertThat(created.get("externalId").asString()).isEqualTo("00u1okta");
        JsonNode inApi = api().get("/api/v1/users/" + id, t.adminToken()).json();
        assertThat(inApi.get("name").asString()).isEqualTo("Ana Souza");
        assertThat(inApi.get("status").asString()).isEqualTo("active");
        // No password was given: none signs in.
        assertThat(api().post(
                                "/api/v1/auth/login",
                                null,
                                Map.of("workspace", t.slug(), "email", email, "password", PASSWORD))
                        .status())
                .isEqualTo(401);

        // The same userName, whatever its case, is found by the filter and cannot be created twice.
        JsonNode found = expect(
                scim("GET", "/Users?filter=" + filter("userName eq \"" + email.toUpperCase() + "\""), token), 200);
        assertThat(found.get("totalResults").asInt()).isEqualTo(1);
        assertThat(found.get("Resources").get(0).get("id").asString()).isEqualTo(id.toString());
        JsonNode duplicate = expect(scim("POST", "/Users", token, userBody(email, "A", "S", "x")), 409);
        assertThat(duplicate.get("scimType").asString()).isEqualTo("uniqueness");

        // A profile change: Okta replaces the whole user.
        expect(scim("GET", "/Users/" + id, token), 200);
        JsonNode replaced = expect(scim("PUT", "/Users/" + id, token, userBody(email, "Ana", "Lima", "00u1okta")), 200);
        assertThat(replaced.get("name").get("familyName").asString()).isEqualTo("Lima");
        assertThat(userField(t, id, "name")).isEqualTo("Ana Lima");

        // Unassigned in Okta: deactivated.
        JsonNode deactivated = expect(
                scim("PATCH", "/Users/" + id, token, patch(Map.of("op", "replace", "value", Map.of("active", false)))),
                200);
        assertThat(deactivated.get("active").asBoolean()).isFalse();
        assertThat(userField(t, id, "status")).isEqualTo("deactivated");

        // Group push: a department with a member added, then removed.
        JsonNode group = expect(
                scim(
                        "POST",
                        "/Groups",
                        token,
                        Api.json(Map.of(
                                "schemas", List.of(GROUP_SCHEMA), "displayName", "Vendas", "members", List.of()))),
                201);
        UUID department = idOf(group);
        assertThat(api().get("/api/v1/departments/" + department, t.adminToken())
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo("Vendas");
        UUID member = newUser(t, "bia@" + t.slug() + ".test");
        expect(
                scim(
                        "PATCH",
                        "/Groups/" + department,
                        token,
                        patch(Map.of(
                                "op",
                                "add",
                                "path",
                                "members",
                                "value",
                                List.of(Map.of("value", member.toString(), "display", "bia"))))),
                200);
        assertThat(members(t, department)).containsExactly(member.toString());
        expect(
                scim(
                        "PATCH",
                        "/Groups/" + department,
                        token,
                        patch(Map.of("op", "remove", "path", "members[value eq \"" + member + "\"]"))),
                200);
        assertThat(members(t, department)).isEmpty();
        JsonNode audit = api().get("/api/v1/audit?targetId=" + department, t.adminToken())
                .json()
                .get("items");
        assertThat(audit.valueStream().map(e -> e.get("action").asString()))
                .containsExactly("department.member.removed", "department.member.put", "department.created");
        assertThat(audit.get(0).get("actor").get("name").asString()).isEqualTo("SCIM: Identity provider");
    }

    @Test
    void entraProvisionsByItsOwnShapesAndDeletes() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        String email = "Test_User_" + UUID.randomUUID().toString().substring(0, 8) + "@" + t.slug() + ".test";
        expect(scim("GET", "/Users?filter=" + filter("userName eq \"" + email + "\""), token), 200);
        String body = Api.json(Map.of(
                "schemas",
                List.of(USER_SCHEMA, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
                "externalId",
                "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                "userName",
                email,
                "active",
                true,
                "emails",
                List.of(Map.of("primary", true, "type", "work", "value", email)),
                "meta",
                Map.of("resourceType", "User"),
                "name",
                Map.of("formatted", "Barbara Jensen", "familyName", "Jensen", "givenName", "Barbara"),
                "roles",
                List.of()));
        UUID id = idOf(expect(scim("POST", "/Users", token, body), 201));
        JsonNode byExternal = expect(
                scim("GET", "/Users?filter=" + filter("externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\""), token),
                200);
        assertThat(byExternal.get("totalResults").asInt()).isEqualTo(1);
        // Entra changes one attribute at a time, with capitalised ops and booleans as text.
        JsonNode renamed = expect(
                scim(
                        "PATCH",
                        "/Users/" + id,
                        token,
                        patch(Map.of("op", "Replace", "path", "name.familyName", "value", "Jensen-Lee"))),
                200);
        assertThat(renamed.get("name").get("givenName").asString()).isEqualTo("Barbara");
        assertThat(userField(t, id, "name")).isEqualTo("Barbara Jensen-Lee");
        JsonNode off = expect(
                scim(
                        "PATCH",
                        "/Users/" + id,
                        token,
                        patch(Map.of("op", "Replace", "path", "active", "value", "False"))),
                200);
        assertThat(off.get("active").asBoolean()).isFalse();

        // Groups: created without members, found by name, members added and removed by value.
        UUID department = idOf(expect(
                scim(
                        "POST",
                        "/Groups",
                        token,
                        Api.json(Map.of(
                                "schemas",
                                List.of(GROUP_SCHEMA),
                                "externalId",
                                "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                                "displayName",
                                "Group1DisplayName",
                                "meta",
                                Map.of("resourceType", "Group")))),
                201));
        JsonNode byName = expect(
                scim(
                        "GET",
                        "/Groups?excludedAttributes=members&filter=" + filter("displayName eq \"Group1DisplayName\""),
                        token),
                200);
        assertThat(byName.get("Resources").get(0).get("id").asString()).isEqualTo(department.toString());
        UUID member = newUser(t, "carla@" + t.slug() + ".test");
        expect(
                scim(
                        "PATCH",
                        "/Groups/" + department,
                        token,
                        patch(Map.of(
                                "op", "Add", "path", "members", "value", List.of(Map.of("value", member.toString()))))),
                200);
        assertThat(members(t, department)).containsExactly(member.toString());
        expect(
                scim(
                        "PATCH",
                        "/Groups/" + department,
                        token,
                        patch(Map.of(
                                "op",
                                "Remove",
                                "path",
                                "members",
                                "value",
                                List.of(Map.of("value", member.toString()))))),
                200);
        assertThat(members(t, department)).isEmpty();

        // Deleted: deactivated, and gone from SCIM's view; created again, back.
        expect(scim("DELETE", "/Users/" + id, token), 204);
        expect(scim("GET", "/Users/" + id, token), 404);
        assertThat(expect(scim("GET", "/Users?filter=" + filter("userName eq \"" + email + "\""), token), 200)
                        .get("totalResults")
                        .asInt())
                .isZero();
        assertThat(userField(t, id, "status")).isEqualTo("deactivated");
        JsonNode again = expect(scim("POST", "/Users", token, body), 201);
        assertThat(idOf(again)).isEqualTo(id);
        assertThat(again.get("active").asBoolean()).isTrue();
    }
}
