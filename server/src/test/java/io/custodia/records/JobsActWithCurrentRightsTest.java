package io.custodia.records;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static io.custodia.platform.db.Tables.DEAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #23, item 5: a long import acts with its user's current rights. A deactivation, a lost
 * permission or a cancel by an administrator stops it at its next step, it stores nothing (atomic
 * or not), and the audit log says who started it and who stopped it; administrators list and cancel
 * any job of the workspace, other users see only their own.
 */
class JobsActWithCurrentRightsTest extends ApiTest {
    private static final int LINES = 300_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Tenant t;

    /** A user holding the Manager template (who may import deals); answers the user's id. */
    private UUID manager(String name) {
        UUID user = newUser(t, name + "@" + t.slug() + ".test");
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Manager"), "userId", user.toString())));
        return user;
    }

    private String tokenOf(String name) {
        return login(t.slug(), name + "@" + t.slug() + ".test", PASSWORD);
    }

    /** Starts a large import of deals and waits until it has checked its first lines; answers the job. */
    private String importing(String token, String query) throws InterruptedException {
        StringBuilder csv = new StringBuilder("title\n");
        for (int i = 0; i < LINES; i++) {
            csv.append("Imported ").append(i).append('\n');
        }
        Api.Response accepted = api().send("POST", "/api/v1/deals/import" + query, token, "text/csv", csv.toString());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String job = accepted.json().get("id").asString();
        JsonNode state = job(job);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (state.get("done").asLong() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            state = job(job);
        }
        assertThat(state.get("state").asString())
                .as("still running after its first steps")
                .isEqualTo("RUNNING");
        return job;
    }

    private JsonNode job(String job) {
        return api().get("/api/v1/jobs/" + job, t.adminToken()).json();
    }

    private JsonNode ended(String job) throws InterruptedException {
        JsonNode state = job(job);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (state.get("state").asString().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            state = job(job);
        }
        return state;
    }

    /** The server's audit entry of the job's stop, as recorded. */
    private JsonNode stopEntry(String job) {
        JSONB after = db.select(AUDIT_ENTRY.AFTER)
                .from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()))
                .and(AUDIT_ENTRY.ACTION.eq("job.stopped"))
                .and(AUDIT_ENTRY.TARGET_ID.eq(job))
                .fetchSingle(AUDIT_ENTRY.AFTER);
        return JSON.readTree(after.data());
    }

    private void stopsAndStoresNothing(String job, String reason, UUID startedBy, UUID stoppedBy)
            throws InterruptedException {
        JsonNode state = ended(job);
        assertThat(state.get("state").asString()).isEqualTo("STOPPED");
        assertThat(state.get("result").get("error").asString()).contains(reason);
        assertThat(state.get("done").asLong()).isLessThan(LINES);
        assertThat(db.fetchCount(DEAL, DEAL.WORKSPACE_ID.eq(t.id()))).isZero();
        JsonNode entry = stopEntry(job);
        assertThat(entry.get("startedBy").asString()).isEqualTo(startedBy.toString());
        assertThat(
                        entry.get("stoppedBy").isNull()
                                ? null
                                : entry.get("stoppedBy").asString())
                .isEqualTo(stoppedBy == null ? null : stoppedBy.toString());
        assertThat(entry.get("reason").asString()).contains(reason);
        assertThat(db.fetchCount(
                        AUDIT_ENTRY, AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(AUDIT_ENTRY.ACTION.eq("deal.imported"))))
                .isZero();
    }

    @Test
    void aDeactivationStopsTheUsersAtomicImport() throws Exception {
        t = newWorkspace();
        UUID ana = manager("ana");
        String job = importing(tokenOf("ana"), "?async=true&atomic=true");
        assertThat(api().patch("/api/v1/users/" + ana, t.adminToken(), Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
        stopsAndStoresNothing(job, "the user who started it was deactivated", ana, null);
        // Issue #28: why it stopped is kept as words to write in the reader's language.
        assertThat(inPortuguese(job))
                .isEqualTo("interrompido: o usuário que o iniciou foi desativado; nada dele foi armazenado");
        assertThat(stopEntry(job).get("reasonText").get("template").asString())
                .isEqualTo("the user who started it was deactivated");
    }

    private String inPortuguese(String job) {
        return api().send("GET", "/api/v1/jobs/" + job, t.adminToken(), null, null, "Accept-Language", "pt-BR")
                .json()
                .get("result")
                .get("error")
                .asString();
    }

    @Test
    void aLostPermissionStopsAnImportAtomicOrNot() throws Exception {
        t = newWorkspace();
        UUID bea = manager("bea");
        String job = importing(tokenOf("bea"), "?async=true");
        String assignment = api().get("/api/v1/role-assignments?userId=" + bea, t.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        assertThat(api().send("DELETE", "/api/v1/role-assignments/" + assignment, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        stopsAndStoresNothing(job, "missing permission: deal.", bea, null);
    }

    @Test
    void administratorsListAndCancelAnyJobOthersOnlyTheirOwn() throws Exception {
        t = newWorkspace();
        UUID carla = manager("carla");
        manager("dan");
        String dan = tokenOf("dan");
        String job = importing(tokenOf("carla"), "?async=true");

        Consumer<String> listsIt =
                token -> assertThat(api().get("/api/v1/jobs", token).json().get("items"))
                        .extracting(item -> item.get("id").asString())
                        .contains(job);
        listsIt.accept(t.adminToken());
        listsIt.accept(tokenOf("carla"));
        assertThat(api().get("/api/v1/jobs", dan).json().get("items")).isEmpty();
        assertThat(api().get("/api/v1/jobs/" + job, dan).status()).isEqualTo(404);
        assertThat(api().post("/api/v1/jobs/" + job + "/cancel", dan, Map.of()).status())
                .isEqualTo(404);

        Api.Response cancelled = api().post("/api/v1/jobs/" + job + "/cancel", t.adminToken(), Map.of());
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(202);
        assertThat(cancelled.json().get("cancelledBy").asString())
                .isEqualTo(t.adminId().toString());
        stopsAndStoresNothing(job, "cancelled by user " + t.adminId(), carla, t.adminId());
        assertThat(inPortuguese(job))
                .isEqualTo("interrompido: cancelado pelo usuário " + t.adminId() + "; nada dele foi armazenado");
        assertThat(api().post("/api/v1/jobs/" + job + "/cancel", t.adminToken(), Map.of())
                        .status())
                .as("a stopped job has nothing to cancel")
                .isEqualTo(409);
        assertThat(db.select(AUDIT_ENTRY.ACTOR_ID)
                        .from(AUDIT_ENTRY)
                        .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()))
                        .and(AUDIT_ENTRY.ACTION.eq("job.cancelled"))
                        .fetch(AUDIT_ENTRY.ACTOR_ID))
                .isEqualTo(List.of(t.adminId()));
    }
}
