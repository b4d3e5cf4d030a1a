package io.custodia.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** SCIM tokens: shown once, listed without themselves, revoked at once, opening SCIM and nothing else. */
class ScimTokensTest extends ScimTests {

    @Test
    void aTokenIsShownOnceListedWithoutItselfAndEndsAtOnceWhenRevoked() {
        Tenant t = newWorkspace();
        Api.Response created = api().post("/api/v1/scim-tokens", t.adminToken(), Map.of("name", "Okta"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String token = created.json().get("token").asString();
        assertThat(token).startsWith("scim_");
        assertThat(created.header("Location")).isEqualTo("/api/v1/scim-tokens/" + id);

        Api.Response listed = api().get("/api/v1/scim-tokens", t.adminToken());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("items").get(0).get("id").asString()).isEqualTo(id);
        assertThat(listed.json().get("items").get(0).get("name").asString()).isEqualTo("Okta");
        assertThat(listed.body()).doesNotContain(token, token.substring(token.indexOf('.') + 1));

        expect(scim("GET", "/Users", token), 200);
        assertThat(api().send("DELETE", "/api/v1/scim-tokens/" + id, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        Api.Response refused = scim("GET", "/Users", token);
        expect(refused, 401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api().get("/api/v1/scim-tokens", t.adminToken())
                        .json()
                        .get("items")
                        .isEmpty())
                .isTrue();
        // Revoked already: nothing to revoke.
        assertThat(api().send("DELETE", "/api/v1/scim-tokens/" + id, t.adminToken(), null, null)
                        .status())
                .isEqualTo(404);

        JsonNode audit = api().get("/api/v1/audit?targetType=scim_token", t.adminToken())
                .json()
                .get("items");
        assertThat(audit.valueStream().map(e -> e.get("action").asString()))
                .containsExactly("scim_token.revoked", "scim_token.created");
        assertThat(audit.toString()).doesNotContain(token);
    }

    @Test
    void aScimTokenOpensScimAloneAndNoOtherTokenOpensScim() {
        Tenant t = newWorkspace();
        String token = scimToken(t);
        assertThat(api().get("/api/v1/me", token).status()).isEqualTo(401);
        assertThat(api().get("/api/v1/users", token).status()).isEqualTo(401);
        // A sign-in token, even an administrator's, is no SCIM token; nor is no token, nor a forged one.
        expect(scim("GET", "/Users", t.adminToken()), 401);
        expect(scim("GET", "/Users", null), 401);
        expect(scim("GET", "/Users", token.substring(0, token.length() - 2) + "xx"), 401);
        expect(scim("GET", "/Users", "scim_"), 401);
        expect(api().send("GET", "/scim/v2/Users", null, null, null, "Authorization", "Basic YTpi"), 401);
    }

    @Test
    void aTokenOfOneWorkspaceIsNotRevokedFromAnother() {
        Tenant a = newWorkspace();
        Tenant b = newWorkspace();
        String id = api().post("/api/v1/scim-tokens", a.adminToken(), Map.of())
                .json()
                .get("id")
                .asString();
        assertThat(api().send("DELETE", "/api/v1/scim-tokens/" + id, b.adminToken(), null, null)
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/v1/scim-tokens", b.adminToken())
                        .json()
                        .get("items")
                        .isEmpty())
                .isTrue();
        assertThat(api().get("/api/v1/scim-tokens", a.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }
}
