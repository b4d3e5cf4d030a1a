package io.custodia.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** What the SCIM tests share: a workspace's SCIM token, and SCIM requests as an identity provider sends them. */
abstract class ScimTests extends ApiTest {
    static final String SCIM_JSON = "application/scim+json";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** A new SCIM token of the tenant, made by its administrator. */
    String scimToken(Tenant tenant) {
        Api.Response created =
                api().post("/api/v1/scim-tokens", tenant.adminToken(), Map.of("name", "Identity provider"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").asString();
    }

    Api.Response scim(String method, String path, String token, String body, String... headers) {
        return api().send(method, "/scim/v2" + path, token, body == null ? null : SCIM_JSON, body, headers);
    }

    Api.Response scim(String method, String path, String token) {
        return scim(method, path, token, null);
    }

    /** A SCIM answer that must have this status; its body as JSON (null when it has none). */
    static JsonNode expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.contentType()).startsWith(SCIM_JSON);
        }
        return response.body().isEmpty() ? null : response.json();
    }

    /** A user's body as identity providers send it on creation. */
    static String userBody(String email, String given, String family, String externalId) {
        return Api.json(Map.of(
                "schemas",
                List.of(USER_SCHEMA),
                "userName",
                email,
                "externalId",
                externalId,
                "name",
                Map.of("givenName", given, "familyName", family),
                "emails",
                List.of(Map.of("primary", true, "value", email, "type", "work")),
                "active",
                true));
    }

    static String patch(Object... operations) {
        return Api.json(Map.of("schemas", List.of(PATCH_OP), "Operations", List.of(operations)));
    }

    static String filter(String expression) {
        return URLEncoder.encode(expression, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A field of the user as the API answers it to the administrator. */
    String userField(Tenant t, Object user, String field) {
        return api().get("/api/v1/users/" + user, t.adminToken())
                .json()
                .get(field)
                .asString();
    }

    /** The ids of the department's members, as the API answers them. */
    List<String> members(Tenant t, Object department) {
        return api().get("/api/v1/departments/" + department + "/members", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .map(m -> m.get("userId").asString())
                .toList();
    }

    static UUID idOf(JsonNode resource) {
        return UUID.fromString(resource.get("id").asString());
    }
}
