package io.custodia.platform;

import static io.custodia.platform.db.Tables.JOB;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Work too long for one request (large imports): it runs in the background, reports progress that
 * the client polls at {@code GET /api/v1/jobs/{id}}, and keeps its result. Progress is written in
 * its own short transactions, so it shows while the work's own transaction is still open. While a
 * node runs a job it touches it every {@code custodia.jobs.heartbeat} (20 s); a RUNNING job nobody
 * has touched for {@code custodia.jobs.abandoned-after} (2 min) was running on a node that stopped
 * (a crash, a kill), and is marked FAILED, so that no job says RUNNING for ever.
 */
@Service
public class Jobs implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final java.util.Set<java.util.List<UUID>> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final org.springframework.transaction.support.TransactionTemplate ownTransaction;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "custodia-job");
        t.setDaemon(true);
        return t;
    });

    private final java.time.Duration abandonedAfter;

    Jobs(
            DSLContext db,
            org.springframework.transaction.PlatformTransactionManager transactions,
            @org.springframework.beans.factory.annotation.Value("${custodia.jobs.abandoned-after:PT2M}")
                    java.time.Duration abandonedAfter) {
        this.db = db;
        this.abandonedAfter = abandonedAfter;
        this.ownTransaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        // The job must be visible to its worker and its poller before the caller's transaction ends.
        this.ownTransaction.setPropagationBehavior(
                org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** How a job tells how far it got. */
    public interface Progress {
        void advance(long done, long total);
    }

    public record View(UUID id, String kind, String state, long done, long total, JsonNode result) {}

    /** Starts the work in the background and answers the job's id at once. */
    public UUID start(UUID workspaceId, UUID createdBy, String kind, long total, Function<Progress, Object> work) {
        UUID id = UUID.randomUUID();
        ownTransaction.executeWithoutResult(status -> db.insertInto(JOB)
                .set(JOB.WORKSPACE_ID, workspaceId)
                .set(JOB.ID, id)
                .set(JOB.KIND, kind)
                .set(JOB.STATE, "RUNNING")
                .set(JOB.TOTAL, total)
                .set(JOB.CREATED_BY, createdBy)
                .execute());
        java.util.List<UUID> key = java.util.List.of(workspaceId, id);
        running.add(key);
        executor.submit(() -> {
            Tenancy.enter(workspaceId);
            try {
                Object result = work.apply((done, all) -> db.update(JOB)
                        .set(JOB.DONE, done)
                        .set(JOB.TOTAL, all)
                        .set(JOB.UPDATED_AT, OffsetDateTime.now())
                        .where(JOB.WORKSPACE_ID.eq(workspaceId).and(JOB.ID.eq(id)))
                        .execute());
                finish(workspaceId, id, "DONE", result);
            } catch (RuntimeException | Error e) {
                // Whatever stops the work, the job must not stay RUNNING for ever.
                log.error("Job {} ({}) failed", id, kind, e);
                finish(
                        workspaceId,
                        id,
                        "FAILED",
                        java.util.Map.of(
                                "error",
                                e instanceof ApiProblem p ? p.detail() : "the job failed; see the server log"));
            } finally {
                running.remove(key);
                Tenancy.leave();
            }
        });
        return id;
    }

    /** Tells other nodes that this node's jobs are alive; fails the jobs of nodes that are not. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${custodia.jobs.heartbeat:PT20S}")
    void heartbeat() {
        Tenancy.acrossWorkspaces(this::beat);
    }

    private void beat() {
        for (java.util.List<UUID> job : running) {
            db.update(JOB)
                    .set(JOB.UPDATED_AT, OffsetDateTime.now())
                    .where(JOB.WORKSPACE_ID.eq(job.get(0)).and(JOB.ID.eq(job.get(1))))
                    .and(JOB.STATE.eq("RUNNING"))
                    .execute();
        }
        int abandoned = db.update(JOB)
                .set(JOB.STATE, "FAILED")
                .set(
                        JOB.RESULT,
                        JSONB.valueOf(JSON.writeValueAsString(java.util.Map.of(
                                "error",
                                "interrupted: the server running this job stopped before it finished; nothing of it"
                                        + " was stored, so run it again"))))
                .where(JOB.STATE.eq("RUNNING"))
                .and(JOB.UPDATED_AT.lt(OffsetDateTime.now().minus(abandonedAfter)))
                .execute();
        if (abandoned > 0) {
            log.warn("{} job(s) were left RUNNING by a server that stopped; marked FAILED", abandoned);
        }
    }

    private void finish(UUID workspaceId, UUID id, String state, Object result) {
        db.update(JOB)
                .set(JOB.STATE, state)
                .set(JOB.DONE, JOB.TOTAL)
                .set(JOB.RESULT, JSONB.valueOf(JSON.writeValueAsString(result)))
                .set(JOB.UPDATED_AT, OffsetDateTime.now())
                .where(JOB.WORKSPACE_ID.eq(workspaceId).and(JOB.ID.eq(id)))
                .execute();
    }

    /** The job, to the user who started it. */
    public Optional<View> find(UUID workspaceId, UUID id, UUID requester) {
        return db.selectFrom(JOB)
                .where(JOB.WORKSPACE_ID.eq(workspaceId).and(JOB.ID.eq(id)).and(JOB.CREATED_BY.eq(requester)))
                .fetchOptional(r -> new View(
                        r.getId(),
                        r.getKind(),
                        r.getState(),
                        r.getDone(),
                        r.getTotal(),
                        r.getResult() == null
                                ? null
                                : JSON.readTree(r.getResult().data())));
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
