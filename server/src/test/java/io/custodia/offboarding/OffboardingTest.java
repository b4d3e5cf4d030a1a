package io.custodia.offboarding;

import static io.custodia.platform.db.Tables.JOB;
import static io.custodia.platform.db.Tables.OFFBOARDING;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Offboarding in one step (docs/access-model.md, "Offboarding"): Rui leaves, Sofia takes over his
 * deals, his list and the conversation he attends in her team; his share ends; the one he attends
 * in a team Sofia is not in goes back to its queue; the app he authorised is named and stays.
 */
class OffboardingTest extends ApiTest {
    private Tenant t;
    private UUID rui;
    private UUID sofia;
    private String ruiToken;
    private final List<String> ruisDeals = new ArrayList<>();
    private String adminsDeal;
    private String ruisList;
    private String inSofiasTeam;
    private String elsewhere;

    @BeforeEach
    void ruiOwnsWork() {
        t = newWorkspace();
        onePipeline(t);
        rui = newUser(t, "rui@" + t.slug() + ".test");
        sofia = newUser(t, "sofia@" + t.slug() + ".test");
        ruiToken = login(t.slug(), "rui@" + t.slug() + ".test", PASSWORD);
        for (int i = 0; i < 3; i++) {
            ruisDeals.add(created(api().post(
                            "/api/v1/deals", t.adminToken(), Map.of("title", "Rui " + i, "ownerId", rui.toString()))));
        }
        adminsDeal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Admin's")));
        share(t, "deals", adminsDeal, rui);
        ruisList = created(api().post("/api/v1/lists", ruiToken, Map.of("name", "Clientes do Rui")));
        String contact = created(
                api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Carla", "email", "c@example.com")));
        String support = team("Support");
        String sales = team("Sales");
        joinTeam(support, rui);
        joinTeam(support, sofia);
        joinTeam(sales, rui);
        inSofiasTeam = conversation(support, contact);
        elsewhere = conversation(sales, contact);
    }

    private String team(String name) {
        return created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", name, "visibility", "TEAM")));
    }

    private void joinTeam(String team, UUID user) {
        put(t, "/api/v1/teams/" + team + "/members/" + user, "{\"supervisor\":false}");
    }

    private String conversation(String team, String contact) {
        Map<String, Object> body = new HashMap<>();
        body.put("teamId", team);
        body.put("contactId", contact);
        body.put("channel", "email");
        body.put("subject", "Pedido");
        body.put("attendantId", rui.toString());
        return created(api().post("/api/v1/conversations", t.adminToken(), body));
    }

    private Api.Response offboard(String token, UUID who, String query, Object body) {
        return api().post("/api/v1/users/" + who + "/offboard" + query, token, body);
    }

    private Map<String, Object> toSofia() {
        return Map.of("transferTo", sofia.toString());
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

    private JsonNode deal(String id) {
        return api().get("/api/v1/deals/" + id, t.adminToken()).json();
    }

    @Test
    void thePreviewCountsWhatWouldMoveAndChangesNothing() {
        Api.Response preview = offboard(t.adminToken(), rui, "?dryRun=true", toSofia());
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode counts = preview.json().get("counts");
        assertThat(counts.get("deal").asLong()).isEqualTo(3);
        assertThat(counts.get("contact").asLong()).isZero();
        assertThat(counts.get("lists").asLong()).isEqualTo(1);
        assertThat(counts.get("conversations").asLong()).isEqualTo(2);
        assertThat(counts.get("shares").asLong()).isEqualTo(1);
        assertThat(preview.json().get("lists").get(0).get("name").asString()).isEqualTo("Clientes do Rui");
        assertThat(preview.json().get("apps").size()).isZero();
        assertThat(preview.json().get("what").size()).isEqualTo(4);
        assertThat(preview.json().get("deactivate").asBoolean()).isTrue();

        assertThat(deal(ruisDeals.get(0)).get("ownerId").asString()).isEqualTo(rui.toString());
        assertThat(api().get("/api/v1/me", ruiToken).status())
                .as("still signed in")
                .isEqualTo(200);
        assertThat(api().get("/api/v1/audit?action=user.offboarded", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void offboardingMovesTheWorkDeactivatesAndIsAuditedOnce() throws InterruptedException {
        Api.Response started = offboard(t.adminToken(), rui, "", toSofia());
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String jobId = started.json().get("id").asString();
        assertThat(started.header("Location")).isEqualTo("/api/v1/jobs/" + jobId);
        assertThat(started.json().get("kind").asString()).isEqualTo("users.offboard");
        assertThat(started.json().get("total").asLong())
                .as("1 list, 2 conversations, 1 share: the request does not count the records")
                .isEqualTo(4);
        assertThat(api().get("/api/v1/me", ruiToken).status())
                .as("deactivated in the request")
                .isEqualTo(401);

        JsonNode job = finished(jobId);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("done").asLong()).isEqualTo(7);
        assertThat(job.get("total").asLong()).as("the job counted the 3 deals").isEqualTo(7);
        JsonNode result = job.get("result");
        assertThat(result.get("records").get("deal").asLong()).isEqualTo(3);
        assertThat(result.get("lists").asInt()).isEqualTo(1);
        assertThat(result.get("conversations").get("toSuccessor").asInt()).isEqualTo(1);
        assertThat(result.get("conversations").get("toQueue").asInt()).isEqualTo(1);
        assertThat(result.get("sharesEnded").asInt()).isEqualTo(1);

        for (String id : ruisDeals) {
            JsonNode deal = deal(id);
            assertThat(deal.get("ownerId").asString()).isEqualTo(sofia.toString());
            assertThat(deal.get("version").asLong())
                    .as("a change of owner, as any")
                    .isEqualTo(2);
        }
        String sofiaToken = login(t.slug(), "sofia@" + t.slug() + ".test", PASSWORD);
        JsonNode list = api().get("/api/v1/lists/" + ruisList, sofiaToken).json();
        assertThat(list.get("ownerId").asString()).as(list.toString()).isEqualTo(sofia.toString());
        JsonNode members = list.get("members");
        assertThat(members.valueStream()
                        .filter(m -> m.get("userId").asString().equals(rui.toString()))
                        .findFirst()
                        .orElseThrow()
                        .get("level")
                        .asString())
                .isEqualTo("MANAGER");
        assertThat(api().get("/api/v1/deals/" + adminsDeal + "/shares", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .as("the share Rui held ended")
                .isZero();
        assertThat(attendant(inSofiasTeam)).isEqualTo(sofia.toString());
        assertThat(attendant(elsewhere))
                .as("Sofia is not in Sales: back to its queue")
                .isNull();

        JsonNode entries = api().get("/api/v1/audit?action=user.offboarded", t.adminToken())
                .json()
                .get("items");
        assertThat(entries.size()).isEqualTo(1);
        JsonNode entry = entries.get(0);
        assertThat(entry.get("actor").get("id").asString())
                .isEqualTo(t.adminId().toString());
        assertThat(entry.get("target").get("id").asString()).isEqualTo(rui.toString());
        assertThat(entry.get("after").get("transferTo").asString()).isEqualTo(sofia.toString());
        assertThat(entry.get("after").get("status").asString()).isEqualTo("deactivated");
        assertThat(entry.get("after").get("counts").get("lists").asLong()).isEqualTo(1);
        assertThat(entry.get("after").get("counts").has("deal"))
                .as("the records are counted by the job, not the request")
                .isFalse();
        assertThat(api().get("/api/v1/audit?action=user.deactivated", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .as("the deactivation is part of the one entry")
                .isZero();
    }

    private String attendant(String conversation) {
        JsonNode c = api().get("/api/v1/conversations/" + conversation, t.adminToken())
                .json();
        JsonNode attendant = c.get("attendantId");
        return attendant == null || attendant.isNull() ? null : attendant.asString();
    }

    @Test
    void onlyWhatIsAskedMovesAndTheUserMayStayActive() throws InterruptedException {
        Api.Response started = offboard(
                t.adminToken(),
                rui,
                "",
                Map.of("transferTo", sofia.toString(), "what", List.of("lists"), "deactivate", false));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(finished(started.json().get("id").asString()).get("state").asString())
                .isEqualTo("DONE");
        assertThat(deal(ruisDeals.get(0)).get("ownerId").asString()).isEqualTo(rui.toString());
        assertThat(api().get("/api/v1/lists/" + ruisList, t.adminToken()).status())
                .as("Sofia's list now, the administrator is not on it")
                .isEqualTo(404);
        assertThat(api().get("/api/v1/me", ruiToken).status()).isEqualTo(200);
    }

    @Test
    void aSecondOffboardingWhileOneRunsIsRefused() throws InterruptedException {
        UUID job = UUID.randomUUID();
        db.insertInto(JOB)
                .set(JOB.WORKSPACE_ID, t.id())
                .set(JOB.ID, job)
                .set(JOB.KIND, "users.offboard")
                .set(JOB.STATE, "RUNNING")
                .set(JOB.CREATED_BY, t.adminId())
                .execute();
        db.insertInto(OFFBOARDING)
                .set(OFFBOARDING.WORKSPACE_ID, t.id())
                .set(OFFBOARDING.USER_ID, rui)
                .set(OFFBOARDING.TRANSFER_TO, sofia)
                .set(OFFBOARDING.JOB_ID, job)
                .set(OFFBOARDING.STARTED_BY, t.adminId())
                .execute();
        Api.Response second = offboard(t.adminToken(), rui, "", toSofia());
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(api().get("/api/v1/me", ruiToken).status())
                .as("nothing done")
                .isEqualTo(200);

        db.update(JOB).set(JOB.STATE, "FAILED").where(JOB.ID.eq(job)).execute();
        Api.Response again = offboard(t.adminToken(), rui, "", toSofia());
        assertThat(again.status())
                .as("once the first has ended, it finishes the rest")
                .isEqualTo(202);
        assertThat(finished(again.json().get("id").asString()).get("state").asString())
                .isEqualTo("DONE");
        assertThat(deal(ruisDeals.get(2)).get("ownerId").asString()).isEqualTo(sofia.toString());
    }

    /**
     * Found from outside: two people offboarded to each other at the same moment both went, each
     * request having seen the other still active, and the work ended with a deactivated person.
     */
    @Test
    void twoPeopleOffboardedToEachOtherAtOnceDoNotBothGo() throws Exception {
        for (int round = 0; round < 4; round++) {
            UUID ana = newUser(t, "ana" + round + "@" + t.slug() + ".test");
            UUID bia = newUser(t, "bia" + round + "@" + t.slug() + ".test");
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> anaToBia = two.submit(() -> {
                    go.await();
                    return offboard(t.adminToken(), ana, "", Map.of("transferTo", bia.toString()))
                            .status();
                });
                Future<Integer> biaToAna = two.submit(() -> {
                    go.await();
                    return offboard(t.adminToken(), bia, "", Map.of("transferTo", ana.toString()))
                            .status();
                });
                go.countDown();
                assertThat(List.of(anaToBia.get(), biaToAna.get()))
                        .as("round %d", round)
                        .containsExactlyInAnyOrder(202, 422);
            } finally {
                two.shutdown();
            }
        }
    }

    @Test
    void refusals() {
        String sofiaToken = login(t.slug(), "sofia@" + t.slug() + ".test", PASSWORD);
        assertThat(offboard(sofiaToken, rui, "", toSofia()).status())
                .as("no users.manage")
                .isEqualTo(403);
        assertThat(offboard(sofiaToken, UUID.randomUUID(), "", toSofia()).status())
                .as("403 for every id")
                .isEqualTo(403);
        assertThat(offboard(t.adminToken(), UUID.randomUUID(), "", toSofia()).status())
                .isEqualTo(404);
        Tenant other = newWorkspace();
        assertThat(offboard(t.adminToken(), other.adminId(), "", toSofia()).status())
                .as("another workspace's user")
                .isEqualTo(404);
        assertThat(offboard(t.adminToken(), t.adminId(), "", toSofia()).status())
                .as("oneself")
                .isEqualTo(409);

        Map<String, Object> toRui = Map.of("transferTo", rui.toString());
        assertThat(offboard(t.adminToken(), rui, "", toRui).status()).isEqualTo(422);
        assertThat(offboard(t.adminToken(), rui, "", Map.of()).status())
                .as("no successor")
                .isEqualTo(422);
        assertThat(offboard(
                                t.adminToken(),
                                rui,
                                "",
                                Map.of("transferTo", other.adminId().toString()))
                        .status())
                .as("a successor of another workspace")
                .isEqualTo(422);
        UUID gone = newUser(t, "gone@" + t.slug() + ".test");
        api().patch("/api/v1/users/" + gone, t.adminToken(), Map.of("status", "deactivated"));
        assertThat(offboard(t.adminToken(), rui, "", Map.of("transferTo", gone.toString()))
                        .status())
                .as("a deactivated successor")
                .isEqualTo(422);

        for (Object what :
                List.of(List.of(), List.of("everything"), List.of("records\u0000"), List.of("x".repeat(100_000)))) {
            Api.Response odd = offboard(t.adminToken(), rui, "", Map.of("transferTo", sofia.toString(), "what", what));
            assertThat(odd.status())
                    .as(odd.body().substring(0, Math.min(200, odd.body().length())))
                    .isEqualTo(422);
        }
        for (String body : List.of(
                "{\"transferTo\":\"not-a-uuid\"}",
                "{\"transferTo\":\"" + sofia + "\",\"what\":\"records\"}",
                "{\"transferTo\":\"" + sofia + "\",\"deactivate\":\"yes\"}",
                "{\"transferTo\":\"\\u0000\"}",
                "{\"transferTo\":1e400}")) {
            int status = api().send(
                            "POST", "/api/v1/users/" + rui + "/offboard", t.adminToken(), "application/json", body)
                    .status();
            assertThat(status).as(body).isBetween(400, 422);
        }
        assertThat(api().get("/api/v1/me", ruiToken).status())
                .as("nothing was done")
                .isEqualTo(200);
        assertThat(deal(ruisDeals.get(0)).get("ownerId").asString()).isEqualTo(rui.toString());
    }

    @Test
    void offboardingAnAdministratorNeedsWhatTheyHold() {
        UUID manager = newUser(t, "gestor@" + t.slug() + ".test");
        // Users.manage alone: a role made for it.
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "People admin", "system", List.of("users.manage"))));
        assign(t, role, manager);
        assign(t, roleId(t, "Administrator"), rui);
        String managerToken = login(t.slug(), "gestor@" + t.slug() + ".test", PASSWORD);
        Api.Response refused = offboard(managerToken, rui, "?dryRun=true", toSofia());
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("missing permission");
        assertThat(offboard(t.adminToken(), rui, "?dryRun=true", toSofia()).status())
                .isEqualTo(200);
    }
}
