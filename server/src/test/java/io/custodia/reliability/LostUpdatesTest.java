package io.custodia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** N writers read the same version and PATCH at once with its ETag: exactly one wins, nothing is lost silently. */
class LostUpdatesTest extends ApiTest {
    static final int WRITERS = 16;
    static final int ROUNDS = 10;

    @Test
    void ofConcurrentPatchesWithTheSameEtagExactlyOneSucceeds() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Contested")));
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Api.Response read = api().get("/api/v1/deals/" + deal, t.adminToken());
                String etag = read.header("ETag");
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Api.Response>> writes = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    String title = "round " + round + " writer " + w;
                    writes.add(CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return api().send(
                                                "PATCH",
                                                "/api/v1/deals/" + deal,
                                                t.adminToken(),
                                                "application/json",
                                                Api.json(Map.of("title", title)),
                                                "If-Match",
                                                etag);
                            },
                            pool));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                for (CompletableFuture<Api.Response> write : writes) {
                    Api.Response r = write.get();
                    statuses.add(r.status());
                    if (r.status() == 200) {
                        winner = r.json().get("title").asString();
                    }
                }
                assertThat(statuses).as("round %d", round).containsOnly(200, 412);
                assertThat(statuses.stream().filter(s -> s == 200).count())
                        .as("round %d", round)
                        .isEqualTo(1);
                assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                                .json()
                                .get("title")
                                .asString())
                        .as("the stored title is the winner's")
                        .isEqualTo(winner);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
