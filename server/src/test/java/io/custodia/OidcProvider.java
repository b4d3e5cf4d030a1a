package io.custodia;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenID provider for a test class (mock-oauth2-server on a random port), started before its
 * tests and stopped after them: each workspace's provider is an issuer of its own (its own keys),
 * named after the workspace's slug.
 */
public final class OidcProvider implements BeforeAllCallback, AfterAllCallback {
    private MockOAuth2Server server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new MockOAuth2Server();
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.shutdown();
    }

    /** The server itself, for what a test builds around it (another issuer's keys). */
    public MockOAuth2Server server() {
        return server;
    }

    public String issuer(ApiTest.Tenant t) {
        return server.issuerUrl(t.slug()).toString();
    }

    /** What the provider's next ID token of this workspace's issuer says (for {@code expiry} seconds). */
    public void answers(ApiTest.Tenant t, Map<String, Object> claims, List<String> audience, long expiry) {
        server.enqueueCallback(
                new DefaultOAuth2TokenCallback(t.slug(), "sub-" + UUID.randomUUID(), "JWT", audience, claims, expiry));
    }

    /** The workspace signs its people in through its provider, with these settings besides the usual ones. */
    public void configure(Api api, ApiTest.Tenant t, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of(
                "issuer",
                issuer(t),
                "clientId",
                "custodia-" + t.slug(),
                "clientSecret",
                "secret",
                "domains",
                List.of(t.slug() + ".test")));
        body.putAll(extra);
        Api.Response saved =
                api.send("PUT", "/api/v1/workspace/sso", t.adminToken(), "application/json", Api.json(body));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }
}
