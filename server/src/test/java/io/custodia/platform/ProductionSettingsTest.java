package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server set up as the README's production checklist says: health and metrics on a management
 * port of their own, and no API description.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionSettingsTest extends ApiTest {
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
}
