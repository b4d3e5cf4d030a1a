package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An apps campaign (access-model, "Access review campaigns"): it takes {@code integrations.manage}
 * as well, each live authorisation is an item for the named reviewer, and revoking it stops the
 * app's tokens at its next call, as the authorisations' own revocation does.
 */
class AppsUnderReviewTest extends AppTest {
    private static final List<String> SCOPES = List.of("contacts:read");

    private static Map<String, Object> body(UUID reviewer) {
        return Map.of(
                "name",
                "Apps",
                "scope",
                Map.of("kind", "apps"),
                "dueAt",
                Instant.now().plus(Duration.ofDays(7)).toString(),
                "onTimeout",
                "keep",
                "reviewerId",
                reviewer.toString());
    }

    @Test
    void theReviewerRevokesAnAppsAuthorisationAndItsTokenStops() throws Exception {
        Tenant t = newWorkspace();
        App app = app(t, SCOPES);
        String token = authorised(t, app, SCOPES).get("access_token").asString();
        assertThat(api().get("/api/v1/contacts", token).status()).isEqualTo(200);
        UUID davi = newUser(t, "davi@" + t.slug() + ".test", "Davi");
        UUID rita = newUser(t, "rita@" + t.slug() + ".test", "Rita");
        String roleManager = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "Role manager", "system", List.of("roles.manage"))));
        assign(t, roleManager, rita);
        String ritas = login(t.slug(), "rita@" + t.slug() + ".test", PASSWORD);
        assertThat(api().post("/api/v1/access/reviews", ritas, body(davi)).status())
                .as("apps campaigns also need integrations.manage")
                .isEqualTo(403);

        String campaign = created(api().post("/api/v1/access/reviews", t.adminToken(), body(davi)));
        assertThat(api().get("/api/v1/access/reviews/" + campaign, ritas).status())
                .as("a role manager without integrations.manage does not see it")
                .isEqualTo(404);
        String davis = login(t.slug(), "davi@" + t.slug() + ".test", PASSWORD);
        JsonNode items = api().get("/api/v1/access/reviews/" + campaign + "/items", davis)
                .json()
                .get("items");
        assertThat(items.size()).isEqualTo(1);
        JsonNode item = items.get(0);
        assertThat(item.get("kind").asString()).isEqualTo("app_authorization");
        assertThat(item.get("grant").asString()).isEqualTo("contacts:read");

        Api.Response revoked = api().post(
                        "/api/v1/access/reviews/" + campaign + "/items/"
                                + item.get("id").asString() + "/decision",
                        davis,
                        Map.of("decision", "revoke", "comment", "unused"));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("outcome").asString()).isEqualTo("revoked");
        assertThat(api().get("/api/v1/contacts", token).status())
                .as("the app's token stops at its next call")
                .isEqualTo(401);
        JsonNode entry = api().get("/api/v1/audit?action=integration.revoked", t.adminToken())
                .json()
                .get("items")
                .get(0);
        assertThat(entry.get("actor").toString()).contains(davi.toString());
    }
}
