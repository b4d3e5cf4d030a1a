package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How an app's grant ends, and that it stays ended: a rotated refresh token used again revokes the
 * whole grant (RFC 9700, 4.14.2); giving back either token ends both; deactivating the app's user,
 * or the administrator whose browser is at the consent page, is not undone by reactivating.
 */
class GrantEndingTest extends AppTest {
    private static final List<String> SCOPES = List.of("contacts:read");

    /** The id of the user the app acts as. */
    private String principalOf(Tenant t, App app) {
        return api().get("/api/v1/integrations/apps", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(a -> a.get("id").asString().equals(app.id()))
                .findFirst()
                .orElseThrow()
                .get("principalId")
                .asString();
    }

    /** The workspace's one authorisation. */
    private JsonNode grant(Tenant t) {
        return api().get("/api/v1/integrations/authorizations", t.adminToken())
                .json()
                .get("items")
                .get(0);
    }

    @Test
    void aRotatedRefreshTokenUsedAgainRevokesTheWholeGrant() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        JsonNode first = authorised(t, app, SCOPES);
        String stolen = first.get("refresh_token").asString();
        HttpResponse<String> rotated = refresh(app, stolen);
        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode legitimate = JSON.readTree(rotated.body());
        String access = legitimate.get("access_token").asString();
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(200);

        // Whoever presents the old refresh token now, the app or a thief, ends the grant for both.
        assertThat(refresh(app, stolen).statusCode()).isEqualTo(400);
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(401);
        assertThat(refresh(app, legitimate.get("refresh_token").asString()).statusCode())
                .isEqualTo(400);
        assertThat(grant(t).get("revokedAt").isNull()).isFalse();
        assertThat(api().get("/api/v1/audit?action=integration.revoked", t.adminToken())
                        .body())
                .contains("a rotated refresh token was used again");
    }

    @Test
    void anotherAppPresentingTheRetiredTokenEndsNothing() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        App other = app(t, SCOPES);
        JsonNode first = authorised(t, app, SCOPES);
        JsonNode second = JSON.readTree(
                refresh(app, first.get("refresh_token").asString()).body());
        assertThat(refresh(other, first.get("refresh_token").asString()).statusCode())
                .isEqualTo(400);
        assertThat(api().get("/api/v1/contacts", second.get("access_token").asString())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void givingBackTheAccessTokenEndsTheRefreshTokenToo() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        JsonNode tokens = authorised(t, app, SCOPES);
        assertThat(tokenCall(
                                "/oauth2/revoke",
                                app,
                                "token",
                                tokens.get("access_token").asString(),
                                "token_type_hint",
                                "access_token")
                        .statusCode())
                .isEqualTo(200);
        assertThat(refresh(app, tokens.get("refresh_token").asString()).statusCode())
                .isEqualTo(400);
        JsonNode grant = grant(t);
        assertThat(grant.get("revokedAt").isNull()).isFalse();
        assertThat(grant.get("revokedBy").asString()).as("by the app itself").isEqualTo(principalOf(t, app));
    }

    @Test
    void anAppWhoseUserWasDeactivatedStaysOutAfterReactivation() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        JsonNode tokens = authorised(t, app, SCOPES);
        String access = tokens.get("access_token").asString();
        String principal = principalOf(t, app);
        assertThat(api().patch("/api/v1/users/" + principal, t.adminToken(), Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
        assertThat(api().patch("/api/v1/users/" + principal, t.adminToken(), Map.of("status", "active"))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/contacts", access).status()).isEqualTo(401);
        assertThat(refresh(app, tokens.get("refresh_token").asString()).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aDeactivatedAdministratorsOpenConsentPageAuthorisesNothingEvenAfterReactivation() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        UUID second = userWithRole(t, "second", "Administrator");
        Browser browser = new Browser(port());
        String consent = signInAndReachConsent(
                browser, t, "second@" + t.slug() + ".test", authorizeUrl(app, SCOPES, Pkce.fresh()));
        for (String status : List.of("deactivated", "active")) {
            assertThat(api().patch("/api/v1/users/" + second, t.adminToken(), Map.of("status", status))
                            .status())
                    .isEqualTo(200);
        }
        Browser.Form authorise = Browser.forms(consent).get(0);
        HttpResponse<String> answer = browser.post(authorise.action(), authorise.fields());
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location").orElseThrow())
                .doesNotContain("code=")
                .endsWith("/login?expired");
        assertThat(api().get("/api/v1/integrations/authorizations", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }
}
