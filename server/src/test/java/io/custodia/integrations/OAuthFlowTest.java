package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real OAuth 2.0 flow over HTTP, as an app and a browser drive it: sign-in, consent, code,
 * token with PKCE, calls with scopes enforced endpoint by endpoint, refresh, revocation.
 */
class OAuthFlowTest extends AppTest {
    @Test
    void anAdministratorsConsentGivesTheAppExactlyItsScopesUntilRevokedEvenAfterTheAdministratorLeaves()
            throws Exception {
        Tenant t = newWorkspace();
        List<String> scopes = List.of("contacts:read", "activities:write", "notes:write");
        App app = app(t, scopes);
        String contact = created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Rita")));

        Pkce pkce = Pkce.fresh();
        Browser browser = new Browser(port());
        String consent =
                signInAndReachConsent(browser, t, "admin@" + t.slug() + ".test", authorizeUrl(app, scopes, pkce));
        assertThat(consent).contains("Meeting notes", "read every contact", "log calls, meetings and tasks");
        Map<String, String> back = submit(browser, Browser.forms(consent).get(0));
        String code = back.get("code");
        assertThat(tokenCall(
                                "/oauth2/token",
                                app,
                                "grant_type",
                                "authorization_code",
                                "code",
                                code,
                                "redirect_uri",
                                CALLBACK,
                                "code_verifier",
                                "not-the-verifier-" + UUID.randomUUID())
                        .statusCode())
                .as("PKCE: a wrong verifier gets no token")
                .isEqualTo(400);
        JsonNode tokens = token(
                app,
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                pkce.verifier());
        String access = tokens.get("access_token").asString();
        assertThat(tokens.get("scope").asString().split(" ")).containsExactlyInAnyOrderElementsOf(scopes);

        // Scopes, endpoint by endpoint.
        assertThat(api().get("/api/v1/contacts/" + contact, access).status()).isEqualTo(200);
        Api.Response write = api().post("/api/v1/contacts", access, Map.of("firstName", "X"));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("detail").asString()).contains("contacts:write");
        assertThat(api().get("/api/v1/deals", access).status()).isEqualTo(403);
        Api.Response call = api().post(
                        "/api/v1/activities",
                        access,
                        Map.of("type", "call", "subject", "Intro call", "contactId", contact));
        assertThat(call.status()).as(call.body()).isEqualTo(201);
        String activity = call.json().get("id").asString();
        assertThat(api().send("DELETE", "/api/v1/activities/" + activity, access, null, null)
                        .status())
                .as("no scope deletes")
                .isEqualTo(403);
        assertThat(api().get("/api/v1/teams", access).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/users", access).status())
                .as("no users:read")
                .isEqualTo(403);

        // The sync log has every call, failures with their error.
        JsonNode log = api().get("/api/v1/integrations/sync-log?appId=" + app.id(), t.adminToken())
                .json();
        assertThat(log.get("items").size()).isEqualTo(7);
        assertThat(log.get("items")
                        .valueStream()
                        .filter(c -> c.get("status").asInt() == 403
                                && c.get("endpoint").asString().equals("/api/v1/contacts"))
                        .findFirst()
                        .orElseThrow()
                        .get("error")
                        .asString())
                .contains("contacts:write");

        // Who authorised what, and when, is on record.
        JsonNode granted = api().get("/api/v1/integrations/authorizations", t.adminToken())
                .json()
                .get("items");
        assertThat(granted.size()).isEqualTo(1);
        assertThat(granted.get(0).get("consentedBy").asString())
                .isEqualTo(t.adminId().toString());
        assertThat(api().get("/api/v1/audit?action=integration.authorized", t.adminToken())
                        .body())
                .contains("contacts:read", app.id());

        // The authorisation belongs to the workspace: deactivating the administrator changes nothing.
        UUID second = userWithRole(t, "second", "Administrator");
        String secondToken = login(t.slug(), "second@" + t.slug() + ".test", PASSWORD);
        assertThat(api().patch("/api/v1/users/" + t.adminId(), secondToken, Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/contacts/" + contact, access).status()).isEqualTo(200);

        // Refresh gives a new access token and retires the old one.
        JsonNode refreshed = token(
                app,
                "grant_type",
                "refresh_token",
                "refresh_token",
                tokens.get("refresh_token").asString());
        String renewed = refreshed.get("access_token").asString();
        assertThat(renewed).isNotEqualTo(access);
        assertThat(api().get("/api/v1/contacts/" + contact, renewed).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/contacts/" + contact, access).status()).isEqualTo(401);

        // Revoking stops the tokens at once.
        String id = granted.get(0).get("id").asString();
        assertThat(api().send("DELETE", "/api/v1/integrations/authorizations/" + id, secondToken, null, null)
                        .status())
                .isEqualTo(204);
        assertThat(api().get("/api/v1/contacts/" + contact, renewed).status()).isEqualTo(401);
        assertThat(tokenCall(
                                "/oauth2/token",
                                app,
                                "grant_type",
                                "refresh_token",
                                "refresh_token",
                                refreshed.get("refresh_token").asString())
                        .statusCode())
                .isEqualTo(400);
        assertThat(api().get("/api/v1/audit?action=integration.revoked", secondToken)
                        .body())
                .contains(id);
    }

    @Test
    void theAppRevokesItsOwnTokenThroughRfc7009() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, List.of("contacts:read"));
        JsonNode tokens = authorised(t, app, List.of("contacts:read"));
        String access = tokens.get("access_token").asString();
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(200);
        assertThat(tokenCall("/oauth2/revoke", app, "token", access, "token_type_hint", "access_token")
                        .statusCode())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(401);
    }

    @Test
    void someoneWithoutIntegrationsManageIsRefusedNoCodeIsIssuedAndTheAdministratorsCanBeAsked() throws Exception {
        Tenant t = newWorkspace();
        List<String> scopes = List.of("contacts:read", "deals:read");
        App app = app(t, scopes);
        UUID seller = userWithRole(t, "seller", "Salesperson");
        Browser browser = new Browser(port());
        String consent = signInAndReachConsent(
                browser, t, "seller@" + t.slug() + ".test", authorizeUrl(app, scopes, Pkce.fresh()));
        assertThat(consent).contains("Only an administrator", "Ask the administrators");
        List<Browser.Form> forms = Browser.forms(consent);

        HttpResponse<String> asked =
                browser.post(forms.get(0).action(), forms.get(0).fields());
        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(api().get("/api/v1/notifications", t.adminToken()).body())
                .contains("integration.requested", "Meeting notes");

        // Returning to the app: access_denied, no code.
        Map<String, String> back = submit(browser, forms.get(1));
        assertThat(back).containsEntry("error", "access_denied").doesNotContainKey("code");

        // Even a hand-made consent with every scope is refused, with no code.
        Browser again = new Browser(port());
        String page = signInAndReachConsent(
                again, t, "seller@" + t.slug() + ".test", authorizeUrl(app, scopes, Pkce.fresh()));
        Browser.Form decline = Browser.forms(page).get(1);
        List<Map.Entry<String, String>> forged = new ArrayList<>(decline.fields());
        scopes.forEach(s -> forged.add(Map.entry("scope", s)));
        Map<String, String> refused = submit(again, new Browser.Form(decline.action(), forged));
        assertThat(refused).containsEntry("error", "access_denied").doesNotContainKey("code");
        assertThat(api().get("/api/v1/integrations/authorizations", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void anAdministratorCannotGrantPartOfWhatTheAppAsks() throws Exception {
        Tenant t = newWorkspace();
        List<String> scopes = List.of("contacts:read", "deals:read");
        App app = app(t, scopes);
        Browser browser = new Browser(port());
        String consent = signInAndReachConsent(
                browser, t, "admin@" + t.slug() + ".test", authorizeUrl(app, scopes, Pkce.fresh()));
        Browser.Form authorise = Browser.forms(consent).get(0);
        List<Map.Entry<String, String>> partial = new ArrayList<>(authorise.fields());
        partial.removeIf(f -> f.getKey().equals("scope") && f.getValue().equals("deals:read"));
        Map<String, String> back = submit(browser, new Browser.Form(authorise.action(), partial));
        assertThat(back).containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    @Test
    void registeringAnAppNeedsIntegrationsManageAndValidAddressesAndScopes() {
        Tenant t = newWorkspace();
        UUID seller = newUser(t, "s@" + t.slug() + ".test");
        String sellerToken = login(t.slug(), "s@" + t.slug() + ".test", PASSWORD);
        assertThat(seller).isNotNull();
        assertThat(api().post(
                                "/api/v1/integrations/apps",
                                sellerToken,
                                Map.of(
                                        "name",
                                        "X",
                                        "redirectUris",
                                        List.of(CALLBACK),
                                        "scopes",
                                        List.of("contacts:read")))
                        .status())
                .isEqualTo(403);
        Api.Response bad = api().post(
                        "/api/v1/integrations/apps",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "X",
                                "redirectUris",
                                List.of("http://evil.example/cb"),
                                "scopes",
                                List.of("contacts:delete")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("redirectUris[0]", "scopes[0]");
        Api.Response ok = api().post(
                        "/api/v1/integrations/apps",
                        t.adminToken(),
                        Map.of("name", "X", "redirectUris", List.of(CALLBACK), "scopes", List.of("contacts:read")));
        assertThat(ok.status()).isEqualTo(201);
        String secret = ok.json().get("clientSecret").asString();
        assertThat(api().get("/api/v1/integrations/apps", t.adminToken()).body())
                .as("the secret is shown once")
                .doesNotContain(secret);
        assertThat(db.fetchValue(
                        "select client_secret_hash from integration_app where id = ?::uuid",
                        ok.json().get("id").asString()))
                .asString()
                .startsWith("{bcrypt}")
                .doesNotContain(secret);
    }
}
