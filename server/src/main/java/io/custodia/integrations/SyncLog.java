package io.custodia.integrations;

import static io.custodia.platform.db.Tables.INTEGRATION_CALL;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * Every call every app makes, with its outcome and error, so that failures can be traced: {@code ok},
 * {@code partial} (answered with success, but some of what it asked was refused: each refusal and
 * its reason is in {@code error}) or {@code error}. Each call that is not ok may tell the
 * administrators ({@link FailureAlerts}).
 */
@Repository
class SyncLog {
    static final String OK = "ok";
    static final String PARTIAL = "partial";
    static final String ERROR = "error";
    /** The filter for every call that is not ok. */
    static final String NOT_OK = "not-ok";

    /** A request attribute: what a successful call could not do, one reason a line (set by its endpoint). */
    static final String REFUSED = SyncLog.class.getName() + ".refused";

    private static final int ERROR_LENGTH = 2000;

    private final DSLContext db;
    private final FailureAlerts alerts;

    SyncLog(DSLContext db, FailureAlerts alerts) {
        this.db = db;
        this.alerts = alerts;
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
        record(workspaceId, appId, method, endpoint, status, error, null, ms);
    }

    /** One call; {@code refused} is what a successful call could not do (null: it did everything). */
    void record(
            UUID workspaceId,
            UUID appId,
            String method,
            String endpoint,
            int status,
            String error,
            String refused,
            int ms) {
        boolean failed = status >= 400 || error != null;
        String outcome = failed ? ERROR : refused != null ? PARTIAL : OK;
        String said = failed ? error : refused;
        db.insertInto(INTEGRATION_CALL)
                .set(INTEGRATION_CALL.WORKSPACE_ID, workspaceId)
                .set(INTEGRATION_CALL.ID, UUID.randomUUID())
                .set(INTEGRATION_CALL.APP_ID, appId)
                .set(INTEGRATION_CALL.METHOD, method)
                .set(INTEGRATION_CALL.ENDPOINT, endpoint.length() > 500 ? endpoint.substring(0, 500) : endpoint)
                .set(INTEGRATION_CALL.STATUS, status)
                .set(INTEGRATION_CALL.OUTCOME, outcome)
                .set(
                        INTEGRATION_CALL.ERROR,
                        said == null || said.length() <= ERROR_LENGTH ? said : said.substring(0, ERROR_LENGTH))
                .set(INTEGRATION_CALL.DURATION_MS, ms)
                .execute();
        if (!outcome.equals(OK)) {
            alerts.failed(workspaceId, appId, failuresInTheLastHour(workspaceId, appId));
        }
    }

    private int failuresInTheLastHour(UUID workspaceId, UUID appId) {
        return db.fetchCount(
                INTEGRATION_CALL,
                INTEGRATION_CALL
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(INTEGRATION_CALL.APP_ID.eq(appId))
                        .and(INTEGRATION_CALL.OUTCOME.ne(OK))
                        .and(INTEGRATION_CALL.AT.gt(OffsetDateTime.now().minusHours(1))));
    }

    /** The outcomes a filter value selects: one outcome, or every one but ok; null selects all. */
    static Set<String> outcomes(String filter) {
        if (filter == null) {
            return null;
        }
        return switch (filter) {
            case OK, PARTIAL, ERROR -> Set.of(filter);
            case NOT_OK -> Set.of(PARTIAL, ERROR);
            default -> throw ApiProblem.invalid("outcome", "one of {0}, {1}, {2}, {3}", OK, PARTIAL, ERROR, NOT_OK);
        };
    }

    /** Calls newest first, of one app or all, with one of the outcomes (null: any), after the given one. */
    List<Call> page(UUID workspaceId, UUID appId, Set<String> outcomes, Cursors.TimeAndId before, int limit) {
        Condition where = INTEGRATION_CALL.WORKSPACE_ID.eq(workspaceId);
        if (appId != null) {
            where = where.and(INTEGRATION_CALL.APP_ID.eq(appId));
        }
        if (outcomes != null) {
            where = where.and(INTEGRATION_CALL.OUTCOME.in(outcomes));
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
