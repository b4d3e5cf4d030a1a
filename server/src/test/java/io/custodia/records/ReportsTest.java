package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's reports (docs/api.md, "Reports"): counted under the caller's scope, with amounts,
 * owners and stages hidden from the caller neither summed nor grouped by, and parameters checked.
 */
class ReportsTest extends ApiTest {
    private Tenant t;
    private UUID ana;
    private UUID bruno;
    private UUID carla;
    private String anaToken;
    private String pipeline;
    private List<String> stages;

    @BeforeEach
    void sales() {
        t = newWorkspace();
        stages = pipelineOf(t, "Sales", "New:OPEN", "Won:WON", "Lost:LOST");
        pipeline = api().get("/api/v1/pipelines", t.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        String sales = department(t, "Sales");
        ana = newUser(t, "ana@" + t.slug() + ".test");
        bruno = newUser(t, "bruno@" + t.slug() + ".test");
        carla = newUser(t, "carla@" + t.slug() + ".test");
        join(t, sales, ana);
        join(t, sales, bruno);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "departmentId", sales)));
        anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
    }

    private String deal(UUID owner, int stage, Integer amount, String currency) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Deal of " + owner);
        body.put("ownerId", owner.toString());
        body.put("stageId", stages.get(stage));
        body.put("amount", amount);
        body.put("currency", currency);
        return created(api().post("/api/v1/deals", t.adminToken(), body));
    }

    private void anaSees(String entity, Map<String, String> fields) {
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "Fields " + fields, "fields", Map.of(entity, fields))));
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", role, "userId", ana.toString())));
    }

    private JsonNode report(String path) {
        Api.Response response = api().get(path, anaToken);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Each currency's total, as "BRL 150.00 (2)". */
    private static List<String> amounts(JsonNode totals) {
        List<String> out = new ArrayList<>();
        totals.get("amounts")
                .valueStream()
                .forEach(a -> out.add(
                        (a.get("currency").isNull() ? "-" : a.get("currency").asString()) + " "
                                + a.get("total").decimalValue().setScale(2) + " ("
                                + a.get("deals").asLong() + ")"));
        return out;
    }

    private void dealsOfThree() {
        deal(ana, 0, 100, "BRL");
        deal(ana, 0, 50, "BRL");
        deal(bruno, 0, 30, "USD");
        deal(bruno, 1, 200, "BRL");
        deal(bruno, 2, null, "BRL");
        // Outside Ana's department: never counted for her.
        deal(carla, 0, 1_000_000, "BRL");
        deal(carla, 1, 1_000_000, "BRL");
    }

    @Test
    void thePipelineCountsAndSumsWhatTheCallerReadsPerStageAndOwnerOneCurrencyAtATime() {
        dealsOfThree();

        JsonNode report = report("/api/v1/reports/pipeline");
        assertThat(report.get("total").get("deals").asLong()).isEqualTo(5);
        assertThat(amounts(report.get("total"))).containsExactly("BRL 350.00 (3)", "USD 30.00 (1)");
        JsonNode byStage = report.get("stages");
        assertThat(byStage.size()).isEqualTo(3);
        assertThat(byStage.get(0).get("name").asString()).isEqualTo("New");
        assertThat(byStage.get(0).get("deals").asLong()).isEqualTo(3);
        assertThat(amounts(byStage.get(0))).containsExactly("BRL 150.00 (2)", "USD 30.00 (1)");
        assertThat(byStage.get(1).get("kind").asString()).isEqualTo("WON");
        assertThat(amounts(byStage.get(1))).containsExactly("BRL 200.00 (1)");
        assertThat(byStage.get(2).get("deals").asLong()).isEqualTo(1);
        assertThat(amounts(byStage.get(2))).isEmpty();
        JsonNode owners = report.get("owners");
        assertThat(owners.size()).isEqualTo(2);
        assertThat(owners.get(0).get("ownerId").asString()).isEqualTo(bruno.toString());
        assertThat(owners.get(0).get("deals").asLong()).isEqualTo(3);
        assertThat(amounts(owners.get(1))).containsExactly("BRL 150.00 (2)");

        // The administrator reads every deal.
        assertThat(api().get("/api/v1/reports/pipeline?pipelineId=" + pipeline, t.adminToken())
                        .json()
                        .get("total")
                        .get("deals")
                        .asLong())
                .isEqualTo(7);
    }

    @Test
    void anAmountHiddenFromTheCallerIsSummedIntoNothingAndCountsStay() {
        dealsOfThree();
        anaSees("deal", Map.of("amount", "HIDDEN"));

        JsonNode report = report("/api/v1/reports/pipeline");
        assertThat(report.get("total").get("deals").asLong()).isEqualTo(5);
        assertThat(amounts(report.get("total"))).isEmpty();
        report.get("stages").valueStream().forEach(s -> assertThat(amounts(s)).isEmpty());
        report.get("owners").valueStream().forEach(o -> assertThat(amounts(o)).isEmpty());
        report("/api/v1/reports/won-lost").get("periods").valueStream().forEach(p -> {
            assertThat(amounts(p.get("won"))).isEmpty();
            assertThat(amounts(p.get("lost"))).isEmpty();
        });
    }

    @Test
    void aHiddenCurrencySumsPerNoCurrencyAndAHiddenOwnerOrStageGroupsNothing() {
        dealsOfThree();
        anaSees("deal", Map.of("currency", "HIDDEN", "ownerId", "HIDDEN", "stageId", "HIDDEN"));

        JsonNode report = report("/api/v1/reports/pipeline");
        assertThat(report.get("total").get("deals").asLong()).isEqualTo(5);
        assertThat(amounts(report.get("total"))).containsExactly("- 380.00 (4)");
        assertThat(report.get("stages").size()).isZero();
        assertThat(report.get("owners").size()).isZero();
        // Won or lost is the stage's kind: a hidden stage tells neither.
        assertThat(report("/api/v1/reports/won-lost").get("periods").size()).isZero();
    }

    @Test
    void wonAndLostDealsCountInTheMonthTheyClosedUntilTheyReopen() {
        dealsOfThree();
        String reopened = deal(ana, 1, 70, "BRL");
        Api.Response moved = api().patch("/api/v1/deals/" + reopened, t.adminToken(), Map.of("stageId", stages.get(0)));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode report = report("/api/v1/reports/won-lost?by=month");
        assertThat(report.get("to").asString()).isEqualTo(today.toString());
        assertThat(report.get("periods").size()).isEqualTo(1);
        JsonNode month = report.get("periods").get(0);
        assertThat(month.get("period").asString())
                .isEqualTo(today.withDayOfMonth(1).toString());
        assertThat(month.get("won").get("deals").asLong()).isEqualTo(1);
        assertThat(amounts(month.get("won"))).containsExactly("BRL 200.00 (1)");
        assertThat(month.get("lost").get("deals").asLong()).isEqualTo(1);
        assertThat(amounts(month.get("lost"))).isEmpty();

        // A deal imported from CSV straight into a lost stage closed too (the import writes by COPY).
        Api.Response imported = api().send(
                        "POST",
                        "/api/v1/deals/import",
                        t.adminToken(),
                        "text/csv",
                        "title,ownerId,stageId,amount,currency\nImported,%s,%s,40,BRL\n".formatted(ana, stages.get(2)));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        JsonNode withImport = report("/api/v1/reports/won-lost").get("periods").get(0);
        assertThat(withImport.get("lost").get("deals").asLong()).isEqualTo(2);
        assertThat(amounts(withImport.get("lost"))).containsExactly("BRL 40.00 (1)");

        JsonNode year = report("/api/v1/reports/won-lost?by=year&from=0001-01-01&to=9999-12-31");
        assertThat(year.get("periods").get(0).get("period").asString())
                .isEqualTo(today.withDayOfYear(1).toString());
        assertThat(report("/api/v1/reports/won-lost?from=2000-01-01&to=2000-12-31")
                        .get("periods")
                        .size())
                .isZero();
    }

    @Test
    void openActivitiesCountByTheirUtcDueDatePerOwner() {
        String deal = deal(ana, 0, 10, "BRL");
        String other = deal(carla, 0, 10, "BRL");
        activity(deal, "2025-01-09T23:59:00Z", false);
        activity(deal, "2025-01-10T00:00:00Z", false);
        activity(deal, "2025-01-10T23:00:00-03:00", false); // 2025-01-11 in UTC
        activity(deal, "2025-01-17T12:00:00Z", false);
        activity(deal, "2025-01-18T00:00:00Z", false);
        activity(deal, null, false);
        activity(deal, "2025-01-01T00:00:00Z", true);
        activity(other, "2025-01-01T00:00:00Z", false);

        JsonNode report = report("/api/v1/reports/activities-due?on=2025-01-10");
        JsonNode total = report.get("total");
        assertThat(List.of(
                        total.get("overdue").asLong(),
                        total.get("today").asLong(),
                        total.get("nextSevenDays").asLong(),
                        total.get("later").asLong(),
                        total.get("undated").asLong()))
                .containsExactly(1L, 1L, 2L, 1L, 1L);
        assertThat(report.get("owners").size()).isEqualTo(1);
        assertThat(report.get("owners").get(0).get("ownerId").asString()).isEqualTo(ana.toString());

        anaSees("activity", Map.of("dueAt", "HIDDEN"));
        JsonNode hidden = report("/api/v1/reports/activities-due?on=2025-01-10").get("total");
        assertThat(hidden.get("overdue").asLong() + hidden.get("undated").asLong())
                .isZero();
    }

    private void activity(String deal, String dueAt, boolean done) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "task");
        body.put("subject", "Call back");
        body.put("dealId", deal);
        body.put("ownerId", ana.toString());
        body.put("dueAt", dueAt);
        body.put("done", done);
        created(api().post("/api/v1/activities", t.adminToken(), body));
    }

    @Test
    void badParametersAre422NamingThem() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("/api/v1/reports/won-lost?by=week", "by");
        bad.put("/api/v1/reports/won-lost?from=2025-13-01", "from");
        bad.put("/api/v1/reports/won-lost?from=0000-12-31", "from");
        bad.put("/api/v1/reports/won-lost?to=%2B10000-01-01", "to");
        bad.put("/api/v1/reports/won-lost?to=10000-01-01", "to");
        bad.put("/api/v1/reports/won-lost?from=2025-02-01&to=2025-01-31", "to");
        bad.put("/api/v1/reports/won-lost?from=", "from");
        bad.put("/api/v1/reports/won-lost?from=1e400", "from");
        bad.put("/api/v1/reports/activities-due?on=2025-02-30", "on");
        bad.put("/api/v1/reports/activities-due?on=-0001-01-01", "on");
        bad.put("/api/v1/reports/pipeline?pipelineId=" + new UUID(1, 1), "pipelineId");
        bad.forEach((path, parameter) -> {
            Api.Response response = api().get(path, anaToken);
            assertThat(response.status()).as(path + " " + response.body()).isEqualTo(422);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .as(path)
                    .isEqualTo(parameter);
        });
        // As everywhere in the API, a parameter that is no id at all is a malformed request.
        Api.Response notAnId = api().get("/api/v1/reports/pipeline?pipelineId=x", anaToken);
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(notAnId.json().get("errors").get(0).get("field").asString()).isEqualTo("pipelineId");
        assertThat(api().get("/api/v1/reports/won-lost?from=0001-01-01&to=9999-12-31&by=quarter", anaToken)
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/reports/activities-due?on=9999-12-31", anaToken)
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/reports/activities-due?on=0001-01-01", anaToken)
                        .status())
                .isEqualTo(200);
    }
}
