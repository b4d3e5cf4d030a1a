package io.custodia.integrations;

import static io.custodia.platform.db.Tables.INTEGRATION_CALL;

import io.custodia.platform.Cursors;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Every call every app makes, with its outcome and error, so that failures can be traced. */
@Repository
class SyncLog {
    private final DSLContext db;

    SyncLog(DSLContext db) {
        this.db = db;
    }

    record Call(
            UUID id,
            UUID appId,
            OffsetDateTime at,
            String method,
            String endpoint,
            int status,
            String outcome,
            String error,
            int durationMs) {}

    void record(UUID workspaceId, UUID appId, String method, String endpoint, int status, String error, int ms) {
        db.insertInto(INTEGRATION_CALL)
                .set(INTEGRATION_CALL.WORKSPACE_ID, workspaceId)
                .set(INTEGRATION_CALL.ID, UUID.randomUUID())
                .set(INTEGRATION_CALL.APP_ID, appId)
                .set(INTEGRATION_CALL.METHOD, method)
                .set(INTEGRATION_CALL.ENDPOINT, endpoint.length() > 500 ? endpoint.substring(0, 500) : endpoint)
                .set(INTEGRATION_CALL.STATUS, status)
                .set(INTEGRATION_CALL.OUTCOME, status < 400 && error == null ? "ok" : "error")
                .set(INTEGRATION_CALL.ERROR, error == null || error.length() <= 2000 ? error : error.substring(0, 2000))
                .set(INTEGRATION_CALL.DURATION_MS, ms)
                .execute();
    }

    /** Calls newest first, of one app or all, after the given one. */
    List<Call> page(UUID workspaceId, UUID appId, Cursors.TimeAndId before, int limit) {
        Condition where = INTEGRATION_CALL.WORKSPACE_ID.eq(workspaceId);
        if (appId != null) {
            where = where.and(INTEGRATION_CALL.APP_ID.eq(appId));
        }
        if (before != null) {
            where = where.and(DSL.row(INTEGRATION_CALL.AT, INTEGRATION_CALL.ID).lt(before.at(), before.id()));
        }
        return db.selectFrom(INTEGRATION_CALL)
                .where(where)
                .orderBy(INTEGRATION_CALL.AT.desc(), INTEGRATION_CALL.ID.desc())
                .limit(limit)
                .fetch(r -> new Call(
                        r.getId(),
                        r.getAppId(),
                        r.getAt(),
                        r.getMethod(),
                        r.getEndpoint(),
                        r.getStatus(),
                        r.getOutcome(),
                        r.getError(),
                        r.getDurationMs()));
    }
}
