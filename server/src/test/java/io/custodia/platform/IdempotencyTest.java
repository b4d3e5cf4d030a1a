package io.custodia.platform;

import static io.custodia.platform.db.Tables.APP_USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class IdempotencyTest extends ApiTest {

    private int usersIn(Tenant tenant) {
        return db.fetchCount(APP_USER, APP_USER.WORKSPACE_ID.eq(tenant.id()));
    }

    @Test
    void theSameKeyAndBodyAnswerTheFirstResponseAgainAndCreateNothingNew() {
        Tenant tenant = newWorkspace();
        Map<String, Object> body =
                Map.of("email", "once@" + tenant.slug() + ".test", "name", "Once", "password", PASSWORD);

        Api.Response first = api().post("/api/v1/users", tenant.adminToken(), body, "Idempotency-Key", "create-once");
        Api.Response second = api().post("/api/v1/users", tenant.adminToken(), body, "Idempotency-Key", "create-once");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(usersIn(tenant)).isEqualTo(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        Tenant tenant = newWorkspace();
        api().post(
                        "/api/v1/users",
                        tenant.adminToken(),
                        Map.of("email", "a@" + tenant.slug() + ".test", "name", "A", "password", PASSWORD),
                        "Idempotency-Key",
                        "k1");

        Api.Response other = api().post(
                        "/api/v1/users",
                        tenant.adminToken(),
                        Map.of("email", "b@" + tenant.slug() + ".test", "name", "B", "password", PASSWORD),
                        "Idempotency-Key",
                        "k1");

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(usersIn(tenant)).isEqualTo(2);
    }

    @Test
    void whileTheFirstRequestIsStillRunningARepeatIs409() throws Exception {
        Tenant tenant = newWorkspace();
        String key = "slow-one";
        Map<String, Object> body =
                Map.of("email", "slow@" + tenant.slug() + ".test", "name", "Slow", "password", PASSWORD);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Hold the key's lock the way a running first request does.
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> db.transaction(tx -> {
            tx.dsl()
                    .select(DSL.field(
                            "pg_advisory_xact_lock(hashtextextended({0}, 0))",
                            Object.class, DSL.val(tenant.id() + "/" + tenant.adminId() + "/" + key)))
                    .fetch();
            held.countDown();
            release.await();
        }));
        held.await();

        Api.Response repeat = api().post("/api/v1/users", tenant.adminToken(), body, "Idempotency-Key", key);

        release.countDown();
        first.get();
        assertThat(repeat.status()).isEqualTo(409);
        assertThat(usersIn(tenant)).isEqualTo(1);
        assertThat(api().post("/api/v1/users", tenant.adminToken(), body, "Idempotency-Key", key)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void keysBelongToTheCallerSoAnotherUsersSameKeyIsIndependent() {
        Tenant tenant = newWorkspace();
        String email = "second-admin@" + tenant.slug() + ".test";
        UUID other = newUser(tenant, email);
        assertThat(other).isNotNull();

        Api.Response mine = api().post(
                        "/api/v1/users",
                        tenant.adminToken(),
                        Map.of("email", "m@" + tenant.slug() + ".test", "name", "M", "password", PASSWORD),
                        "Idempotency-Key",
                        "shared");
        Api.Response theirs = api().post(
                        "/api/v1/users",
                        login(tenant.slug(), email, PASSWORD),
                        Map.of("email", "t@" + tenant.slug() + ".test", "name", "T", "password", PASSWORD),
                        "Idempotency-Key",
                        "shared");

        assertThat(mine.status()).isEqualTo(201);
        // The second user may not create users at all; its refusal is its own, not a replay of mine.
        assertThat(theirs.status()).isEqualTo(403);
    }

    @Test
    void aRefusedCreateIsReplayedAsTheSameRefusal() {
        Tenant tenant = newWorkspace();
        String email = "taken@" + tenant.slug() + ".test";
        newUser(tenant, email);

        Api.Response conflict = api().post(
                        "/api/v1/users",
                        tenant.adminToken(),
                        Map.of("email", email, "name", "T", "password", PASSWORD),
                        "Idempotency-Key",
                        "retry");
        Api.Response replay = api().post(
                        "/api/v1/users",
                        tenant.adminToken(),
                        Map.of("email", email, "name", "T", "password", PASSWORD),
                        "Idempotency-Key",
                        "retry");

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.body()).isEqualTo(conflict.body());
    }
}
