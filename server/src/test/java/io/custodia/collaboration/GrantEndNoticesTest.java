package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A grant that expires: its holder is told a day before, and its end is audited once it has come, once. */
class GrantEndNoticesTest extends ApiTest {
    @Autowired
    GrantEndNotices notices;

    private long count(String path, String token, String field, String value) {
        return api().get(path, token)
                .json()
                .get("items")
                .valueStream()
                .filter(n -> n.get(field).asString().equals(value))
                .count();
    }

    @Test
    void theHolderIsToldOnceADayBeforeAndTheEndIsAuditedOnce() {
        Tenant t = newWorkspace();
        onePipeline(t);
        UUID ana = newUser(t, "ana@" + t.slug() + ".test");
        String anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
        Instant inHalfADay = Instant.now().plus(Duration.ofHours(12)).truncatedTo(ChronoUnit.SECONDS);
        Instant inTwoDays = inHalfADay.plus(Duration.ofDays(2));
        String readOnly = roleId(t, "Read only");
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", readOnly, "userId", ana.toString(), "expiresAt", inHalfADay.toString())));
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Big")));
        Api.Response shared = api().send(
                        "PUT",
                        "/api/v1/deals/" + deal + "/shares/" + ana,
                        t.adminToken(),
                        "application/json",
                        Api.json(Map.of("level", "READ", "expiresAt", inTwoDays.toString())));
        assertThat(shared.status()).isEqualTo(200);

        notices.sweep();
        notices.sweep();
        // Told once, about the assignment ending within the day; the share ends later: not yet.
        assertThat(count("/api/v1/notifications", anaToken, "type", "grant.expiring"))
                .isEqualTo(1);

        Instant soon = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MICROS);
        api().send(
                        "PUT",
                        "/api/v1/deals/" + deal + "/shares/" + ana,
                        t.adminToken(),
                        "application/json",
                        Api.json(Map.of("level", "READ", "expiresAt", soon.toString())));
        Instant deadline = soon.plusSeconds(30);
        while (count("/api/v1/audit", t.adminToken(), "action", "deal.share_expired") == 0) {
            assertThat(Instant.now()).as("the end is audited").isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            notices.sweep();
        }
        notices.sweep();
        assertThat(count("/api/v1/audit", t.adminToken(), "action", "deal.share_expired"))
                .isEqualTo(1);
        assertThat(count("/api/v1/audit", t.adminToken(), "action", "role_assignment.expired"))
                .isZero();
    }
}
