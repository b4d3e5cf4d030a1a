package io.custodia.access;

import static io.custodia.platform.db.Tables.ACCESS_REVIEW_SCHEDULE;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/** The workspace's access review schedule as stored: at most one. */
@Repository
class ReviewSchedules {
    private final DSLContext db;

    ReviewSchedules(DSLContext db) {
        this.db = db;
    }

    record Schedule(
            UUID workspaceId,
            int everyMonths,
            CampaignStart.Plan plan,
            int daysToDecide,
            UUID setBy,
            OffsetDateTime nextStartAt) {}

    void put(Schedule s) {
        db.insertInto(ACCESS_REVIEW_SCHEDULE)
                .set(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID, s.workspaceId())
                .set(ACCESS_REVIEW_SCHEDULE.EVERY_MONTHS, s.everyMonths())
                .set(ACCESS_REVIEW_SCHEDULE.SCOPE_KIND, s.plan().kind())
                .set(ACCESS_REVIEW_SCHEDULE.DEPARTMENT_ID, s.plan().departmentId())
                .set(ACCESS_REVIEW_SCHEDULE.REVIEWER_ID, s.plan().reviewerId())
                .set(ACCESS_REVIEW_SCHEDULE.ON_TIMEOUT, s.plan().onTimeout())
                .set(ACCESS_REVIEW_SCHEDULE.DAYS_TO_DECIDE, s.daysToDecide())
                .set(ACCESS_REVIEW_SCHEDULE.SET_BY, s.setBy())
                .set(ACCESS_REVIEW_SCHEDULE.NEXT_START_AT, s.nextStartAt())
                .onConflict(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID)
                .doUpdate()
                .set(ACCESS_REVIEW_SCHEDULE.EVERY_MONTHS, s.everyMonths())
                .set(ACCESS_REVIEW_SCHEDULE.SCOPE_KIND, s.plan().kind())
                .set(ACCESS_REVIEW_SCHEDULE.DEPARTMENT_ID, s.plan().departmentId())
                .set(ACCESS_REVIEW_SCHEDULE.REVIEWER_ID, s.plan().reviewerId())
                .set(ACCESS_REVIEW_SCHEDULE.ON_TIMEOUT, s.plan().onTimeout())
                .set(ACCESS_REVIEW_SCHEDULE.DAYS_TO_DECIDE, s.daysToDecide())
                .set(ACCESS_REVIEW_SCHEDULE.SET_BY, s.setBy())
                .set(ACCESS_REVIEW_SCHEDULE.NEXT_START_AT, s.nextStartAt())
                .execute();
    }

    Optional<Schedule> find(UUID ws) {
        return db.selectFrom(ACCESS_REVIEW_SCHEDULE)
                .where(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID.eq(ws))
                .fetchOptional(ReviewSchedules::schedule);
    }

    /** The schedule, locked, so two nodes starting its campaign at once start it once. */
    Optional<Schedule> lock(UUID ws) {
        return db.selectFrom(ACCESS_REVIEW_SCHEDULE)
                .where(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID.eq(ws))
                .forUpdate()
                .fetchOptional(ReviewSchedules::schedule);
    }

    boolean delete(UUID ws) {
        return db.deleteFrom(ACCESS_REVIEW_SCHEDULE)
                        .where(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID.eq(ws))
                        .execute()
                == 1;
    }

    void next(UUID ws, OffsetDateTime at) {
        db.update(ACCESS_REVIEW_SCHEDULE)
                .set(ACCESS_REVIEW_SCHEDULE.NEXT_START_AT, at)
                .where(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID.eq(ws))
                .execute();
    }

    /** The workspaces whose next campaign is due at {@code now}, across the workspaces the caller sees. */
    List<UUID> due(OffsetDateTime now) {
        return db.select(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID)
                .from(ACCESS_REVIEW_SCHEDULE)
                .where(ACCESS_REVIEW_SCHEDULE.NEXT_START_AT.le(now))
                .fetch(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID);
    }

    private static Schedule schedule(Record r) {
        return new Schedule(
                r.get(ACCESS_REVIEW_SCHEDULE.WORKSPACE_ID),
                r.get(ACCESS_REVIEW_SCHEDULE.EVERY_MONTHS),
                new CampaignStart.Plan(
                        r.get(ACCESS_REVIEW_SCHEDULE.SCOPE_KIND),
                        r.get(ACCESS_REVIEW_SCHEDULE.DEPARTMENT_ID),
                        r.get(ACCESS_REVIEW_SCHEDULE.ON_TIMEOUT),
                        r.get(ACCESS_REVIEW_SCHEDULE.REVIEWER_ID)),
                r.get(ACCESS_REVIEW_SCHEDULE.DAYS_TO_DECIDE),
                r.get(ACCESS_REVIEW_SCHEDULE.SET_BY),
                r.get(ACCESS_REVIEW_SCHEDULE.NEXT_START_AT));
    }
}
