package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.integrations.WebhookTargetsTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server set up as the README's production checklist says: health and metrics on a management
 * port of their own, no API description, and webhooks refused for private targets (the setting's
 * default, which the other tests turn on for their loopback receiver).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionSettingsTest extends ApiTest {
    private static final String CALLBACK = "https://app.example.com/callback";

    private ConfigurableApplicationContext node;
    private Api production;
    private Api management;

    @BeforeAll
    void aServerForProduction() {
        node = secondNode("--custodia.management-port=0", "--custodia.api-docs=false");
        production = apiOf(node);
        management = new Api(Integer.parseInt(node.getEnvironment().getProperty("local.management.port")));
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnly() {
        assertThat(management.get("/actuator/health", null).body()).contains("\"status\":\"UP\"");
        assertThat(management.get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
        assertThat(production.get("/actuator/prometheus", null).status()).isEqualTo(404);
        assertThat(production.get("/actuator/health", null).status()).isEqualTo(404);
    }

    @Test
    void theApiDescriptionCanBeSwitchedOff() {
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/index.html")) {
            assertThat(production.get(path, null).status()).as(path).isEqualTo(404);
        }
        assertThat(api().get("/v3/api-docs", null).status()).as("on by default").isEqualTo(200);
    }

    @Test
    void webhooksToPrivateTargetsAreRefusedWhenTheAppIsSaved() {
        Tenant t = newWorkspace();
        for (String url : WebhookTargetsTest.PRIVATE_TARGETS) {
            Api.Response refused = registerApp(production, t, CALLBACK, url);
            assertThat(refused.status()).as(url + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("webhookUrl");
        }
        assertThat(production
                        .get("/api/v1/integrations/apps", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(production
                        .get("/api/v1/integrations/webhook-deliveries", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
        Api.Response publicTarget = registerApp(production, t, CALLBACK, "https://hooks.example.com/custodia");
        assertThat(publicTarget.status()).as(publicTarget.body()).isEqualTo(201);
        assertThat(publicTarget.json().get("webhookSecret").asString()).startsWith("whsec_");
    }
}
