package io.custodia.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SCIM as an attacker sees it: another workspace's ids answer as missing ones and its people are
 * never listed, found or made members; odd values (NUL and control characters, lone surrogates,
 * 100,000 characters, invalid UTF-8, malformed JSON, odd paging and filters, odd ids) are SCIM 4xx,
 * never a 5xx, and change nothing.
 */
class ScimOddInputTest extends ScimTests {

    @Test
    void aTokenOfOneWorkspaceNeitherSeesNorChangesAnother() {
        Tenant a = newWorkspace();
        Tenant b = newWorkspace();
        String tokenA = scimToken(a);
        String tokenB = scimToken(b);
        String bEmail = "bruno@" + b.slug() + ".test";
        UUID bUser = idOf(expect(scim("POST", "/Users", tokenB, userBody(bEmail, "Bruno", "B", "b1")), 201));
        String bDepartment = department(b, "B's");

        for (String method : List.of("GET", "DELETE")) {
            expect(scim(method, "/Users/" + bUser, tokenA), 404);
            expect(scim(method, "/Groups/" + bDepartment, tokenA), 404);
        }
        expect(scim("PUT", "/Users/" + bUser, tokenA, userBody(bEmail, "X", "Y", "b1")), 404);
        expect(
                scim(
                        "PATCH",
                        "/Users/" + bUser,
                        tokenA,
                        patch(Map.of("op", "replace", "value", Map.of("active", false)))),
                404);
        expect(
                scim(
                        "PATCH",
                        "/Groups/" + bDepartment,
                        tokenA,
                        patch(Map.of("op", "replace", "value", Map.of("displayName", "Mine")))),
                404);
        JsonNode listed = expect(scim("GET", "/Users", tokenA), 200);
        assertThat(listed.toString()).doesNotContain(bUser.toString(), bEmail);
        assertThat(expect(scim("GET", "/Users?filter=" + filter("userName eq \"" + bEmail + "\""), tokenA), 200)
                        .get("totalResults")
                        .asInt())
                .isZero();
        assertThat(expect(scim("GET", "/Users?filter=" + filter("id eq \"" + bUser + "\""), tokenA), 200)
                        .get("totalResults")
                        .asInt())
                .isZero();
        assertThat(expect(scim("GET", "/Users?filter=" + filter("externalId eq \"b1\""), tokenA), 200)
                        .get("totalResults")
                        .asInt())
                .isZero();
        assertThat(expect(scim("GET", "/Groups", tokenA), 200).toString()).doesNotContain(bDepartment);
        String aDepartment = department(a, "A's");
        expect(
                scim(
                        "PATCH",
                        "/Groups/" + aDepartment,
                        tokenA,
                        patch(Map.of(
                                "op", "add", "path", "members", "value", List.of(Map.of("value", bUser.toString()))))),
                400);
        // B's person is as B left them.
        JsonNode bruno = api().get("/api/v1/users/" + bUser, b.adminToken()).json();
        assertThat(bruno.get("status").asString()).isEqualTo("active");
        assertThat(bruno.get("name").asString()).isEqualTo("Bruno B");
    }

    @Test
    void oddValuesAreScimRefusalsAndChangeNothing() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        String email = "odd@" + t.slug() + ".test";
        UUID id = idOf(expect(scim("POST", "/Users", token, userBody(email, "Odd", "One", "o1")), 201));
        String long100k = "a".repeat(100_000);
        List<String> userBodies = List.of(
                userBody("nul\u0000@" + t.slug() + ".test", "N", "U", "n"),
                userBody("x@" + t.slug() + ".test", "bell\u0007", "U", "n"),
                // A lone surrogate, escaped in the JSON text as a client would send it.
                userBody("x@" + t.slug() + ".test", "lone SURROGATE", "U", "n").replace("SURROGATE", "\\ud800"),
                userBody(long100k + "@" + t.slug() + ".test", "L", "L", "n"),
                userBody("y@" + t.slug() + ".test", long100k, "L", "n"),
                userBody("z@" + t.slug() + ".test", "Z", "Z", long100k),
                userBody("not an e-mail", "N", "E", "n"),
                userBody("", "N", "E", "n"),
                "{",
                "[]",
                "null",
                "\"text\"",
                "{\"schemas\":[\"urn:nothing\"],\"userName\":\"q@q.test\"}",
                "{\"schemas\":[\"" + USER_SCHEMA + "\"]}",
                "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":1e400,\"displayName\":\"N\"}",
                "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":{\"a\":1},\"displayName\":\"N\"}",
                "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"w@w.test\",\"active\":\"maybe\"}",
                "{\"schemas\":[\"" + USER_SCHEMA
                        + "\"],\"userName\":\"w@w.test\",\"displayName\":\"W\",\"emails\":\"x\"}",
                "{\"sch\u0000emas\":[]}");
        List<String> failures = new ArrayList<>();
        for (String body : userBodies) {
            for (String[] call : List.of(new String[] {"POST", "/Users"}, new String[] {"PUT", "/Users/" + id})) {
                Api.Response r = scim(call[0], call[1], token, body);
                if (r.status() < 400 || r.status() >= 500) {
                    failures.add(call[0] + " " + body.substring(0, Math.min(80, body.length())) + " -> " + r.status());
                }
            }
        }
        List<String> patches = List.of(
                patch(Map.of("op", "replace", "path", "active", "value", "maybe")),
                patch(Map.of("op", "explode", "path", "active", "value", false)),
                patch(Map.of("op", "replace", "path", "nosuch[", "value", 1)),
                patch(Map.of("op", "replace", "path", "userName", "value", "new@" + t.slug() + ".test")),
                patch(Map.of("op", "remove", "path", "userName")),
                patch(Map.of("op", "replace", "value", Map.of("displayName", long100k))),
                "{\"schemas\":[\"" + PATCH_OP + "\"]}",
                "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[]}",
                "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":\"x\"}");
        for (String body : patches) {
            Api.Response r = scim("PATCH", "/Users/" + id, token, body);
            if (r.status() < 400 || r.status() >= 500) {
                failures.add("PATCH " + body.substring(0, Math.min(80, body.length())) + " -> " + r.status() + " "
                        + r.body());
            }
        }
        Api.Response notUtf8 = api().sendBytes("POST", "/scim/v2/Users", token, SCIM_JSON, new byte[] {
            '{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
        });
        if (notUtf8.status() != 400) {
            failures.add("invalid UTF-8 -> " + notUtf8.status());
        }
        List<String> queries = List.of(
                "/Users?count=abc",
                "/Users?startIndex=99999999999999999999",
                "/Users?count=1e400",
                "/Users?count=-1",
                "/Users?startIndex=0",
                "/Users?filter=" + filter("userName co \"a\""),
                "/Users?filter=" + filter("userName eq \"a\" or userName eq \"b\""),
                "/Users?filter=" + filter("nosuch eq \"a\""),
                "/Users?filter=" + filter("userName eq"),
                "/Users?filter=" + filter("((((("),
                "/Users?filter=" + filter("userName eq \"" + long100k.substring(0, 5000) + "\""),
                "/Users?sortBy=userName",
                "/Users?attributes=nosuch",
                "/Users?excludedAttributes=%20",
                "/Users/not-an-id",
                "/Users/00000000-0000-0000-0000-000000000000",
                "/Users/" + id.toString().toUpperCase(),
                "/Users/..%2F..",
                "/Groups/x",
                "/Nothing",
                "/Bulk",
                "/Users/.search",
                "/Schemas/urn:nothing",
                "/ResourceTypes/Nothing");
        for (String query : queries) {
            Api.Response r = scim("GET", query, token);
            if (r.status() >= 500) {
                failures.add("GET " + query.substring(0, Math.min(80, query.length())) + " -> " + r.status() + " "
                        + r.body());
            }
        }
        assertThat(failures).isEmpty();
        JsonNode user = api().get("/api/v1/users/" + id, t.adminToken()).json();
        assertThat(user.get("name").asString()).isEqualTo("Odd One");
        assertThat(user.get("email").asString()).isEqualTo(email);
        assertThat(user.get("status").asString()).isEqualTo("active");
        assertThat(api().get("/api/v1/users", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(2);
    }

    @Test
    void theProtocolDescribesItself() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        JsonNode config = expect(scim("GET", "/ServiceProviderConfig", token), 200);
        assertThat(config.get("patch").get("supported").asBoolean()).isTrue();
        assertThat(config.get("filter").get("supported").asBoolean()).isTrue();
        assertThat(config.get("filter").get("maxResults").asInt()).isEqualTo(200);
        assertThat(config.get("etag").get("supported").asBoolean()).isTrue();
        assertThat(config.get("bulk").get("supported").asBoolean()).isFalse();
        assertThat(config.get("sort").get("supported").asBoolean()).isFalse();
        JsonNode types = expect(scim("GET", "/ResourceTypes", token), 200);
        assertThat(types.get("Resources").valueStream().map(r -> r.get("name").asString()))
                .contains("User", "Group");
        JsonNode schemas = expect(scim("GET", "/Schemas", token), 200);
        assertThat(schemas.get("Resources").valueStream().map(r -> r.get("id").asString()))
                .contains(USER_SCHEMA, GROUP_SCHEMA);
        assertThat(config.toString()).contains("oauthbearertoken");
    }
}
