package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An app after registration (seed 000): its scopes edited (a scope taken off ends at once for every
 * token, one added waits for a new consent), its secret rotated with an overlap window, and the app
 * deleted, which ends every token and webhook.
 */
class AppLifecycleTest extends AppTest {
    private static final List<String> SCOPES = List.of("contacts:read", "deals:read");

    private Api.Response edit(Tenant t, App app, Object body) {
        return api().patch("/api/v1/integrations/apps/" + app.id(), t.adminToken(), body);
    }

    private Api.Response rotate(Tenant t, App app, Object body) {
        return api().post("/api/v1/integrations/apps/" + app.id() + "/secret", t.adminToken(), body);
    }

    private int auditCount(Tenant t, String action) {
        return api().get("/api/v1/audit?action=" + action, t.adminToken())
                .json()
                .get("items")
                .size();
    }

    @Test
    void aScopeTakenOffEndsAtOnceAndOneAddedWaitsForANewConsent() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        JsonNode tokens = authorised(t, app, SCOPES);
        String access = tokens.get("access_token").asString();
        assertThat(api().get("/api/v1/deals", access).status()).isEqualTo(200);

        Api.Response edited =
                edit(t, app, Map.of("name", "Meeting notes 2", "scopes", List.of("contacts:read", "companies:read")));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("scopes").toString())
                .contains("companies:read")
                .doesNotContain("deals");
        assertThat(api().get("/api/v1/deals", access).status())
                .as("the scope taken off ends for the token issued before")
                .isEqualTo(403);
        assertThat(api().get("/api/v1/companies", access).status())
                .as("the scope added is not the old token's")
                .isEqualTo(403);
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(200);
        JsonNode refreshed = JSON.readTree(
                refresh(app, tokens.get("refresh_token").asString()).body());
        String renewed = refreshed.get("access_token").asString();
        assertThat(api().get("/api/v1/companies", renewed).status())
                .as("nor does refreshing widen it")
                .isEqualTo(403);
        assertThat(api().get("/api/v1/deals", renewed).status()).isEqualTo(403);

        String consented = authorised(t, app, List.of("contacts:read", "companies:read"))
                .get("access_token")
                .asString();
        assertThat(api().get("/api/v1/companies", consented).status())
                .as("a new consent grants the added scope")
                .isEqualTo(200);
        JsonNode entry = api().get("/api/v1/audit?action=integration.app.updated", t.adminToken())
                .json()
                .get("items")
                .get(0);
        assertThat(entry.get("before").toString()).contains("deals:read", "Meeting notes");
        assertThat(entry.get("after").toString()).contains("companies:read", "Meeting notes 2");

        assertThat(edit(t, app, Map.of("scopes", List.of("contacts:read", "companies:read")))
                        .status())
                .isEqualTo(200);
        assertThat(auditCount(t, "integration.app.updated"))
                .as("an edit that changes nothing appends nothing")
                .isEqualTo(1);
    }

    @Test
    void anEditIsRefusedWithTheFieldNamed() {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        Api.Response unknownScope = edit(t, app, Map.of("scopes", List.of("contacts:read", "deals:delete")));
        assertThat(unknownScope.status()).isEqualTo(422);
        assertThat(unknownScope.body()).contains("scopes[1]");
        Api.Response badRedirect = edit(t, app, Map.of("redirectUris", List.of("http://evil.example/cb")));
        assertThat(badRedirect.status()).isEqualTo(422);
        assertThat(badRedirect.body()).contains("redirectUris[0]");
        assertThat(edit(t, app, Map.of("name", " ")).status()).isEqualTo(422);
        assertThat(edit(t, app, Map.of("scopes", List.of())).status()).isIn(400, 422);
        assertThat(api().patch(
                                "/api/v1/integrations/apps/00000000-0000-0000-0000-000000000001",
                                t.adminToken(),
                                Map.of("name", "x"))
                        .status())
                .isEqualTo(404);
        Tenant other = newWorkspace();
        assertThat(api().patch("/api/v1/integrations/apps/" + app.id(), other.adminToken(), Map.of("name", "x"))
                        .status())
                .as("another workspace's app is not found")
                .isEqualTo(404);
        assertThat(auditCount(t, "integration.app.updated")).isZero();
    }

    @Test
    void aNewRedirectAddressIsTheOnlyOneCodesGoTo() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        assertThat(edit(t, app, Map.of("redirectUris", List.of("https://notes.example/callback")))
                        .status())
                .isEqualTo(200);
        Browser browser = new Browser(port());
        HttpResponse<String> first = browser.get(authorizeUrl(app, SCOPES, Pkce.fresh()));
        assertThat(first.statusCode())
                .as("the old address is refused before anyone signs in: no redirect, to sign-in or to it")
                .isBetween(400, 499);
        assertThat(first.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void theReplacedSecretWorksDuringTheOverlapOnlyAndNeverAfter() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        JsonNode tokens = authorised(t, app, SCOPES);

        Api.Response rotated = rotate(t, app, Map.of("overlapMinutes", 30));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        App renewed = new App(
                app.id(), app.clientId(), rotated.json().get("clientSecret").asString());
        assertThat(renewed.clientSecret()).isNotEqualTo(app.clientSecret());
        assertThat(rotated.json().get("previousSecretValidUntil").isNull()).isFalse();
        HttpResponse<String> withOld = refresh(app, tokens.get("refresh_token").asString());
        assertThat(withOld.statusCode()).as("the old secret during the window").isEqualTo(200);
        HttpResponse<String> withNew = refresh(
                renewed, JSON.readTree(withOld.body()).get("refresh_token").asString());
        assertThat(withNew.statusCode()).as("the new secret").isEqualTo(200);
        String refreshToken = JSON.readTree(withNew.body()).get("refresh_token").asString();

        // Rotating again with no overlap: the first secret is gone, the second stops now.
        Api.Response again = rotate(t, renewed, Map.of("overlapMinutes", 0));
        assertThat(again.status()).isEqualTo(200);
        App third = new App(
                app.id(), app.clientId(), again.json().get("clientSecret").asString());
        assertThat(refresh(app, refreshToken).statusCode()).isEqualTo(401);
        assertThat(refresh(renewed, refreshToken).statusCode())
                .as("a secret whose window has closed")
                .isEqualTo(401);
        assertThat(refresh(third, refreshToken).statusCode()).isEqualTo(200);
        assertThat(auditCount(t, "integration.app.secret_rotated")).isEqualTo(2);
        assertThat(api().get("/api/v1/audit?action=integration.app.secret_rotated", t.adminToken())
                        .body())
                .as("the log never holds a secret")
                .doesNotContain(renewed.clientSecret(), third.clientSecret());
    }

    @Test
    void anOddOverlapIsRefusedAndNothingRotates() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        for (String overlap : List.of("-1", "10081", "1e400", "\"1e400\"", "\"x\"", "9223372036854775808")) {
            Api.Response refused = rotate(t, app, "{\"overlapMinutes\": " + overlap + "}");
            assertThat(refused.status()).as(overlap).isIn(400, 422);
        }
        assertThat(auditCount(t, "integration.app.secret_rotated")).isZero();
        JsonNode tokens = authorised(t, app, SCOPES);
        assertThat(tokens.get("access_token").asString()).isNotBlank();
    }

    @Test
    void deletingAnAppEndsEveryTokenAndWebhook() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        App kept = app(t, SCOPES);
        JsonNode tokens = authorised(t, app, SCOPES);
        String keptToken = authorised(t, kept, SCOPES).get("access_token").asString();
        String access = tokens.get("access_token").asString();
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(200);

        Api.Response deleted =
                api().send("DELETE", "/api/v1/integrations/apps/" + app.id(), t.adminToken(), null, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(401);
        assertThat(refresh(app, tokens.get("refresh_token").asString()).statusCode())
                .isIn(400, 401);
        assertThat(api().get("/api/v1/contacts", keptToken).status())
                .as("another app is untouched")
                .isEqualTo(200);
        assertThat(api().get("/api/v1/integrations/apps", t.adminToken()).body())
                .doesNotContain(app.id())
                .contains(kept.id());
        HttpResponse<String> authorize = new Browser(port()).get(authorizeUrl(app, SCOPES, Pkce.fresh()));
        assertThat(authorize.statusCode()).as("no new consent can start").isBetween(400, 499);
        assertThat(authorize.headers().firstValue("Location")).isEmpty();
        assertThat(api().send("DELETE", "/api/v1/integrations/apps/" + app.id(), t.adminToken(), null, null)
                        .status())
                .isEqualTo(404);
        assertThat(edit(t, app, Map.of("name", "back")).status()).isEqualTo(404);
        assertThat(rotate(t, app, Map.of()).status()).isEqualTo(404);
        JsonNode grants = api().get("/api/v1/integrations/authorizations", t.adminToken())
                .json()
                .get("items");
        grants.valueStream()
                .filter(g -> g.get("appId").asString().equals(app.id()))
                .forEach(g -> assertThat(g.get("revokedAt").isNull()).isFalse());
        JsonNode entry = api().get("/api/v1/audit?action=integration.app.deleted", t.adminToken())
                .json()
                .get("items");
        assertThat(entry.size()).isEqualTo(1);
        assertThat(entry.get(0).get("before").get("authorizationsEnded").size()).isEqualTo(1);
    }
}
