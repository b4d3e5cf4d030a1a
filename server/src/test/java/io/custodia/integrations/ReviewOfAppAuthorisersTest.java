package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The access review flags who authorised an app that still acts, louder once that person is deactivated (seed 000). */
class ReviewOfAppAuthorisersTest extends AppTest {
    private static final List<String> SCOPES = List.of("contacts:read");

    private String flagsOf(Tenant t, UUID user) {
        return api().get("/api/v1/access/review", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(u -> u.get("userId").asString().equals(user.toString()))
                .findFirst()
                .orElseThrow()
                .get("flags")
                .toString();
    }

    @Test
    void whoAuthorisedALiveAppIsFlaggedAndADeactivatedOneLouder() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        UUID second = userWithRole(t, "second", "Administrator");
        Pkce pkce = Pkce.fresh();
        Browser browser = new Browser(port());
        String consent =
                signInAndReachConsent(browser, t, "second@" + t.slug() + ".test", authorizeUrl(app, SCOPES, pkce));
        Map<String, String> back = submit(browser, Browser.forms(consent).get(0));
        JsonNode tokens = token(
                app,
                "grant_type",
                "authorization_code",
                "code",
                back.get("code"),
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                pkce.verifier());
        assertThat(flagsOf(t, second)).contains("\"authorised a live app\"");
        assertThat(flagsOf(t, t.adminId())).doesNotContain("authorised a live app");

        assertThat(api().patch("/api/v1/users/" + second, t.adminToken(), Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/contacts", tokens.get("access_token").asString())
                        .status())
                .as("the app outlives its author's deactivation")
                .isEqualTo(200);
        assertThat(flagsOf(t, second)).contains("\"deactivated, authorised a live app\"");

        assertThat(api().send("DELETE", "/api/v1/integrations/apps/" + app.id(), t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        assertThat(flagsOf(t, second)).as("the app no longer acts").doesNotContain("authorised a live app");
    }
}
