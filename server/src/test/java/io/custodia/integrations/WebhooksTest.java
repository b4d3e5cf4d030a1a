package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.custodia.Api;
import io.custodia.Metrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhooksTest extends AppTest {

    record Received(String event, String id, String timestamp, String signature, String body) {}

    @Test
    void appsReceiveSignedChangesOfWhatTheyMayReadRetriedUntilDelivered() throws Exception {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> answers = new LinkedBlockingQueue<>(List.of(500));
        HttpServer hook = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        hook.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            received.add(new Received(
                    headers.getFirst("X-Custodia-Event"),
                    headers.getFirst("webhook-id"),
                    headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8)));
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        hook.start();
        try {
            Tenant t = newWorkspace();
            Api.Response created = registerApp(
                    api(), t, CALLBACK, "http://localhost:" + hook.getAddress().getPort() + "/hook");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode body = created.json();
            App app = new App(
                    body.get("id").asString(),
                    body.get("clientId").asString(),
                    body.get("clientSecret").asString());
            String secret = body.get("webhookSecret").asString();
            authorised(t, app, List.of("deals:read"));
            onePipeline(t);

            created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Not for this app")));
            String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Big one")));

            Received failed = received.poll(15, TimeUnit.SECONDS);
            Received delivered = received.poll(15, TimeUnit.SECONDS);
            assertThat(failed).as("first attempt").isNotNull();
            assertThat(delivered).as("retried after the 500").isNotNull();
            assertThat(Metrics.count(api(), "custodia_webhooks_failures_total", "outcome=\"retry\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(delivered.body()).isEqualTo(failed.body());
            assertThat(delivered.event()).isEqualTo("deal.created");
            // Standard Webhooks: the same id on every attempt, a signature over id, timestamp and body.
            assertThat(secret).startsWith("whsec_");
            assertThat(delivered.id()).isEqualTo(failed.id());
            assertThat(Long.parseLong(delivered.timestamp()))
                    .isCloseTo(System.currentTimeMillis() / 1000, Offset.offset(60L));
            assertThat(delivered.signature())
                    .isEqualTo("v1,"
                            + hmac(secret, delivered.id() + "." + delivered.timestamp() + "." + delivered.body()));
            JsonNode payload = JSON.readTree(delivered.body());
            assertThat(payload.get("deliveryId").asString()).isEqualTo(delivered.id());
            assertThat(payload.get("recordId").asString()).isEqualTo(deal);
            assertThat(payload.get("record").get("title").asString()).isEqualTo("Big one");
            assertThat(received.poll(2, TimeUnit.SECONDS))
                    .as("no contact event: the app cannot read contacts")
                    .isNull();

            JsonNode deliveries = api().get("/api/v1/integrations/webhook-deliveries?appId=" + app.id(), t.adminToken())
                    .json()
                    .get("items");
            assertThat(deliveries.size()).isEqualTo(1);
            assertThat(deliveries.get(0).get("state").asString()).isEqualTo("DELIVERED");
            assertThat(deliveries.get(0).get("attempts").asInt()).isEqualTo(2);
            assertThat(api().get("/api/v1/integrations/sync-log?appId=" + app.id(), t.adminToken())
                            .body())
                    .contains("WEBHOOK", "HTTP 5xx");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void deletingAnAppEndsItsPendingDeliveriesAndWritesNoMore() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        hook.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        hook.start();
        try {
            Tenant t = newWorkspace();
            JsonNode body = registerApp(
                            api(),
                            t,
                            CALLBACK,
                            "http://localhost:" + hook.getAddress().getPort() + "/hook")
                    .json();
            App app = new App(
                    body.get("id").asString(),
                    body.get("clientId").asString(),
                    body.get("clientSecret").asString());
            authorised(t, app, List.of("deals:read"));
            onePipeline(t);
            created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Announced")));
            assertThat(received.poll(15, TimeUnit.SECONDS)).as("first attempt").isNotNull();

            assertThat(api().send("DELETE", "/api/v1/integrations/apps/" + app.id(), t.adminToken(), null, null)
                            .status())
                    .isEqualTo(204);
            created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Not announced")));
            JsonNode deliveries = api().get("/api/v1/integrations/webhook-deliveries?appId=" + app.id(), t.adminToken())
                    .json()
                    .get("items");
            assertThat(deliveries.size()).as("none written after the deletion").isEqualTo(1);
            assertThat(deliveries.get(0).get("state").asString()).isEqualTo("FAILED");
            assertThat(deliveries.get(0).get("lastError").asString()).isEqualTo("the app was deleted");
            assertThat(received.poll(12, TimeUnit.SECONDS))
                    .as("no retry past the first backoff")
                    .isNull();
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void cloudMetadataAndLinkLocalTargetsAreRefusedEvenWhenPrivateTargetsAreAllowed() {
        Tenant t = newWorkspace();
        for (String url : List.of(
                "https://169.254.169.254/latest/meta-data/",
                "http://[::ffff:169.254.169.254]/",
                "https://[fd00:ec2::254]/",
                "https://0.0.0.0:5432/",
                "https://2130706433/")) {
            Api.Response refused = registerApp(api(), t, CALLBACK, url);
            assertThat(refused.status()).as(url).isEqualTo(422);
            assertThat(refused.body()).as(url).contains("webhookUrl");
        }
        assertThat(api().get("/api/v1/integrations/apps", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    /** What a receiver computes, written from the Standard Webhooks specification. */
    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
