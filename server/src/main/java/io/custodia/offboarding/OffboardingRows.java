package io.custodia.offboarding;

import static io.custodia.platform.db.Tables.OFFBOARDING;

import io.custodia.platform.Jobs;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The offboarding table: one row per person, naming the job of their last offboarding. */
@Repository
class OffboardingRows {
    private final DSLContext db;
    private final Jobs jobs;

    OffboardingRows(DSLContext db, Jobs jobs) {
        this.db = db;
        this.jobs = jobs;
    }

    /**
     * Takes the person's offboarding lock until the transaction ends, so that of two offboardings
     * of one person at once the second sees the first's job.
     */
    void lock(UUID ws, UUID userId) {
        db.select(DSL.field(
                        "pg_advisory_xact_lock(hashtextextended({0}, 0))",
                        Object.class, "offboard:" + ws + ":" + userId))
                .fetch();
    }

    /** Whether the job of the person's last offboarding still runs. */
    boolean running(UUID ws, UUID userId) {
        return db.select(OFFBOARDING.JOB_ID)
                .from(OFFBOARDING)
                .where(OFFBOARDING.WORKSPACE_ID.eq(ws))
                .and(OFFBOARDING.USER_ID.eq(userId))
                .fetchOptional(OFFBOARDING.JOB_ID)
                .flatMap(job -> jobs.find(ws, job))
                .map(job -> job.state().equals("RUNNING"))
                .orElse(false);
    }

    void started(UUID ws, UUID userId, UUID transferTo, UUID jobId, UUID startedBy) {
        db.insertInto(OFFBOARDING)
                .set(OFFBOARDING.WORKSPACE_ID, ws)
                .set(OFFBOARDING.USER_ID, userId)
                .set(OFFBOARDING.TRANSFER_TO, transferTo)
                .set(OFFBOARDING.JOB_ID, jobId)
                .set(OFFBOARDING.STARTED_BY, startedBy)
                .onConflict(OFFBOARDING.WORKSPACE_ID, OFFBOARDING.USER_ID)
                .doUpdate()
                .set(OFFBOARDING.TRANSFER_TO, transferTo)
                .set(OFFBOARDING.JOB_ID, jobId)
                .set(OFFBOARDING.STARTED_BY, startedBy)
                .set(OFFBOARDING.STARTED_AT, DSL.currentOffsetDateTime())
                .execute();
    }
}
