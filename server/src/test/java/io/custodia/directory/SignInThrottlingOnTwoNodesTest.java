package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes behind one load balancer count the same failed sign-ins: together they allow no more
 * than one node alone (5 per account in 15 minutes), whether the attempts alternate between the
 * nodes or race on both at once.
 */
class SignInThrottlingOnTwoNodesTest extends ApiTest {

    private static Api.Response attempt(Api node, Tenant t, String email, String password) {
        return node.post(
                "/api/v1/auth/login", null, Map.of("workspace", t.slug(), "email", email, "password", password));
    }

    @Test
    void failuresAlternatingBetweenTwoNodesAreCountedOnce() throws Exception {
        Tenant t = newWorkspace();
        String email = "alt@" + t.slug() + ".test";
        newUser(t, email);
        try (ConfigurableApplicationContext other = secondNode()) {
            Api nodeB = apiOf(other);
            for (int i = 0; i < 5; i++) {
                Api node = i % 2 == 0 ? api() : nodeB;
                assertThat(attempt(node, t, email, "guess number " + i).status())
                        .isEqualTo(401);
            }

            // The right password, on either node: the account has used its five.
            assertThat(attempt(api(), t, email, PASSWORD).status()).isEqualTo(429);
            assertThat(attempt(nodeB, t, email, PASSWORD).status()).isEqualTo(429);
        }
    }

    @Test
    void failuresRacingOnTwoNodesAreAllowedNoMoreThanOnOne() throws Exception {
        Tenant t = newWorkspace();
        String email = "race@" + t.slug() + ".test";
        newUser(t, email);
        int attempts = 24;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try (ConfigurableApplicationContext other = secondNode()) {
            Api nodeB = apiOf(other);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                Api node = i % 2 == 0 ? api() : nodeB;
                String guess = "racing guess " + i;
                Callable<Integer> call = () -> {
                    start.await();
                    return attempt(node, t, email, guess).status();
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            int checked = 0;
            int throttled = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 401) {
                    checked++;
                } else if (status == 429) {
                    throttled++;
                }
            }

            // Exactly the limit was checked, the rest refused unchecked, across both nodes.
            assertThat(checked).as("passwords checked across two nodes").isEqualTo(5);
            assertThat(throttled).isEqualTo(attempts - 5);
        } finally {
            pool.shutdownNow();
        }
    }
}
