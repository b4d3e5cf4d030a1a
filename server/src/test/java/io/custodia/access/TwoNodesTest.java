package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Two server processes on one database: a change made through one is enforced by the other at once. */
class TwoNodesTest extends ApiTest {
    @Test
    void anAccessChangeMadeOnOneNodeIsEnforcedByTheOtherWithinOneSecond() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        String email = "eve@" + t.slug() + ".test";
        UUID eveId = newUser(t, email);
        try (ConfigurableApplicationContext other = secondNode()) {
            Api nodeB = apiOf(other);
            String eve = nodeB.post(
                            "/api/v1/auth/login",
                            null,
                            Map.of("workspace", t.slug(), "email", email, "password", PASSWORD))
                    .json()
                    .get("accessToken")
                    .asString();
            assertThat(nodeB.get("/api/v1/audit", eve).status()).isEqualTo(403);
            String auditor = api().post(
                            "/api/v1/roles", t.adminToken(), Map.of("name", "Auditor", "system", List.of("audit.read")))
                    .json()
                    .get("id")
                    .asString();

            assertThat(api().post(
                                    "/api/v1/role-assignments",
                                    t.adminToken(),
                                    Map.of("roleId", auditor, "everyone", true))
                            .status())
                    .isEqualTo(201);
            long changedAt = System.nanoTime();

            int status = nodeB.get("/api/v1/audit", eve).status();
            while (status != 200 && System.nanoTime() - changedAt < 1_000_000_000L) {
                Thread.sleep(20);
                status = nodeB.get("/api/v1/audit", eve).status();
            }
            assertThat(status).isEqualTo(200);
            assertThat((System.nanoTime() - changedAt) / 1_000_000).isLessThan(1_000);

            // Her first share, given on one node, opens the share branch of her lists on the other
            // (which has listed her deals before, without it).
            assertThat(nodeB.get("/api/v1/deals", eve).json().get("items").size())
                    .isZero();
            String deal = api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Shared with Eve"))
                    .json()
                    .get("id")
                    .asString();
            share(t, "deals", deal, eveId);
            long sharedAt = System.nanoTime();
            int listed = nodeB.get("/api/v1/deals", eve).json().get("items").size();
            while (listed == 0 && System.nanoTime() - sharedAt < 1_000_000_000L) {
                Thread.sleep(20);
                listed = nodeB.get("/api/v1/deals", eve).json().get("items").size();
            }
            assertThat(listed).isEqualTo(1);

            // A cursor one node gave out is read by the other: the day's key is in the database.
            api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Another for paging"));
            String cursor = api().get("/api/v1/deals?limit=1", t.adminToken())
                    .json()
                    .get("nextCursor")
                    .asString();
            Api.Response next = nodeB.get("/api/v1/deals?limit=1&cursor=" + cursor, t.adminToken());
            assertThat(next.status()).as(next.body()).isEqualTo(200);
            assertThat(next.json().get("items").size()).isEqualTo(1);

            // A head flag set on one node gives the role of the department's heads on the other.
            String sales = department(t, "Vendas");
            join(t, sales, eveId);
            String headsRead = api().post(
                            "/api/v1/roles",
                            t.adminToken(),
                            Map.of(
                                    "name",
                                    "Heads read deals",
                                    "entities",
                                    Map.of("deal", Map.of("read", Map.of("level", "ALL")))))
                    .json()
                    .get("id")
                    .asString();
            created(api().post(
                            "/api/v1/role-assignments",
                            t.adminToken(),
                            Map.of("roleId", headsRead, "departmentId", sales, "heads", true)));
            assertThat(nodeB.get("/api/v1/deals", eve).json().get("items").size())
                    .isEqualTo(1);
            put(t, "/api/v1/departments/" + sales + "/members/" + eveId, "{\"head\": true}");
            long flaggedAt = System.nanoTime();
            int heads = nodeB.get("/api/v1/deals", eve).json().get("items").size();
            while (heads != 2 && System.nanoTime() - flaggedAt < 1_000_000_000L) {
                Thread.sleep(20);
                heads = nodeB.get("/api/v1/deals", eve).json().get("items").size();
            }
            assertThat(heads).isEqualTo(2);
        }
    }
}
