package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the server tells OAuth clients about itself: RFC 8414 metadata naming only what it grants,
 * with the configured public address as issuer; no OpenID Connect discovery; and "who am I" for an
 * app's token.
 */
class OAuthMetadataTest extends AppTest {
    @Test
    void theMetadataAdvertisesOnlyWhatTheServerGrantsUnderTheConfiguredIssuer() throws Exception {
        Browser client = new Browser(port());
        HttpResponse<String> answer = client.get("/.well-known/oauth-authorization-server");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode metadata = JSON.readTree(answer.body());
        // The tests' server listens on a random port; the issuer is custodia.public-url all the same.
        assertThat(metadata.get("issuer").asString()).isEqualTo("http://localhost:8080");
        assertThat(metadata.get("token_endpoint").asString()).isEqualTo("http://localhost:8080/oauth2/token");
        assertThat(strings(metadata, "grant_types_supported")).containsExactly("authorization_code", "refresh_token");
        assertThat(strings(metadata, "response_types_supported")).containsExactly("code");
        assertThat(strings(metadata, "code_challenge_methods_supported")).containsExactly("S256");
        assertThat(strings(metadata, "token_endpoint_auth_methods_supported"))
                .containsExactly("client_secret_basic", "client_secret_post");
        assertThat(strings(metadata, "revocation_endpoint_auth_methods_supported"))
                .containsExactly("client_secret_basic", "client_secret_post");
        assertThat(strings(metadata, "scopes_supported")).contains("contacts:read", "deals:write", "users:read");
        assertThat(metadata.has("jwks_uri")).isFalse();
        assertThat(metadata.has("device_authorization_endpoint")).isFalse();
        assertThat(metadata.has("dpop_signing_alg_values_supported")).isFalse();
        assertThat(metadata.has("tls_client_certificate_bound_access_tokens")).isFalse();
    }

    @Test
    void openIdConnectDiscoveryIsNotFoundRatherThanASignInPage() throws Exception {
        HttpResponse<String> answer = new Browser(port()).get("/.well-known/openid-configuration");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(api().get("/.well-known/openid-configuration", null).status())
                .isEqualTo(404);
    }

    @Test
    void theAdvertisedIntrospectionEndpointAnswersForTheAppsOwnToken() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, List.of("contacts:read"));
        JsonNode tokens = authorised(t, app, List.of("contacts:read"));
        HttpResponse<String> answer = tokenCall(
                "/oauth2/introspect", app, "token", tokens.get("access_token").asString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("active").asBoolean()).isTrue();
    }

    @Test
    void anAppAsksWhoItIsAndAPersonIsSentToMe() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, List.of("contacts:read", "users:read"));
        JsonNode tokens = authorised(t, app, List.of("contacts:read", "users:read"));
        Api.Response me =
                api().get("/api/v1/integrations/me", tokens.get("access_token").asString());
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        JsonNode body = me.json();
        assertThat(body.get("appId").asString()).isEqualTo(app.id());
        assertThat(body.get("clientId").asString()).isEqualTo(app.clientId());
        assertThat(body.get("name").asString()).isEqualTo("Meeting notes");
        assertThat(body.get("workspaceId").asString()).isEqualTo(t.id().toString());
        assertThat(strings(body, "scopes")).containsExactly("contacts:read", "users:read");
        assertThat(body.get("authorizedBy").asString()).isEqualTo(t.adminId().toString());
        assertThat(body.get("authorizedAt").isNull()).isFalse();
        assertThat(body.get("authorizationId").asString()).isNotBlank();
        assertThat(body.get("principalId").asString()).isNotBlank();

        Api.Response person = api().get("/api/v1/integrations/me", t.adminToken());
        assertThat(person.status()).isEqualTo(403);
        assertThat(person.json().get("detail").asString()).contains("/api/v1/me");
    }

    private static List<String> strings(JsonNode node, String field) {
        return node.get(field).valueStream().map(JsonNode::asString).toList();
    }
}
