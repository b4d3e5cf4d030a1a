package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The access review schedule: a campaign starts when it is due, then every N months, once each time. */
class AccessReviewScheduleTest extends ApiTest {
    @Autowired
    ScheduledCampaigns scheduled;

    private static Map<String, Object> body(Object everyMonths, Object daysToDecide) {
        Map<String, Object> body = new HashMap<>();
        body.put("everyMonths", everyMonths);
        body.put("scope", Map.of("kind", "everyone"));
        body.put("onTimeout", "keep");
        body.put("daysToDecide", daysToDecide);
        return body;
    }

    private JsonNode campaigns(Tenant t) {
        return api().get("/api/v1/access/reviews", t.adminToken()).json().get("items");
    }

    @Test
    void theScheduleStartsOneCampaignWhenDueThenEveryNMonths() {
        Tenant t = newWorkspace();
        UUID bia = newUser(t, "bia@" + t.slug() + ".test", "Bia");
        UUID davi = newUser(t, "davi@" + t.slug() + ".test", "Davi");
        assign(t, roleId(t, "Read only"), bia);
        String bias = login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        assertThat(api().send("PUT", "/api/v1/access/review-schedule", bias, "application/json", Api.json(body(3, 14)))
                        .status())
                .isEqualTo(403);
        assertThat(api().get("/api/v1/access/review-schedule", t.adminToken()).status())
                .isEqualTo(404);
        for (Map<String, Object> odd : List.of(body(0, 14), body(25, 14), body(3, 0), body(3, 366), body(null, 14))) {
            Api.Response r = api().send(
                            "PUT", "/api/v1/access/review-schedule", t.adminToken(), "application/json", Api.json(odd));
            assertThat(r.status()).as(odd + ": " + r.body()).isEqualTo(422);
        }
        Map<String, Object> good = body(3, 14);
        good.put("reviewerId", davi.toString());
        Api.Response set =
                api().send("PUT", "/api/v1/access/review-schedule", t.adminToken(), "application/json", Api.json(good));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        Instant first =
                OffsetDateTime.parse(set.json().get("nextStartAt").asString()).toInstant();
        assertThat(first)
                .as("the first one, three months from now")
                .isAfter(Instant.now().plus(Duration.ofDays(80)));
        scheduled.startDue(first.minus(Duration.ofMinutes(1)));
        assertThat(campaigns(t).size()).as("not yet due").isZero();

        scheduled.startDue(first.plus(Duration.ofMinutes(1)));
        scheduled.startDue(first.plus(Duration.ofMinutes(2)));
        assertThat(campaigns(t).size()).as("one campaign, whatever the sweeps").isEqualTo(1);
        JsonNode campaign = campaigns(t).get(0);
        assertThat(campaign.get("scope").get("kind").asString()).isEqualTo("everyone");
        assertThat(campaign.get("reviewerId").asString()).isEqualTo(davi.toString());
        assertThat(Duration.between(
                                first,
                                OffsetDateTime.parse(campaign.get("dueAt").asString())
                                        .toInstant())
                        .toDays())
                .as("due 14 days after the start it was scheduled for")
                .isEqualTo(14L);
        JsonNode after =
                api().get("/api/v1/access/review-schedule", t.adminToken()).json();
        Instant next = OffsetDateTime.parse(after.get("nextStartAt").asString()).toInstant();
        assertThat(next).isAfter(first.plus(Duration.ofDays(80)));

        scheduled.startDue(next.plus(Duration.ofMinutes(1)));
        assertThat(campaigns(t).size()).as("three months later, the next one").isEqualTo(2);

        assertThat(api().send("DELETE", "/api/v1/access/review-schedule", t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        assertThat(api().get("/api/v1/access/review-schedule", t.adminToken()).status())
                .isEqualTo(404);
    }

    @Test
    void anAppsScheduleIsReadReplacedAndStoppedOnlyByThoseWhoMayReviewApps() {
        Tenant t = newWorkspace();
        String managesRoles = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "Role manager", "system", List.of("roles.manage"))));
        UUID rita = newUser(t, "rita@" + t.slug() + ".test", "Rita");
        assign(t, managesRoles, rita);
        String ritas = login(t.slug(), "rita@" + t.slug() + ".test", PASSWORD);
        Map<String, Object> apps = body(1, 5);
        apps.put("scope", Map.of("kind", "apps"));
        assertThat(api().send(
                                "PUT",
                                "/api/v1/access/review-schedule",
                                t.adminToken(),
                                "application/json",
                                Api.json(apps))
                        .status())
                .isEqualTo(200);

        // Found by the outside probe: she could read it, stop it, or replace it with another scope.
        assertThat(api().get("/api/v1/access/review-schedule", ritas).status()).isEqualTo(403);
        assertThat(api().send("DELETE", "/api/v1/access/review-schedule", ritas, null, null)
                        .status())
                .isEqualTo(403);
        assertThat(api().send("PUT", "/api/v1/access/review-schedule", ritas, "application/json", Api.json(body(24, 5)))
                        .status())
                .isEqualTo(403);
        JsonNode kept =
                api().get("/api/v1/access/review-schedule", t.adminToken()).json();
        assertThat(kept.get("scope").get("kind").asString()).isEqualTo("apps");
        assertThat(kept.get("everyMonths").asInt()).isEqualTo(1);

        // A schedule over people is hers to read, replace and stop.
        assertThat(api().send(
                                "PUT",
                                "/api/v1/access/review-schedule",
                                t.adminToken(),
                                "application/json",
                                Api.json(body(2, 5)))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/access/review-schedule", ritas).status()).isEqualTo(200);
        assertThat(api().send("DELETE", "/api/v1/access/review-schedule", ritas, null, null)
                        .status())
                .isEqualTo(204);
    }
}
