package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Explanations tell nothing of what the asker may not see (access-model, "Explanations"; issue #22):
 * not whether a comparison on a hidden field holds, not the record's hidden stage, and a stage
 * parameter is checked alike whether it is unknown or of another workspace.
 */
class ExplanationNoninterferenceTest extends ApiTest {

    private record Hal(Tenant tenant, UUID id, String token, String deal) {
        String explain() {
            return "/api/v1/access/explain?userId=" + id + "&entity=deal&action=read&recordId=" + deal;
        }
    }

    /** Hal reads every deal where secret = canary123 or amount >= 60; secret, amount and stage hidden. */
    private Hal hal() {
        Tenant t = newWorkspace();
        onePipeline(t);
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of("entity", "deal", "key", "secret", "label", "Secret", "type", "text")));
        String deal = created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", "Deal", "amount", 77, "fields", Map.of("secret", "bobcanary"))));
        Map<String, Object> condition = Map.of(
                "any",
                List.of(
                        Map.of("op", "eq", "field", "secret", "value", "canary123"),
                        Map.of("op", "gte", "field", "amount", "value", 60)));
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name", "Guesser",
                                "entities",
                                        Map.of("deal", Map.of("read", Map.of("level", "ALL", "condition", condition))),
                                "fields",
                                        Map.of(
                                                "deal",
                                                Map.of(
                                                        "secret", "HIDDEN",
                                                        "amount", "HIDDEN",
                                                        "stageId", "HIDDEN",
                                                        "ownerId", "HIDDEN")))));
        String email = "hal@" + t.slug() + ".test";
        UUID hal = newUser(t, email);
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", role, "userId", hal.toString())));
        return new Hal(t, hal, login(t.slug(), email, PASSWORD), deal);
    }

    @Test
    void aConditionOnAHiddenFieldDoesNotSayWhetherItHolds() {
        Hal hal = hal();
        Api.Response before = api().get(hal.explain(), hal.token());

        Api.Response patched = api().patch(
                        "/api/v1/deals/" + hal.deal(),
                        hal.tenant().adminToken(),
                        Map.of("fields", Map.of("secret", "canary123")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        Api.Response after = api().get(hal.explain(), hal.token());

        // Hal's read tells that the deal changed (its version), never what: so must the explanation.
        assertThat(api().get("/api/v1/deals/" + hal.deal(), hal.token()).body()).doesNotContain("canary123");
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(after.body()).isEqualTo(before.body());
        JsonNode comparisons = before.json().get("paths").get(0).get("condition");
        assertThat(comparisons.valueStream().map(c -> c.get("holds").isNull())).containsExactly(true, true);
        // Neither the secret nor the hidden amount (77) is told; ids are random, so the amount is
        // looked for where it would be, not as a substring of the whole answer.
        assertThat(comparisons.valueStream().map(c -> c.get("actual").isNull())).containsExactly(true, true);
        assertThat(before.body()).doesNotContain("bobcanary");
    }

    @Test
    void theSummaryDoesNotNameAHiddenStage() {
        Hal hal = hal();
        String stage = api().get("/api/v1/deals/" + hal.deal(), hal.tenant().adminToken())
                .json()
                .get("stageId")
                .asString();

        Api.Response explained = api().get(hal.explain(), hal.token());

        assertThat(api().get("/api/v1/deals/" + hal.deal(), hal.token()).json().has("stageId"))
                .isFalse();
        assertThat(explained.status()).as(explained.body()).isEqualTo(200);
        assertThat(explained.json().get("summary").asString()).contains("in its stage");
        assertThat(explained.body()).doesNotContain(stage);
    }

    @Test
    void aStageParameterMustBeADealStageOfTheWorkspaceAndOtherwiseIsRefusedAlike() {
        Tenant t = newWorkspace();
        String stage = firstStage(t);
        String elsewhere = firstStage(newWorkspace());
        String ask = "/api/v1/access/explain?userId=" + t.adminId() + "&action=read&stageId=";

        Api.Response ours = api().get(ask + stage + "&entity=deal", t.adminToken());
        Api.Response theirs = api().get(ask + elsewhere + "&entity=deal", t.adminToken());
        Api.Response none = api().get(ask + UUID.randomUUID() + "&entity=deal", t.adminToken());
        Api.Response onContacts = api().get(ask + stage + "&entity=contact", t.adminToken());

        assertThat(ours.status()).as(ours.body()).isEqualTo(200);
        for (Api.Response refused : List.of(theirs, none, onContacts)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("stageId");
        }
        assertThat(theirs.json().get("detail")).isEqualTo(none.json().get("detail"));
    }

    private String firstStage(Tenant t) {
        onePipeline(t);
        return api().get("/api/v1/pipelines", t.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("stages")
                .get(0)
                .get("id")
                .asString();
    }
}
