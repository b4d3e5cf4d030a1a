package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.platform.WorkspaceSecrets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Access review campaigns over HTTP (access-model, "Access review campaigns"): reviewers chosen by
 * department heads, decisions applied at once through the normal paths, refusals recorded, the
 * deadline's rule, the sealed export, and a reviewer who sees only their own items.
 */
class AccessReviewCampaignsTest extends ApiTest {
    @Autowired
    CampaignDeadlines deadlines;

    private Tenant t;
    private String vendas;
    private String suporte;
    private UUID helena;
    private UUID bia;
    private UUID caio;
    private UUID davi;
    private String auditor;

    @BeforeEach
    void organisation() {
        t = newWorkspace();
        Vendas v = vendasWithAHead(t, "Bia");
        vendas = v.department();
        helena = v.helena();
        bia = v.bia();
        auditor = v.auditor();
        suporte = department(t, "Suporte");
        caio = newUser(t, "caio@" + t.slug() + ".test", "Caio");
        davi = newUser(t, "davi@" + t.slug() + ".test", "Davi");
        put(t, "/api/v1/departments/" + suporte + "/members/" + davi, "{\"head\": true}");
        join(t, suporte, caio);
        assign(t, auditor, caio);
    }

    private String token(UUID user, String name) {
        return login(t.slug(), name + "@" + t.slug() + ".test", PASSWORD);
    }

    private Map<String, Object> body(String kind, String departmentId, String onTimeout) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("kind", kind);
        if (departmentId != null) {
            scope.put("departmentId", departmentId);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Q4 review");
        body.put("scope", scope);
        body.put("dueAt", Instant.now().plus(Duration.ofDays(7)).toString());
        body.put("onTimeout", onTimeout);
        return body;
    }

    private String start(Map<String, Object> body) {
        return created(api().post("/api/v1/access/reviews", t.adminToken(), body));
    }

    private JsonNode items(String campaign, String token, String query) {
        Api.Response r = api().get("/api/v1/access/reviews/" + campaign + "/items" + query, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("items");
    }

    private JsonNode itemAbout(String campaign, String token, UUID subject, String grant) {
        return items(campaign, token, "")
                .valueStream()
                .filter(i -> i.get("subjectId").asString().equals(subject.toString())
                        && i.get("grant").asString().equals(grant))
                .findFirst()
                .orElseThrow();
    }

    private Api.Response decide(String campaign, String item, String token, String decision, String comment) {
        Map<String, Object> body = new HashMap<>();
        if (decision != null) {
            body.put("decision", decision);
        }
        if (comment != null) {
            body.put("comment", comment);
        }
        return api().post("/api/v1/access/reviews/" + campaign + "/items/" + item + "/decision", token, body);
    }

    private Api.Response export(String campaign, String accept) {
        return api().send(
                        "GET",
                        "/api/v1/access/reviews/" + campaign + "/export",
                        t.adminToken(),
                        null,
                        null,
                        "Accept",
                        accept);
    }

    private JsonNode audit(String action) {
        return api().get("/api/v1/audit?action=" + action, t.adminToken())
                .json()
                .get("items");
    }

    @Test
    void theHeadRevokesAndTheRevokedUsersNextRequestLacksTheAccess() {
        String bias = token(bia, "bia");
        assertThat(api().get("/api/v1/audit", bias).status()).isEqualTo(200);
        String campaign = start(body("department", vendas, "keep"));
        String helenas = token(helena, "helena");

        JsonNode item = itemAbout(campaign, helenas, bia, "Auditor");
        assertThat(item.get("reviewerId").asString())
                .as("the head of Bia's department reviews her")
                .isEqualTo(helena.toString());
        Api.Response revoked = decide(campaign, item.get("id").asString(), helenas, "revoke", "left the audit team");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("outcome").asString()).isEqualTo("revoked");

        assertThat(api().get("/api/v1/audit", bias).status())
                .as("the revocation counts at Bia's very next request")
                .isEqualTo(403);
        JsonNode removal = audit("role_assignment.deleted").get(0);
        assertThat(removal.get("actor").toString())
                .as("the removal names the reviewer")
                .contains(helena.toString());
        assertThat(audit("access_review.decided")
                        .get(0)
                        .get("after")
                        .get("comment")
                        .asString())
                .isEqualTo("left the audit team");
        assertThat(decide(campaign, item.get("id").asString(), helenas, "keep", null)
                        .status())
                .as("one decision per item")
                .isEqualTo(409);
    }

    @Test
    void aRevocationTheNormalPathRefusesIsRecordedAsRefusedAndTheGrantStays() {
        Map<String, Object> body = body("administrators", null, "keep");
        body.put("reviewerId", davi.toString());
        String campaign = start(body);
        String davis = token(davi, "davi");
        JsonNode item = itemAbout(campaign, davis, t.adminId(), "Administrator");

        Api.Response refused = decide(campaign, item.get("id").asString(), davis, "revoke", null);

        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(refused.json().get("outcome").asString()).isEqualTo("refused");
        assertThat(refused.json().get("reason").asString()).contains("would leave no active user holding");
        assertThat(api().get("/api/v1/roles", t.adminToken()).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/audit", t.adminToken()).status())
                .as("the last administrator keeps the role")
                .isEqualTo(200);
        assertThat(audit("role_assignment.deleted").size()).isZero();
    }

    @Test
    void aReviewerSeesOnlyTheirOwnItemsAndOthersSeeNothing() {
        assign(t, auditor, davi);
        Map<String, Object> everyone = body("everyone", null, "keep");
        everyone.put("reviewerId", davi.toString());
        String campaign = start(everyone);
        String helenas = token(helena, "helena");
        String davis = token(davi, "davi");
        String caios = token(caio, "caio");

        JsonNode hers = items(campaign, helenas, "");
        assertThat(hers.valueStream().map(i -> i.get("reviewerId").asString()))
                .as("without ?mine=true a reviewer still gets only their own")
                .containsOnly(helena.toString());
        assertThat(hers.valueStream().map(i -> i.get("subjectId").asString())).containsOnly(bia.toString());
        JsonNode his = items(campaign, davis, "?mine=true");
        assertThat(his.valueStream().map(i -> i.get("subjectId").asString()))
                .as("the head of Suporte reviews Caio; the named reviewer, the administrator")
                .contains(caio.toString(), t.adminId().toString())
                .doesNotContain(bia.toString(), davi.toString());
        String davisItem = itemAbout(campaign, davis, caio, "Auditor").get("id").asString();
        decide(campaign, davisItem, davis, "keep", "Davi's private remark");

        assertThat(decide(campaign, davisItem, helenas, "revoke", null).status())
                .as("another reviewer's item is not found")
                .isEqualTo(404);
        JsonNode seen = api().get("/api/v1/access/reviews/" + campaign, helenas).json();
        assertThat(seen.get("counts").get("total").asInt()).isEqualTo(hers.size());
        assertThat(seen.get("counts").get("kept").asInt())
                .as("Davi's decision is not counted for Helena")
                .isZero();
        assertThat(seen.get("scope").isNull()).isTrue();
        assertThat(api().get("/api/v1/access/reviews/" + campaign + "/items", helenas)
                        .body())
                .doesNotContain("private remark")
                .doesNotContain(caio.toString());

        assertThat(api().get("/api/v1/access/reviews/" + campaign, caios).status())
                .as("neither manager nor reviewer: as if it did not exist")
                .isEqualTo(404);
        assertThat(api().get("/api/v1/access/reviews", caios)
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(api().post("/api/v1/access/reviews/" + campaign + "/close", helenas, Map.of())
                        .status())
                .as("a reviewer does not close")
                .isEqualTo(403);
        assertThat(api().get("/api/v1/access/reviews/" + campaign + "/export", helenas)
                        .status())
                .isEqualTo(403);
        JsonNode all = items(campaign, t.adminToken(), "");
        assertThat(all.size()).isGreaterThan(hers.size());
        assertThat(items(campaign, t.adminToken(), "?mine=true")
                        .valueStream()
                        .map(i -> i.get("reviewerId").asString()))
                .as("?mine=true gives a role manager their own items only: Davi's, whom the named reviewer"
                        + " (Davi) cannot review")
                .containsOnly(t.adminId().toString())
                .hasSizeLessThan(all.size());
    }

    @Test
    void theCloseSealsTheExportAndNothingIsDecidedAfter() {
        String campaign = start(body("department", vendas, "keep"));
        String helenas = token(helena, "helena");
        JsonNode item = itemAbout(campaign, helenas, bia, "Auditor");
        decide(campaign, item.get("id").asString(), helenas, "keep", "=1+1 still audits, \"quoted\"");

        Api.Response closed = api().post("/api/v1/access/reviews/" + campaign + "/close", t.adminToken(), Map.of());
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        String hash = closed.json().get("resultSha256").asString();

        Api.Response json = export(campaign, "application/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(WorkspaceSecrets.sha256(json.body()))
                .as("the export's bytes are the ones sealed")
                .isEqualTo(hash);
        JsonNode entry = audit("access_review.closed").get(0);
        assertThat(entry.get("after").get("resultSha256").asString()).isEqualTo(hash);
        assertThat(api().get("/api/v1/audit/verify", t.adminToken())
                        .json()
                        .get("valid")
                        .asBoolean())
                .isTrue();
        assertThat(export(campaign, "application/json").body())
                .as("the same bytes ever after")
                .isEqualTo(json.body());
        Api.Response csv = export(campaign, "text/csv");
        assertThat(csv.body())
                .startsWith("itemId,kind,grantId")
                .contains("still audits")
                .contains("kept");
        assertThat(csv.body()).as("a formula-like cell is defused").contains("'=1+1");

        assertThat(decide(campaign, item.get("id").asString(), helenas, "revoke", null)
                        .status())
                .isEqualTo(409);
        assertThat(api().post("/api/v1/access/reviews/" + campaign + "/close", t.adminToken(), Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(api().get("/api/v1/access/reviews/" + campaign, t.adminToken())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("closed");
    }

    @Test
    void atTheDeadlineUndecidedItemsFollowTheCampaignsRule() {
        Map<String, Object> revoking = body("department", suporte, "revoke");
        Instant due = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        revoking.put("dueAt", due.toString());
        String revoke = start(revoking);
        Map<String, Object> keeping = body("department", vendas, "keep");
        keeping.put("dueAt", due.toString());
        String keep = start(keeping);
        String caios = token(caio, "caio");
        String bias = token(bia, "bia");

        assertThat(deadlines.closeDue(due.minusSeconds(1))).as("not yet due").isZero();
        assertThat(deadlines.closeDue(due)).isGreaterThanOrEqualTo(2);

        assertThat(itemAbout(revoke, t.adminToken(), caio, "Auditor")
                        .get("outcome")
                        .asString())
                .isEqualTo("revoked");
        assertThat(api().get("/api/v1/audit", caios).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/audit", bias).status())
                .as("kept by the other campaign's rule")
                .isEqualTo(200);
        JsonNode closes = audit("access_review.closed");
        assertThat(closes.valueStream().map(e -> e.get("actor").toString())).allMatch(a -> a.contains("Custodia"));
        assertThat(api().get("/api/v1/access/reviews/" + keep, t.adminToken())
                        .json()
                        .get("counts")
                        .get("kept")
                        .asInt())
                .isPositive();
    }

    @Test
    void anItemWhoseGrantWentIsGoneAndNeedsNoDecision() {
        String campaign = start(body("department", vendas, "keep"));
        String helenas = token(helena, "helena");
        JsonNode item = itemAbout(campaign, helenas, bia, "Auditor");
        String assignment = item.get("grantId").asString();
        assertThat(api().send("DELETE", "/api/v1/role-assignments/" + assignment, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);

        assertThat(itemAbout(campaign, helenas, bia, "Auditor").get("outcome").asString())
                .isEqualTo("gone");
        assertThat(decide(campaign, item.get("id").asString(), helenas, "keep", null)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void oddBodiesAre422AndOnlyRoleManagersStart() {
        String bias = token(bia, "bia");
        assertThat(api().post("/api/v1/access/reviews", bias, body("everyone", null, "keep"))
                        .status())
                .isEqualTo(403);
        Map<String, Object[]> odd = new HashMap<>();
        odd.put("name", new Object[] {"a\u0000b", "x".repeat(100_000), " ", "\ud800"});
        odd.put("dueAt", new Object[] {"2000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "tomorrow", "1e400"});
        odd.put("onTimeout", new Object[] {"maybe", ""});
        odd.put("reviewerId", new Object[] {UUID.randomUUID().toString()});
        odd.forEach((field, values) -> {
            for (Object value : values) {
                Map<String, Object> body = body("everyone", null, "keep");
                body.put(field, value);
                Api.Response r = api().post("/api/v1/access/reviews", t.adminToken(), body);
                assertThat(r.status()).as(field + "=" + value + ": " + r.body()).isEqualTo(422);
                assertThat(r.body()).contains(field);
            }
        });
        Map<String, Object> noScope = body("everyone", null, "keep");
        noScope.remove("scope");
        Map<String, Object> noTimeout = body("everyone", null, "keep");
        noTimeout.remove("onTimeout");
        assertThat(api().post("/api/v1/access/reviews", t.adminToken(), noScope).body())
                .contains("scope.kind");
        assertThat(api().post("/api/v1/access/reviews", t.adminToken(), noTimeout)
                        .body())
                .contains("onTimeout");
        for (Map<String, Object> body : List.of(
                body("sometimes", null, "keep"),
                body("department", null, "keep"),
                body("department", UUID.randomUUID().toString(), "keep"),
                body("everyone", vendas, "keep"))) {
            Api.Response r = api().post("/api/v1/access/reviews", t.adminToken(), body);
            assertThat(r.status()).as(body + ": " + r.body()).isEqualTo(422);
            assertThat(r.body()).contains("scope.");
        }
        String campaign = start(body("department", vendas, "keep"));
        String helenas = token(helena, "helena");
        String item = itemAbout(campaign, helenas, bia, "Auditor").get("id").asString();
        for (Object comment : List.of("x".repeat(2001), "a\u0000b")) {
            Api.Response r = decide(campaign, item, helenas, "keep", (String) comment);
            assertThat(r.status()).as(r.body()).isEqualTo(422);
        }
        assertThat(decide(campaign, item, helenas, "maybe", null).status()).isEqualTo(422);
        assertThat(decide(campaign, item, helenas, null, null).status()).isEqualTo(422);
        assertThat(decide(campaign, item, t.adminToken(), "keep", null).status())
                .as("a role manager who is not the item's reviewer does not decide it")
                .isEqualTo(403);
    }
}
