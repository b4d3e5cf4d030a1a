package io.custodia.integrations;

import static io.custodia.platform.db.Tables.INTEGRATION_CALL;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.platform.Tenancy;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An app locked for an edit or a deletion still has its calls recorded meanwhile: the lock is FOR NO
 * KEY UPDATE, which the key-share lock of a new sync-log row (its foreign key) does not wait for. With
 * FOR UPDATE, a deletion (app locked, then its pending webhooks ended) and the webhook sender (its
 * deliveries locked, then each call recorded) deadlocked (WebhooksTest, 2026-12-06).
 */
class AppLocksTest extends AppTest {
    @Autowired
    Apps apps;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aCallIsRecordedWhileItsAppIsLockedForAChange() throws Exception {
        Tenant t = newWorkspace();
        UUID app = UUID.fromString(app(t, List.of("deals:read")).id());
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Optional<Apps.App>> editor = CompletableFuture.supplyAsync(() -> Tenancy.in(
                t.id(),
                () -> tx.execute(status -> {
                    Optional<Apps.App> held = apps.lock(t.id(), app);
                    locked.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return held;
                })));
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

        int recorded;
        try {
            recorded = Tenancy.in(
                    t.id(),
                    () -> tx.execute(status -> {
                        db.execute("set local lock_timeout = '3s'");
                        return db.insertInto(INTEGRATION_CALL)
                                .set(INTEGRATION_CALL.WORKSPACE_ID, t.id())
                                .set(INTEGRATION_CALL.ID, UUID.randomUUID())
                                .set(INTEGRATION_CALL.APP_ID, app)
                                .set(INTEGRATION_CALL.METHOD, "WEBHOOK")
                                .set(INTEGRATION_CALL.ENDPOINT, "deal.updated -> http://localhost:9999/hook")
                                .set(INTEGRATION_CALL.STATUS, 200)
                                .set(INTEGRATION_CALL.OUTCOME, "ok")
                                .set(INTEGRATION_CALL.DURATION_MS, 5)
                                .execute();
                    }));
        } finally {
            release.countDown();
        }

        assertThat(editor.get(30, TimeUnit.SECONDS)).as("the app was locked").isPresent();
        assertThat(recorded).isEqualTo(1);
    }
}
