package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A condition on a select field names only its options (seed 001: {@code region in (XX)} is refused). */
class ConditionOptionsTest extends ApiTest {

    private static Map<String, Object> readingDeals(Map<String, Object> condition) {
        return Map.of(
                "name",
                "Regional",
                "entities",
                Map.of("deal", Map.of("read", Map.of("level", "ALL", "condition", condition))));
    }

    @Test
    void aValueThatIsNotAnOptionIsRefusedByName() {
        Tenant t = newWorkspace();
        assertThat(api().post(
                                "/api/v1/fields",
                                t.adminToken(),
                                Map.of(
                                        "entity",
                                        "deal",
                                        "key",
                                        "region",
                                        "label",
                                        "Region",
                                        "type",
                                        "select",
                                        "options",
                                        List.of("SP", "RJ")))
                        .status())
                .isEqualTo(201);

        Api.Response listed = api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        readingDeals(Map.of("field", "region", "op", "in", "values", List.of("SP", "XX"))));
        assertThat(listed.status()).as(listed.body()).isEqualTo(422);
        assertThat(listed.body()).contains("entities.deal.read.condition.values[1]", "'XX'", "region");

        Api.Response nested = api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        readingDeals(Map.of(
                                "any",
                                List.of(
                                        Map.of("field", "title", "op", "eq", "value", "XX"),
                                        Map.of("field", "region", "op", "eq", "value", "sp")))));
        assertThat(nested.status()).as(nested.body()).isEqualTo(422);
        assertThat(nested.body())
                .contains("entities.deal.read.condition.any[1].value")
                .doesNotContain("any[0]");

        Api.Response nul = api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        readingDeals(Map.of("field", "region", "op", "eq", "value", "S\u0000P")));
        assertThat(nul.status()).isEqualTo(422);
        Api.Response huge = api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        readingDeals(Map.of("field", "region", "op", "eq", "value", "x".repeat(100_000))));
        assertThat(huge.status()).isEqualTo(422);

        Api.Response good = api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        readingDeals(Map.of("field", "region", "op", "in", "values", List.of("SP", "RJ"))));
        assertThat(good.status()).as(good.body()).isEqualTo(201);
        Api.Response replaced = api().send(
                        "PUT",
                        "/api/v1/roles/" + good.json().get("id").asString(),
                        t.adminToken(),
                        "application/json",
                        Api.json(readingDeals(Map.of("field", "region", "op", "ne", "value", "MG"))));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(422);
        assertThat(replaced.body()).contains("'MG'");
    }
}
