package io.custodia.directory;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An administrator sees a user's live sign-ins (never their tokens) and ends them all, on every
 * node at once; someone without {@code users.manage} learns nothing, not even which ids exist.
 */
class SessionsTest extends ApiTest {
    @Test
    void anAdministratorSeesAndEndsAUsersSignInsOnEveryNode() throws Exception {
        Tenant t = newWorkspace();
        String email = "lia@" + t.slug() + ".test";
        UUID lia = newUser(t, email);
        try (ConfigurableApplicationContext other = secondNode()) {
            Api nodeB = apiOf(other);
            String first = SignInsOnTwoNodesTest.signIn(nodeB, t, email);
            String second = login(t.slug(), email, PASSWORD);
            assertThat(nodeB.get("/api/v1/me", first).status()).isEqualTo(200);
            assertThat(nodeB.get("/api/v1/me", second).status()).isEqualTo(200);

            Api.Response listed = api().get("/api/v1/users/" + lia + "/sessions", t.adminToken());
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            JsonNode items = listed.json().get("items");
            assertThat(items).hasSize(2);
            for (JsonNode session : items) {
                assertThat(session.get("kind").asString()).isEqualTo("API");
                assertThat(session.has("id")).isTrue();
                assertThat(session.has("expiresAt")).isTrue();
            }
            assertThat(listed.body()).doesNotContain(first, second, Tokens.hash(first), Tokens.hash(second));

            Api.Response ended = api().send("DELETE", "/api/v1/users/" + lia + "/sessions", t.adminToken(), null, null);
            assertThat(ended.status()).isEqualTo(204);

            assertThat(api().get("/api/v1/me", second).status()).isEqualTo(401);
            assertThat(SignInsOnTwoNodesTest.within(nodeB, first, r -> r.status() == 401))
                    .isTrue();
            assertThat(SignInsOnTwoNodesTest.within(nodeB, second, r -> r.status() == 401))
                    .isTrue();
            assertThat(api().get("/api/v1/users/" + lia + "/sessions", t.adminToken())
                            .json()
                            .get("items"))
                    .isEmpty();
            assertThat(db.fetchCount(
                            AUDIT_ENTRY,
                            AUDIT_ENTRY
                                    .WORKSPACE_ID
                                    .eq(t.id())
                                    .and(AUDIT_ENTRY.ACTION.eq("user.sessions.ended"))
                                    .and(AUDIT_ENTRY.TARGET_ID.eq(lia.toString()))))
                    .isEqualTo(1);
            // She signs in again as before.
            assertThat(api().get("/api/v1/me", login(t.slug(), email, PASSWORD)).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void withoutUsersManageEveryIdAnswersTheSameAndAnotherWorkspacesUserIsMissing() {
        Tenant t = newWorkspace();
        Tenant elsewhere = newWorkspace();
        String email = "max@" + t.slug() + ".test";
        newUser(t, email);
        String plain = login(t.slug(), email, PASSWORD);

        for (String method : new String[] {"GET", "DELETE"}) {
            Api.Response existing = api().send(method, "/api/v1/users/" + t.adminId() + "/sessions", plain, null, null);
            Api.Response missing =
                    api().send(method, "/api/v1/users/" + UUID.randomUUID() + "/sessions", plain, null, null);
            Api.Response foreign =
                    api().send(method, "/api/v1/users/" + elsewhere.adminId() + "/sessions", plain, null, null);
            assertThat(existing.status()).isEqualTo(403);
            assertThat(Api.withoutIds(missing.body())).isEqualTo(Api.withoutIds(existing.body()));
            assertThat(Api.withoutIds(foreign.body())).isEqualTo(Api.withoutIds(existing.body()));

            Api.Response adminMissing =
                    api().send(method, "/api/v1/users/" + UUID.randomUUID() + "/sessions", t.adminToken(), null, null);
            Api.Response adminForeign = api().send(
                            method, "/api/v1/users/" + elsewhere.adminId() + "/sessions", t.adminToken(), null, null);
            assertThat(adminMissing.status()).isEqualTo(404);
            assertThat(Api.withoutIds(adminForeign.body())).isEqualTo(Api.withoutIds(adminMissing.body()));
            assertThat(api().send(method, "/api/v1/users/not-a-uuid/sessions", t.adminToken(), null, null)
                            .status())
                    .isBetween(400, 499);
        }
        // Nothing of the other workspace's administrator ended.
        assertThat(api().get("/api/v1/me", elsewhere.adminToken()).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/me", plain).status()).isEqualTo(200);
    }
}
