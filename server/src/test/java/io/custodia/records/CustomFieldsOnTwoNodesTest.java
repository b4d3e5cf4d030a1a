package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Each node keeps a workspace's custom fields per access version (issue #26: every request that
 * reads records needed them, a query each time); a field defined on one node is known on that node
 * at once and on every other within a second, through the access change it announces.
 */
class CustomFieldsOnTwoNodesTest extends ApiTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFieldDefinedOnOneNodeIsKnownOnEveryNode() throws Exception {
        Tenant t = newWorkspace();
        try (ConfigurableApplicationContext other = secondNode()) {
            Api nodeB = apiOf(other);
            // Both nodes read (and keep) the workspace's fields before the new one exists.
            assertThat(api().get("/api/v1/fields", t.adminToken()).body()).doesNotContain("tier");
            assertThat(nodeB.get("/api/v1/fields", t.adminToken()).body()).doesNotContain("tier");

            assertThat(api().post(
                                    "/api/v1/fields",
                                    t.adminToken(),
                                    Map.of("entity", "deal", "key", "tier", "label", "Tier", "type", "text"))
                            .status())
                    .isEqualTo(201);

            assertThat(api().get("/api/v1/fields", t.adminToken()).body()).contains("\"tier\"");
            long start = System.nanoTime();
            boolean known = false;
            while (!known && System.nanoTime() - start < SECOND) {
                known = nodeB.get("/api/v1/fields", t.adminToken()).body().contains("\"tier\"");
                if (!known) {
                    Thread.sleep(20);
                }
            }
            assertThat(known).as("node B knows the field within a second").isTrue();
        }
    }
}
