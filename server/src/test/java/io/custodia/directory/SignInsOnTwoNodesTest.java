package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Each node keeps the sign-ins it has checked ({@link SignInCache}); whatever ends or changes one on
 * another node reaches it within a second, and on the node that made the change at once.
 */
class SignInsOnTwoNodesTest extends ApiTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSignOutADeactivationAndARenameOnOneNodeReachTheOtherNodesKnownSignIns() throws Exception {
        Tenant t = newWorkspace();
        String email = "eve@" + t.slug() + ".test";
        UUID eve = newUser(t, email);
        try (ConfigurableApplicationContext other = secondNode()) {
            Api nodeB = apiOf(other);
            String first = signIn(nodeB, t, email);
            String second = signIn(nodeB, t, email);
            // Node B knows both sign-ins now, and node A the first.
            assertThat(nodeB.get("/api/v1/me", first).status()).isEqualTo(200);
            assertThat(nodeB.get("/api/v1/me", second).status()).isEqualTo(200);
            assertThat(api().get("/api/v1/me", first).status()).isEqualTo(200);

            // Signed out on node A: refused there at once, and on node B within a second.
            assertThat(api().post("/api/v1/auth/logout", first, Map.of()).status())
                    .isEqualTo(204);
            assertThat(api().get("/api/v1/me", first).status()).isEqualTo(401);
            assertThat(within(nodeB, first, r -> r.status() == 401)).isTrue();
            assertThat(nodeB.get("/api/v1/me", second).status()).isEqualTo(200);

            // Renamed on node A: node B's known sign-in carries the new name.
            assertThat(api().patch("/api/v1/users/" + eve, t.adminToken(), Map.of("name", "Eve Renamed"))
                            .status())
                    .isEqualTo(200);
            assertThat(within(nodeB, second, r -> r.body().contains("Eve Renamed")))
                    .isTrue();

            // Deactivated on node A: her remaining sign-in ends on node B within a second.
            assertThat(api().patch("/api/v1/users/" + eve, t.adminToken(), Map.of("status", "deactivated"))
                            .status())
                    .isEqualTo(200);
            assertThat(within(nodeB, second, r -> r.status() == 401)).isTrue();
        }
    }

    @Test
    void aSignOutOnTheNodeThatKnowsTheSignInEndsItForTheVeryNextRequest() {
        Tenant t = newWorkspace();
        String email = "ann@" + t.slug() + ".test";
        newUser(t, email);
        for (int i = 0; i < 20; i++) {
            String token = signIn(api(), t, email);
            assertThat(api().get("/api/v1/me", token).status()).isEqualTo(200);
            assertThat(api().post("/api/v1/auth/logout", token, Map.of()).status())
                    .isEqualTo(204);
            assertThat(api().get("/api/v1/me", token).status()).isEqualTo(401);
        }
    }

    static String signIn(Api node, Tenant t, String email) {
        return node.post(
                        "/api/v1/auth/login", null, Map.of("workspace", t.slug(), "email", email, "password", PASSWORD))
                .json()
                .get("accessToken")
                .asString();
    }

    /** Whether {@code /me} with the token answers as wanted within a second (polled). */
    static boolean within(Api node, String token, Predicate<Api.Response> wanted) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < SECOND) {
            if (wanted.test(node.get("/api/v1/me", token))) {
                return true;
            }
            Thread.sleep(20);
        }
        return wanted.test(node.get("/api/v1/me", token));
    }
}
