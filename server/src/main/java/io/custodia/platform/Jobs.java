package io.custodia.platform;

import static io.custodia.platform.db.Tables.JOB;

import io.custodia.platform.db.tables.records.JobRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Work too long for one request (large imports): it runs in the background, reports progress that
 * the client polls at {@code GET /api/v1/jobs/{id}}, and keeps its result. Progress is written in
 * its own short transactions, so it shows while the work's own transaction is still open. While a
 * node runs a job it touches it every {@code custodia.jobs.heartbeat} (20 s); a RUNNING job nobody
 * has touched for {@code custodia.jobs.abandoned-after} (2 min) was running on a node that stopped
 * (a crash, a kill), and is marked FAILED, so that no job says RUNNING for ever.
 *
 * <p>A job acts with its starter's current rights: at every step it reports, it reads whether it
 * was cancelled (by its starter or an administrator, on any node), asks every {@link Guard} whether
 * its starter may still act, and asks its own {@link Check}; any refusal stops it there, the work's
 * transaction rolls back, it says STOPPED with the reason, and a {@link Stopped} event tells who
 * started it and who stopped it.
 */
@Service
public class Jobs implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final ObjectProvider<Guard> guards;
    private final ApplicationEventPublisher events;
    private final Set<List<UUID>> running = ConcurrentHashMap.newKeySet();
    private final TransactionTemplate ownTransaction;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "custodia-job");
        t.setDaemon(true);
        return t;
    });

    private final Duration abandonedAfter;
    private final MeterRegistry meters;

    Jobs(
            DSLContext db,
            PlatformTransactionManager transactions,
            ObjectProvider<Guard> guards,
            ApplicationEventPublisher events,
            @Value("${custodia.jobs.abandoned-after:PT2M}") Duration abandonedAfter,
            MeterRegistry meters) {
        this.db = db;
        this.guards = guards;
        this.events = events;
        this.abandonedAfter = abandonedAfter;
        this.meters = meters;
        Gauge.builder("custodia.jobs.running", running, Set::size)
                .description("Background jobs running on this node")
                .register(meters);
        this.ownTransaction = new TransactionTemplate(transactions);
        // The job must be visible to its worker and its poller before the caller's transaction ends.
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** How a job tells how far it got; each step also checks that it may go on, and throws {@link StopRequested} if not. */
    public interface Progress {
        void advance(long done, long total);
    }

    /** Asked at every step of every job: why its starter may no longer act (deactivated...), or empty. */
    public interface Guard {
        Optional<ProblemText> refusal(UUID workspaceId, UUID startedBy);
    }

    /** Asked at every step of one job: why it must stop (the rights it needs are gone), or empty. */
    public interface Check {
        Optional<ProblemText> refusal();
    }

    /** Ends a job's work from within a step; the work lets it through, so its transaction rolls back. */
    public static final class StopRequested extends RuntimeException {
        private final transient UUID by;
        private final transient ProblemText reason;

        StopRequested(UUID by, ProblemText reason) {
            super(reason.toString(), null, false, false);
            this.by = by;
            this.reason = reason;
        }
    }

    /** A job stopped before its end: who started it, who stopped it (null: the server, for the reason). */
    public record Stopped(
            UUID workspaceId, UUID jobId, String kind, UUID startedBy, UUID stoppedBy, ProblemText reason) {}

    public record View(
            UUID id,
            String kind,
            String state,
            long done,
            long total,
            JsonNode result,
            UUID createdBy,
            OffsetDateTime createdAt,
            UUID cancelledBy) {}

    /**
     * Starts the work in the background and answers the job's id at once; {@code check} is asked at
     * every step, with the guards.
     */
    public UUID start(
            UUID workspaceId, UUID createdBy, String kind, long total, Check check, Function<Progress, Object> work) {
        return launch(workspaceId, createdBy, kind, total, check, false, work);
    }

    /**
     * As {@link #start}, for work that commits step by step (an offboarding moves records batch by
     * batch): a stop keeps what its steps stored, and its result says so instead of "nothing of it
     * was stored".
     */
    public UUID startInSteps(
            UUID workspaceId, UUID createdBy, String kind, long total, Check check, Function<Progress, Object> work) {
        return launch(workspaceId, createdBy, kind, total, check, true, work);
    }

    private UUID launch(
            UUID workspaceId,
            UUID createdBy,
            String kind,
            long total,
            Check check,
            boolean inSteps,
            Function<Progress, Object> work) {
        UUID id = UUID.randomUUID();
        ownTransaction.executeWithoutResult(status -> db.insertInto(JOB)
                .set(JOB.WORKSPACE_ID, workspaceId)
                .set(JOB.ID, id)
                .set(JOB.KIND, kind)
                .set(JOB.STATE, "RUNNING")
                .set(JOB.TOTAL, total)
                .set(JOB.CREATED_BY, createdBy)
                .execute());
        List<UUID> key = List.of(workspaceId, id);
        running.add(key);
        // The request that started the job: its id (and caller) on every line the job logs.
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        afterCommit(
                workspaceId,
                id,
                kind,
                key,
                () -> executor.submit(() -> {
                    Tenancy.enter(workspaceId);
                    if (logContext != null) {
                        MDC.setContextMap(logContext);
                    }
                    try {
                        Object result = work.apply((done, all) -> step(workspaceId, id, createdBy, check, done, all));
                        finish(kind, workspaceId, id, "DONE", result);
                    } catch (StopRequested stop) {
                        // Told first, so that whoever sees the job STOPPED finds its stop in the audit log.
                        try {
                            events.publishEvent(new Stopped(workspaceId, id, kind, createdBy, stop.by, stop.reason));
                        } catch (RuntimeException e) {
                            log.error(
                                    "Job {} ({}) stopped ({}), but its stop could not be audited",
                                    id,
                                    kind,
                                    stop.getMessage(),
                                    e);
                        }
                        finish(kind, workspaceId, id, "STOPPED", stopped(stop, inSteps));
                    } catch (RuntimeException | Error e) {
                        // Whatever stops the work, the job must not stay RUNNING for ever.
                        log.error("Job {} ({}) failed", id, kind, e);
                        finish(
                                kind,
                                workspaceId,
                                id,
                                "FAILED",
                                JobErrors.of(
                                        e instanceof ApiProblem p
                                                ? p.detailText()
                                                : inSteps
                                                        ? ProblemText.of(
                                                                "the job failed (what it had done stays done); see the server log")
                                                        : ProblemText.of("the job failed; see the server log")));
                    } finally {
                        running.remove(key);
                        Tenancy.leave();
                        MDC.clear();
                    }
                }));
        return id;
    }

    /**
     * Runs the start once the caller's transaction commits, or at once outside one: work started
     * by a request must not act on what that request has not stored (an offboarding starts its job
     * in the request that deactivates the person), nor run at all if the request fails after it.
     */
    private void afterCommit(UUID workspaceId, UUID id, String kind, List<UUID> key, Runnable start) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            start.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    start.run();
                    return;
                }
                running.remove(key);
                ownTransaction.executeWithoutResult(s -> finish(
                        kind,
                        workspaceId,
                        id,
                        "FAILED",
                        JobErrors.of(ProblemText.of("the request that started it did not complete; none of it ran"))));
            }
        });
    }

    private static Map<String, Object> stopped(StopRequested stop, boolean inSteps) {
        Map<String, Object> result = new LinkedHashMap<>(JobErrors.of(
                inSteps
                        ? ProblemText.of(
                                "stopped: {0}; what it had done stays done, and running it again finishes the rest",
                                stop.reason)
                        : ProblemText.of("stopped: {0}; nothing of it was stored", stop.reason)));
        result.put("stoppedBy", stop.by);
        return result;
    }

    /** One step: the progress, written with a look at whether the job was cancelled; then the guards and the check. */
    private void step(UUID workspaceId, UUID id, UUID createdBy, Check check, long done, long all) {
        UUID cancelledBy = db.update(JOB)
                .set(JOB.DONE, done)
                .set(JOB.TOTAL, all)
                .set(JOB.UPDATED_AT, OffsetDateTime.now())
                .where(JOB.WORKSPACE_ID.eq(workspaceId).and(JOB.ID.eq(id)))
                .returning(JOB.CANCELLED_BY)
                .fetchOptional(JOB.CANCELLED_BY)
                .orElse(null);
        if (cancelledBy != null) {
            throw new StopRequested(cancelledBy, ProblemText.of("cancelled by user {0}", cancelledBy));
        }
        for (Guard guard : guards) {
            Optional<ProblemText> refusal = guard.refusal(workspaceId, createdBy);
            if (refusal.isPresent()) {
                throw new StopRequested(null, refusal.get());
            }
        }
        Optional<ProblemText> refusal = check.refusal();
        if (refusal.isPresent()) {
            throw new StopRequested(null, refusal.get());
        }
    }

    /**
     * Asks a running job to stop at its next step, wherever it runs; false when it is not running
     * (finished, failed, stopped, or asked already).
     */
    public boolean cancel(UUID workspaceId, UUID id, UUID by) {
        return db.update(JOB)
                        .set(JOB.CANCELLED_BY, by)
                        .set(JOB.CANCELLED_AT, OffsetDateTime.now())
                        .where(JOB.WORKSPACE_ID.eq(workspaceId).and(JOB.ID.eq(id)))
                        .and(JOB.STATE.eq("RUNNING"))
                        .and(JOB.CANCELLED_BY.isNull())
                        .execute()
                == 1;
    }

    /** Tells other nodes that this node's jobs are alive; fails the jobs of nodes that are not. */
    @Scheduled(fixedDelayString = "${custodia.jobs.heartbeat:PT20S}")
    void heartbeat() {
        Tenancy.acrossWorkspaces(this::beat);
    }

    private void beat() {
        for (List<UUID> job : running) {
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
                        JSONB.valueOf(JSON.writeValueAsString(JobErrors.of(ProblemText.of(
                                "interrupted: the server running this job stopped before it finished; nothing of it"
                                        + " was stored, so run it again")))))
                .where(JOB.STATE.eq("RUNNING"))
                .and(JOB.UPDATED_AT.lt(OffsetDateTime.now().minus(abandonedAfter)))
                .execute();
        if (abandoned > 0) {
            log.warn("{} job(s) were left RUNNING by a server that stopped; marked FAILED", abandoned);
        }
    }

    private void finish(String kind, UUID workspaceId, UUID id, String state, Object result) {
        Counter.builder("custodia.jobs")
                .description("Background jobs ended, by kind and the state they ended in")
                .tag("kind", kind)
                .tag("state", state)
                .register(meters)
                .increment();
        db.update(JOB)
                .set(JOB.STATE, state)
                // A stopped job keeps the count it reached.
                .set(JOB.DONE, state.equals("STOPPED") ? JOB.DONE : JOB.TOTAL)
                .set(JOB.RESULT, JSONB.valueOf(JSON.writeValueAsString(result)))
                .set(JOB.UPDATED_AT, OffsetDateTime.now())
                .where(JOB.WORKSPACE_ID.eq(workspaceId).and(JOB.ID.eq(id)))
                .execute();
    }

    /** The job; who may see it is the caller's to decide. */
    public Optional<View> find(UUID workspaceId, UUID id) {
        return db.selectFrom(JOB)
                .where(JOB.WORKSPACE_ID.eq(workspaceId).and(JOB.ID.eq(id)))
                .fetchOptional(Jobs::view);
    }

    /** The workspace's jobs (only those {@code startedBy} started, unless null), newest first, after the cursor. */
    public List<View> page(UUID workspaceId, UUID startedBy, Cursors.TimeAndId after, int limit) {
        Condition where = JOB.WORKSPACE_ID.eq(workspaceId);
        if (startedBy != null) {
            where = where.and(JOB.CREATED_BY.eq(startedBy));
        }
        if (after != null) {
            where = where.and(DSL.row(JOB.CREATED_AT, JOB.ID).lt(after.at(), after.id()));
        }
        return db.selectFrom(JOB)
                .where(where)
                .orderBy(JOB.CREATED_AT.desc(), JOB.ID.desc())
                .limit(limit)
                .fetch(Jobs::view);
    }

    /** The job as a request reads it: why it failed or stopped, in the request's language. */
    private static View view(JobRecord r) {
        return new View(
                r.getId(),
                r.getKind(),
                r.getState(),
                r.getDone(),
                r.getTotal(),
                r.getResult() == null
                        ? null
                        : JobErrors.inLanguage(JSON.readTree(r.getResult().data()), RequestLanguage.current()),
                r.getCreatedBy(),
                r.getCreatedAt(),
                r.getCancelledBy());
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
