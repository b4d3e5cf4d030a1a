package io.custodia.records;

import static io.custodia.platform.db.Tables.PIPELINE_STAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** A list's text search (q) over a workspace with many records. */
class RecordSearchTest extends ApiTest {
    @Test
    void aSearchThatReadsLongerThanTheSearchTimeoutIsStoppedAndNamesQ() throws Exception {
        Tenant acme = newWorkspace();
        manyDeals(acme, 60_000);
        assertThat(titles(api(), acme, "Aurora 7")).containsExactly("Deal Aurora 7");
        assertThat(titles(api(), acme, "nowhere")).isEmpty();

        // A second server whose searches may read for a millisecond: a text found nowhere is read
        // for in all 60,000 deals, which takes longer.
        try (ConfigurableApplicationContext strict = secondNode("--custodia.search.timeout=1ms")) {
            Api node = apiOf(strict);

            Api.Response refused = node.get("/api/v1/deals?q=nowhere", acme.adminToken());

            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("q");
            assertThat(refused.json().get("errors").get(0).get("message").asString())
                    .contains("add a filter");
            // Without a text the list is not bounded, and the stopped search left nothing behind.
            assertThat(node.get("/api/v1/deals?limit=1", acme.adminToken()).status())
                    .isEqualTo(200);
        }
    }

    /** A search text is a few words: one longer than the limit is refused naming q, on every type. */
    @Test
    void aSearchTextLongerThanTheLimitIsRefusedNamingQ() {
        Tenant acme = newWorkspace();
        String longest = "ab".repeat(RecordService.SEARCH_MAX / 2);
        for (String type : List.of("deals", "contacts", "companies", "activities", "notes")) {
            assertThat(api().get("/api/v1/" + type + "?q=" + longest, acme.adminToken())
                            .status())
                    .as(type)
                    .isEqualTo(200);
            Api.Response refused = api().get("/api/v1/" + type + "?q=" + longest + "a", acme.adminToken());
            assertThat(refused.status()).as(type).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("q");
            assertThat(refused.json().get("errors").get(0).get("message").asString())
                    .isEqualTo("at most 200 characters");
        }
    }

    /** {@code count} deals owned by the administrator, one of them titled "Deal Aurora 7". */
    private void manyDeals(Tenant tenant, int count) {
        UUID pipeline = UUID.fromString(onePipeline(tenant));
        UUID stage = db.select(PIPELINE_STAGE.ID)
                .from(PIPELINE_STAGE)
                .where(PIPELINE_STAGE.WORKSPACE_ID.eq(tenant.id()))
                .and(PIPELINE_STAGE.PIPELINE_ID.eq(pipeline))
                .fetchOne(PIPELINE_STAGE.ID);
        db.execute(
                "insert into deal (workspace_id, id, owner_id, title, pipeline_id, stage_id)"
                        + " select ?, gen_random_uuid(), ?,"
                        + " case when n = 7 then 'Deal Aurora 7' else 'Deal ' || n end, ?, ?"
                        + " from generate_series(1, ?) n",
                tenant.id(),
                tenant.adminId(),
                pipeline,
                stage,
                count);
    }

    private static List<String> titles(Api api, Tenant tenant, String q) {
        Api.Response page = api.get(
                "/api/v1/deals?limit=200&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), tenant.adminToken());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        page.json().get("items").forEach(d -> titles.add(d.get("title").asString()));
        return titles;
    }
}
