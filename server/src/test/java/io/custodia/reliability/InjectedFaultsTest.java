package io.custodia.reliability;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static io.custodia.platform.db.Tables.DEAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Failures inside the server: while {@link FaultInjection} makes one in thirty of the server's
 * statements fail at random (a lock, a read, the insert, the audit entry, the idempotency record),
 * clients create deals with an {@code Idempotency-Key} and retry until answered. Every failed try
 * must have changed nothing and said so with a clean problem; every deal must exist exactly once,
 * with exactly one audit entry.
 */
class InjectedFaultsTest extends ApiTest {
    static final int CREATES = 40;

    @Autowired
    FaultInjection faults;

    @AfterEach
    void disarm() {
        faults.disarm();
    }

    @Test
    void retriedCreatesUnderInjectedFailuresLeaveExactlyOneOfEach() {
        Tenant t = newWorkspace();
        onePipeline(t);
        String title = "Faulted " + UUID.randomUUID();
        int failures = 0;
        faults.arm(1.0 / 30, 2026);
        for (int i = 0; i < CREATES; i++) {
            String key = UUID.randomUUID().toString();
            Api.Response response = null;
            for (int attempt = 0; attempt < 100; attempt++) {
                response = api().post(
                                "/api/v1/deals",
                                t.adminToken(),
                                Map.of("title", title + " #" + i),
                                "Idempotency-Key",
                                key);
                if (response.status() != 500) {
                    break;
                }
                failures++;
                assertThat(response.contentType()).contains("application/problem+json");
                assertThat(response.body()).doesNotContain("Exception", "at io.custodia", "injected fault");
            }
            assertThat(response.status()).as(response.body()).isIn(200, 201);
        }
        int injected = faults.injected();
        faults.disarm();

        assertThat(injected).as("statements failed on purpose").isPositive();
        assertThat(failures).as("tries that failed").isPositive();
        for (int i = 0; i < CREATES; i++) {
            assertThat(db.fetchCount(DEAL, DEAL.WORKSPACE_ID.eq(t.id()).and(DEAL.TITLE.eq(title + " #" + i))))
                    .as("deal #%d", i)
                    .isEqualTo(1);
        }
        assertThat(db.fetchCount(
                        AUDIT_ENTRY, AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(AUDIT_ENTRY.ACTION.eq("deal.created"))))
                .isEqualTo(CREATES);
        assertThat(api().get("/api/v1/audit/verify", t.adminToken())
                        .json()
                        .get("valid")
                        .asBoolean())
                .isTrue();
        System.out.printf(
                "injected faults: %d statements failed, %d tries answered 500, %d deals, duplicates 0%n",
                injected, failures, CREATES);
    }
}
