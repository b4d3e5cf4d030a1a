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
 * The periodic access review (seed 001): read levels as they are in effect, stage by stage where
 * the stages differ; the export audited and kept; the review compared with the last export.
 */
class AccessReviewTest extends ApiTest {

    private static JsonNode rowOf(JsonNode review, UUID user) {
        return review.get("items")
                .valueStream()
                .filter(u -> u.get("userId").asString().equals(user.toString()))
                .findFirst()
                .orElseThrow();
    }

    private String role(Tenant t, String name, Map<String, Object> stages) {
        return created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                name,
                                "entities",
                                Map.of("deal", Map.of("read", Map.of("level", "ALL"))),
                                "stages",
                                stages)));
    }

    private Api.Response export(Tenant t) {
        return api().send("GET", "/api/v1/access/review", t.adminToken(), null, null, "Accept", "text/csv");
    }

    @Test
    void theReviewSaysTheDealLevelsInEffectStageByStage() {
        Tenant t = newWorkspace();
        JsonNode pipeline = api().post(
                        "/api/v1/pipelines",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Sales",
                                "stages",
                                List.of(Map.of("name", "New", "kind", "OPEN"), Map.of("name", "Won", "kind", "WON"))))
                .json();
        String newStage = pipeline.get("stages").get(0).get("id").asString();
        String wonStage = pipeline.get("stages").get(1).get("id").asString();
        Map<String, Object> none = Map.of("read", Map.of("level", "NONE"));
        UUID nobody = newUser(t, "nobody@" + t.slug() + ".test");
        assign(t, role(t, "Every stage denied", Map.of(newStage, none, wonStage, none)), nobody);
        UUID some = newUser(t, "some@" + t.slug() + ".test");
        assign(t, role(t, "New denied", Map.of(newStage, none)), some);

        JsonNode review = api().get("/api/v1/access/review", t.adminToken()).json();

        assertThat(rowOf(review, nobody).get("readLevels").get("deal").asString())
                .as("every stage says NONE: she reads no deal")
                .isEqualTo("NONE");
        JsonNode levels = rowOf(review, some).get("readLevels");
        assertThat(levels.get("deal").asString()).isEqualTo("by stage");
        assertThat(levels.get("deal[Sales / New]").asString()).isEqualTo("NONE");
        assertThat(levels.get("deal[Sales / Won]").asString()).isEqualTo("ALL");
        assertThat(export(t).body()).contains("deal[Sales / New]=NONE");
    }

    @Test
    void theExportIsAuditedAndTheNextReviewIsComparedWithIt() {
        Tenant t = newWorkspace();
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        JsonNode none =
                api().get("/api/v1/access/review/changes", t.adminToken()).json();
        assertThat(none.get("previous").isNull()).isTrue();
        assertThat(api().get("/api/v1/access/review", t.adminToken()).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/audit?action=access_review.exported", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .as("reading the report on screen exports nothing")
                .isZero();

        assertThat(export(t).status()).isEqualTo(200);
        JsonNode entries = api().get("/api/v1/audit?action=access_review.exported", t.adminToken())
                .json()
                .get("items");
        assertThat(entries.size()).isEqualTo(1);
        JsonNode exports = api().get("/api/v1/access/review/exports", t.adminToken())
                .json()
                .get("items");
        assertThat(exports.size()).isEqualTo(1);
        assertThat(exports.get(0).get("exportedBy").asString())
                .isEqualTo(t.adminId().toString());
        assertThat(entries.get(0).get("after").get("exportId").asString())
                .as("the audit entry names the kept export")
                .isEqualTo(exports.get(0).get("id").asString());

        JsonNode unchanged =
                api().get("/api/v1/access/review/changes", t.adminToken()).json();
        assertThat(unchanged.get("previous").get("id").asString())
                .isEqualTo(exports.get(0).get("id").asString());
        assertThat(unchanged.get("usersAdded").size()).isZero();
        assertThat(unchanged.get("changed").size()).isZero();

        UUID newcomer = newUser(t, "newcomer@" + t.slug() + ".test");
        assign(t, roleId(t, "Salesperson"), bia);
        JsonNode changes =
                api().get("/api/v1/access/review/changes", t.adminToken()).json();
        assertThat(changes.get("usersAdded").toString()).contains(newcomer.toString());
        assertThat(changes.get("usersRemoved").size()).isZero();
        JsonNode biaChanged = changes.get("changed")
                .valueStream()
                .filter(c -> c.get("userId").asString().equals(bia.toString()))
                .findFirst()
                .orElseThrow();
        assertThat(biaChanged.get("rolesAdded").toString()).contains("Salesperson (PERSONAL)");
        assertThat(biaChanged.get("rolesRemoved").size()).isZero();
        assertThat(biaChanged.get("levelsAdded").size()).isPositive();
        assertThat(biaChanged.get("levelsRemoved").size()).isPositive();
    }
}
