package io.custodia.offboarding;

import static io.custodia.platform.db.Tables.DEAL;
import static io.custodia.platform.db.Tables.OWNER_OVERLAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The owner overlay (docs/access-model.md, "Offboarding"): from the 202 on, before the job has
 * moved a single record, Rui's deals are Sofia's for every read: her lists, reads, updates and
 * filter, her department head's list, the export; his former colleague Carlos, who reached them
 * only through Rui's department, no longer does, on either of two nodes. After the job the answers
 * are the same. The job
 * is held on Rui's shared list, whose row it moves first, by a lock this test takes.
 */
class OffboardingOverlayTest extends ApiTest {
    private Tenant t;
    private UUID rui;
    private UUID sofia;
    private UUID carlos;
    private String sofiaToken;
    private String helenaToken;
    private String carlosToken;
    private String ruisList;
    private final List<String> ruisDeals = new ArrayList<>();

    @BeforeEach
    void ruiInNorteSofiaInSul() {
        t = newWorkspace();
        onePipeline(t);
        String norte = department(t, "Norte");
        String sul = department(t, "Sul");
        rui = newUser(t, "rui@" + t.slug() + ".test");
        carlos = newUser(t, "carlos@" + t.slug() + ".test");
        sofia = newUser(t, "sofia@" + t.slug() + ".test");
        UUID helena = newUser(t, "helena@" + t.slug() + ".test");
        join(t, norte, rui);
        join(t, norte, carlos);
        join(t, sul, sofia);
        put(t, "/api/v1/departments/" + sul + "/members/" + helena, "{\"head\": true}");
        String salesperson = roleId(t, "Salesperson");
        for (String department : List.of(norte, sul)) {
            created(api().post(
                            "/api/v1/role-assignments",
                            t.adminToken(),
                            Map.of("roleId", salesperson, "departmentId", department)));
        }
        for (int i = 0; i < 3; i++) {
            ruisDeals.add(created(api().post(
                            "/api/v1/deals", t.adminToken(), Map.of("title", "Rui " + i, "ownerId", rui.toString()))));
        }
        String ruiToken = login(t.slug(), "rui@" + t.slug() + ".test", PASSWORD);
        ruisList = created(api().post("/api/v1/lists", ruiToken, Map.of("name", "Clientes do Rui")));
        sofiaToken = login(t.slug(), "sofia@" + t.slug() + ".test", PASSWORD);
        helenaToken = login(t.slug(), "helena@" + t.slug() + ".test", PASSWORD);
        carlosToken = login(t.slug(), "carlos@" + t.slug() + ".test", PASSWORD);
    }

    @Test
    void theRecordsAreTheSuccessorsFromTheRequestOnAndStaySo() throws Exception {
        assertThat(ids(carlosToken, ""))
                .as("Carlos reaches Rui's deals through Norte")
                .containsAll(ruisDeals);
        assertThat(ids(helenaToken, "")).doesNotContainAnyElementsOf(ruisDeals);

        Map<String, String> during;
        String jobId;
        try (ConfigurableApplicationContext other = secondNode();
                Connection hold = heldJob()) {
            Api otherNode = apiOf(other);
            // The other node's caches hold the keys from before the offboarding.
            assertThat(ids(otherNode, sofiaToken, "")).isEmpty();
            assertThat(ids(otherNode, carlosToken, "")).containsAll(ruisDeals);
            Api.Response started = offboard(rui, Map.of("transferTo", sofia.toString()));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            jobId = started.json().get("id").asString();
            assertThat(storedOwners()).as("the job has moved nothing yet").containsOnly(rui);
            assertThat(api().get("/api/v1/jobs/" + jobId, t.adminToken())
                            .json()
                            .get("state")
                            .asString())
                    .isEqualTo("RUNNING");

            assertThat(ids(sofiaToken, "")).containsExactlyInAnyOrderElementsOf(ruisDeals);
            assertThat(ids(sofiaToken, "?ownerId=" + sofia)).containsExactlyInAnyOrderElementsOf(ruisDeals);
            assertThat(ids(t.adminToken(), "?ownerId=" + rui))
                    .as("Rui owns nothing now")
                    .isEmpty();
            assertThat(ids(helenaToken, "")).as("Sul's head").containsExactlyInAnyOrderElementsOf(ruisDeals);
            assertThat(ids(carlosToken, "")).as("Norte no longer reaches them").doesNotContainAnyElementsOf(ruisDeals);
            assertThat(ids(otherNode, sofiaToken, ""))
                    .as("on the other node too")
                    .containsExactlyInAnyOrderElementsOf(ruisDeals);
            assertThat(ids(otherNode, carlosToken, "")).doesNotContainAnyElementsOf(ruisDeals);
            assertThat(api().get("/api/v1/deals/" + ruisDeals.get(0), carlosToken)
                            .status())
                    .isEqualTo(404);
            for (String id : ruisDeals) {
                JsonNode deal = api().get("/api/v1/deals/" + id, sofiaToken).json();
                assertThat(deal.get("ownerId").asString()).as(deal.toString()).isEqualTo(sofia.toString());
            }
            for (String line :
                    api().get("/api/v1/deals/export", t.adminToken()).body().split("\n")) {
                if (ruisDeals.stream().anyMatch(line::contains)) {
                    assertThat(line).contains(sofia.toString()).doesNotContain(rui.toString());
                }
            }
            Api.Response given =
                    api().post("/api/v1/deals", t.adminToken(), Map.of("title", "For Rui", "ownerId", rui.toString()));
            assertThat(given.status()).as(given.body()).isEqualTo(201);
            assertThat(given.json().get("ownerId").asString())
                    .as("a record given to Rui now is given to Sofia")
                    .isEqualTo(sofia.toString());
            ruisDeals.add(given.json().get("id").asString());
            Api.Response renamed =
                    api().patch("/api/v1/deals/" + ruisDeals.get(1), sofiaToken, Map.of("title", "Sofia's now"));
            assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
            assertThat(renamed.json().get("ownerId").asString()).isEqualTo(sofia.toString());
            during = answers();
            hold.rollback();
        }
        JsonNode job = finished(jobId);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("result").get("records").get("deal").asLong())
                .as("the two the job moved; Sofia's update had written her as the owner of the third")
                .isEqualTo(2);
        assertThat(storedOwners()).containsOnly(sofia);
        assertThat(db.fetchCount(OWNER_OVERLAY, OWNER_OVERLAY.WORKSPACE_ID.eq(t.id())))
                .as("the overlay ended with the last batch")
                .isZero();
        assertThat(answers())
                .as("the same answers, but for version and updatedAt")
                .isEqualTo(during);
    }

    @Test
    void chainsAreRefusedAndOneSuccessorMayTakeTwoPeople() throws Exception {
        try (Connection hold = heldJob()) {
            Api.Response started = offboard(rui, Map.of("transferTo", sofia.toString(), "deactivate", false));
            assertThat(started.status()).as(started.body()).isEqualTo(202);

            // The preview refuses what the request refuses (found by the outside probe).
            assertThat(api().post(
                                    "/api/v1/users/" + sofia + "/offboard?dryRun=true",
                                    t.adminToken(),
                                    Map.of("transferTo", carlos.toString()))
                            .status())
                    .isEqualTo(409);
            // Rui, still active, creates a deal: it would be Sofia's, out of his reach (Sul), so he
            // may not, with or without naming its owner (found by the outside probe).
            String ruiToken = login(t.slug(), "rui@" + t.slug() + ".test", PASSWORD);
            assertThat(api().post("/api/v1/deals", ruiToken, Map.of("title", "Plantado"))
                            .status())
                    .isEqualTo(403);
            assertThat(api().post("/api/v1/deals", ruiToken, Map.of("title", "Plantado", "ownerId", rui.toString()))
                            .status())
                    .isEqualTo(403);

            Api.Response sofiaNext = offboard(sofia, Map.of("transferTo", carlos.toString()));
            assertThat(sofiaNext.status())
                    .as("Rui's records are being handed to Sofia: " + sofiaNext.body())
                    .isEqualTo(409);
            Api.Response toRui = offboard(carlos, Map.of("transferTo", rui.toString()));
            assertThat(toRui.status())
                    .as("Rui's own records are being handed over: " + toRui.body())
                    .isEqualTo(409);
            Api.Response listsOnly = offboard(
                    sofia, Map.of("transferTo", carlos.toString(), "what", List.of("lists"), "deactivate", false));
            assertThat(listsOnly.status())
                    .as("no records, no chain: " + listsOnly.body())
                    .isEqualTo(202);
            Api.Response carlosToo = offboard(carlos, Map.of("transferTo", sofia.toString(), "deactivate", false));
            assertThat(carlosToo.status()).as(carlosToo.body()).isEqualTo(202);
            for (Api.Response other : List.of(listsOnly, carlosToo)) {
                assertThat(finished(other.json().get("id").asString())
                                .get("state")
                                .asString())
                        .isEqualTo("DONE");
            }
            assertThat(api().get("/api/v1/deals/" + ruisDeals.get(0), sofiaToken)
                            .json()
                            .get("ownerId")
                            .asString())
                    .isEqualTo(sofia.toString());
            hold.rollback();
            assertThat(finished(started.json().get("id").asString())
                            .get("state")
                            .asString())
                    .isEqualTo("DONE");
        }
        Api.Response now = offboard(sofia, Map.of("transferTo", carlos.toString(), "deactivate", false));
        assertThat(now.status()).as("once Rui's job has ended: " + now.body()).isEqualTo(202);
    }

    /**
     * A connection holding Rui's shared list's row, which the job moves before any record: until it
     * rolls back, the job waits there, having moved nothing.
     */
    private Connection heldJob() throws SQLException {
        Connection hold = schemaOwner().getConnection();
        hold.setAutoCommit(false);
        try (PreparedStatement lock = hold.prepareStatement("select 1 from contact_list where id = ? for update")) {
            lock.setObject(1, UUID.fromString(ruisList));
            assertThat(lock.executeQuery().next()).isTrue();
        }
        return hold;
    }

    private Api.Response offboard(UUID who, Map<String, Object> body) {
        return api().post("/api/v1/users/" + who + "/offboard", t.adminToken(), body);
    }

    private Set<UUID> storedOwners() {
        return Set.copyOf(db.select(DEAL.OWNER_ID)
                .from(DEAL)
                .where(DEAL.WORKSPACE_ID.eq(t.id()))
                .and(DEAL.ID.in(ruisDeals.stream().map(UUID::fromString).toList()))
                .fetch(DEAL.OWNER_ID));
    }

    private List<String> ids(String token, String query) {
        return ids(api(), token, query);
    }

    private static List<String> ids(Api node, String token, String query) {
        Api.Response list = node.get("/api/v1/deals" + query, token);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json()
                .get("items")
                .valueStream()
                .map(d -> d.get("id").asString())
                .toList();
    }

    /** What Sofia, Helena and Carlos are answered, by name, without version and updatedAt. */
    private Map<String, String> answers() {
        Map<String, String> answers = new LinkedHashMap<>();
        for (var reader : Map.of("sofia", sofiaToken, "helena", helenaToken, "carlos", carlosToken)
                .entrySet()) {
            answers.put(
                    reader.getKey() + " list",
                    stripped(api().get("/api/v1/deals?sort=name", reader.getValue())
                            .json()
                            .get("items")));
            answers.put(
                    reader.getKey() + " filter",
                    stripped(api().get("/api/v1/deals?sort=name&ownerId=" + sofia, reader.getValue())
                            .json()
                            .get("items")));
            for (String id : ruisDeals) {
                Api.Response one = api().get("/api/v1/deals/" + id, reader.getValue());
                answers.put(
                        reader.getKey() + " " + id,
                        one.status() + " " + (one.status() == 200 ? stripped(one.json()) : ""));
            }
        }
        return answers;
    }

    /** The JSON without the fields a move changes as any change of owner does. */
    private static String stripped(JsonNode node) {
        JsonNode copy = node.deepCopy();
        List<JsonNode> records = copy.isArray() ? copy.valueStream().toList() : List.of(copy);
        records.forEach(r -> ((ObjectNode) r).remove(List.of("version", "updatedAt")));
        return copy.toString();
    }

    private JsonNode finished(String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            JsonNode job = api().get("/api/v1/jobs/" + jobId, t.adminToken()).json();
            if (!job.get("state").asString().equals("RUNNING") || Instant.now().isAfter(deadline)) {
                return job;
            }
            Thread.sleep(50);
        }
    }
}
