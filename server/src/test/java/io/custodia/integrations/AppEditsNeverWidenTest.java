package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An app's edit never widens what was consented before it (found by an outside probe): a scope
 * taken off and put back is not the old authorisation's again, and a consent or a code asked for on
 * the old terms ends when the terms narrow.
 */
class AppEditsNeverWidenTest extends AppTest {
    private static final List<String> SCOPES = List.of("contacts:read", "deals:read");

    private void edit(Tenant t, App app, List<String> scopes, List<String> redirects) {
        var response = api().patch(
                        "/api/v1/integrations/apps/" + app.id(),
                        t.adminToken(),
                        Map.of("scopes", scopes, "redirectUris", redirects));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aScopeTakenOffAndPutBackIsHeldByNoTokenOfTheOldConsent() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        JsonNode tokens = authorised(t, app, SCOPES);
        String access = tokens.get("access_token").asString();
        assertThat(api().get("/api/v1/deals", access).status()).isEqualTo(200);

        edit(t, app, List.of("contacts:read"), List.of(CALLBACK));
        edit(t, app, SCOPES, List.of(CALLBACK));

        assertThat(api().get("/api/v1/deals", access).status())
                .as("the token issued before keeps only what every edit since left it")
                .isEqualTo(403);
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(200);
        HttpResponse<String> refreshed =
                refresh(app, tokens.get("refresh_token").asString());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode renewed = JSON.readTree(refreshed.body());
        assertThat(renewed.get("scope").asString()).isEqualTo("contacts:read");
        assertThat(api().get("/api/v1/deals", renewed.get("access_token").asString())
                        .status())
                .isEqualTo(403);

        String consented = authorised(t, app, SCOPES).get("access_token").asString();
        assertThat(api().get("/api/v1/deals", consented).status())
                .as("a new consent grants it again")
                .isEqualTo(200);
    }

    @Test
    void aConsentInProgressAndACodeNotYetExchangedEndWhenTheTermsNarrow() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);

        // A code given before the edit cannot be exchanged after it.
        Pkce pkce = Pkce.fresh();
        Browser browser = new Browser(port());
        String consent =
                signInAndReachConsent(browser, t, "admin@" + t.slug() + ".test", authorizeUrl(app, SCOPES, pkce));
        Map<String, String> back = submit(browser, Browser.forms(consent).get(0));
        edit(t, app, List.of("contacts:read"), List.of(CALLBACK));
        HttpResponse<String> exchanged = tokenCall(
                "/oauth2/token",
                app,
                "grant_type",
                "authorization_code",
                "code",
                back.get("code"),
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                pkce.verifier());
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(400);

        // A consent page shown before the edit gives no code after it.
        Browser another = new Browser(port());
        String shown = signInAndReachConsent(
                another, t, "admin@" + t.slug() + ".test", authorizeUrl(app, List.of("contacts:read"), Pkce.fresh()));
        edit(t, app, List.of("contacts:read"), List.of("https://notes.example/callback"));
        Browser.Form form = Browser.forms(shown).get(0);
        HttpResponse<String> answer = another.post(form.action(), form.fields());
        assertThat(answer.headers().firstValue("Location").orElse(""))
                .as("no code reaches the address taken off")
                .doesNotContain("code=");
    }
}
