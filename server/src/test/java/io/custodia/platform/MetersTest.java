package io.custodia.platform;

import static io.custodia.Metrics.awaitValue;
import static io.custodia.Metrics.count;
import static io.custodia.Metrics.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each of the server's own meters, read on the Prometheus endpoint after the action it counts. */
class MetersTest extends ApiTest {
    private static final String DEAL = "entity=\"deal\"";

    @Test
    void accessDecisionsListsImportsAndJobsAreCountedByLowCardinalityTags() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        String reader = "reader@" + t.slug() + ".test";
        UUID readerId = newUser(t, reader);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Read only"), "userId", readerId.toString())));
        double allowed =
                count(api(), "custodia_access_decisions_total", DEAL, "action=\"create\"", "outcome=\"allow\"");
        double denied = count(api(), "custodia_access_decisions_total", DEAL, "action=\"update\"", "outcome=\"deny\"");
        double lists = count(api(), "custodia_records_list_seconds_count", DEAL, "scope=\"everything\"");
        double inline = count(api(), "custodia_imports_total", DEAL, "mode=\"inline\"");
        double createdLines = count(api(), "custodia_import_lines_total", DEAL, "result=\"created\"");
        double jobsDone = count(api(), "custodia_jobs_total", "kind=\"deal.import\"", "state=\"DONE\"");

        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Counted")));
        Api.Response refused =
                api().patch("/api/v1/deals/" + deal, login(t.slug(), reader, PASSWORD), Map.of("title", "x"));
        api().get("/api/v1/deals", t.adminToken());
        api().send("POST", "/api/v1/deals/import", t.adminToken(), "text/csv", "title\nOne\nTwo\n");
        Api.Response job =
                api().send("POST", "/api/v1/deals/import?async=true", t.adminToken(), "text/csv", "title\nThree\n");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(count(api(), "custodia_access_decisions_total", DEAL, "action=\"create\"", "outcome=\"allow\""))
                .isGreaterThanOrEqualTo(allowed + 1);
        assertThat(count(api(), "custodia_access_decisions_total", DEAL, "action=\"update\"", "outcome=\"deny\""))
                .isGreaterThanOrEqualTo(denied + 1);
        assertThat(count(api(), "custodia_records_list_seconds_count", DEAL, "scope=\"everything\""))
                .isGreaterThanOrEqualTo(lists + 1);
        assertThat(count(api(), "custodia_imports_total", DEAL, "mode=\"inline\""))
                .isGreaterThanOrEqualTo(inline + 1);
        assertThat(count(api(), "custodia_import_lines_total", DEAL, "result=\"created\""))
                .isGreaterThanOrEqualTo(createdLines + 2);
        assertThat(job.status()).isEqualTo(202);
        assertThat(awaitValue(
                        api(), v -> v >= jobsDone + 1, "custodia_jobs_total", "kind=\"deal.import\"", "state=\"DONE\""))
                .isGreaterThanOrEqualTo(jobsDone + 1);
        assertThat(value(api(), "custodia_imports_total", DEAL, "mode=\"job\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(api(), "custodia_jobs_running")).isGreaterThanOrEqualTo(0);
        // No tag holds an id: every series names kinds only.
        assertThat(api().get("/actuator/prometheus", null).body().lines().filter(l -> l.startsWith("custodia_")))
                .noneMatch(l -> l.contains(deal) || l.contains(t.id().toString()));
    }

    @Test
    void outboxBacklogsAndFailuresAndLiveStreamsAreShown() throws Exception {
        Tenant t = newWorkspace();
        assertThat(value(api(), "custodia_mail_outbox_backlog")).isGreaterThanOrEqualTo(0);
        assertThat(value(api(), "custodia_mail_failures_total")).isGreaterThanOrEqualTo(0);
        assertThat(value(api(), "custodia_webhooks_backlog")).isGreaterThanOrEqualTo(0);

        HttpRequest stream = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port() + "/api/v1/conversations/events"))
                .header("Authorization", "Bearer " + t.adminToken())
                .header("Accept", "text/event-stream")
                .build();
        CompletableFuture<HttpResponse<InputStream>> open =
                HttpClient.newHttpClient().sendAsync(stream, HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertThat(awaitValue(api(), v -> v >= 1, "custodia_live_subscribers"))
                    .isGreaterThanOrEqualTo(1);
        } finally {
            open.thenAccept(r -> {
                try {
                    r.body().close();
                } catch (IOException e) {
                    // closed already
                }
            });
            open.cancel(true);
        }
    }
}
