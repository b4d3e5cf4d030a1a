package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The access review schedule (access-model, "Access review campaigns"): set, read and removed by a
 * role manager; every N months a campaign starts over its scope, with the authority of whoever set
 * it, checked at each start. A start that is refused is skipped, audited with its reason.
 */
@Service
class ScheduledCampaigns {
    static final int MONTHS_MAX = 24;
    static final int DAYS_MAX = 365;

    private final ReviewSchedules schedules;
    private final CampaignStart start;
    private final AccessPolicies access;
    private final DirectoryFacts directory;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;

    ScheduledCampaigns(
            ReviewSchedules schedules,
            CampaignStart start,
            AccessPolicies access,
            DirectoryFacts directory,
            AuditLog audit,
            PlatformTransactionManager transactions) {
        this.schedules = schedules;
        this.start = start;
        this.access = access;
        this.directory = directory;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** The schedule as answered: what starts, how often, and when next. */
    record View(
            int everyMonths,
            CampaignViews.Scope scope,
            String onTimeout,
            UUID reviewerId,
            int daysToDecide,
            UUID setBy,
            OffsetDateTime nextStartAt) {
        static View of(ReviewSchedules.Schedule s) {
            return new View(
                    s.everyMonths(),
                    new CampaignViews.Scope(s.plan().kind(), s.plan().departmentId()),
                    s.plan().onTimeout(),
                    s.plan().reviewerId(),
                    s.daysToDecide(),
                    s.setBy(),
                    s.nextStartAt());
        }
    }

    /** Sets the schedule; its first campaign starts {@code everyMonths} from now, then every as many months. */
    @Transactional
    View set(
            WorkspacePrincipal me,
            Integer everyMonths,
            String kind,
            UUID departmentId,
            String onTimeout,
            UUID reviewerId,
            Integer daysToDecide) {
        CampaignStart.Plan plan = start.plan(me, kind, departmentId, onTimeout, reviewerId);
        if (everyMonths == null || everyMonths < 1 || everyMonths > MONTHS_MAX) {
            throw ApiProblem.invalid("everyMonths", "a whole number from 1 to {0}", MONTHS_MAX);
        }
        if (daysToDecide == null || daysToDecide < 1 || daysToDecide > DAYS_MAX) {
            throw ApiProblem.invalid("daysToDecide", "a whole number from 1 to {0}", DAYS_MAX);
        }
        UUID ws = me.workspaceId();
        View before = held(me).map(View::of).orElse(null);
        ReviewSchedules.Schedule schedule = new ReviewSchedules.Schedule(
                ws,
                everyMonths,
                plan,
                daysToDecide,
                me.principalId(),
                now(access.now()).plusMonths(everyMonths));
        schedules.put(schedule);
        View after = View.of(schedule);
        audit.record(
                ws, AuditLog.Actor.of(me), "access_review.schedule_set", "access_review_schedule", ws, before, after);
        return after;
    }

    @Transactional(readOnly = true)
    View get(WorkspacePrincipal me) {
        return held(me).map(View::of).orElseThrow(ScheduledCampaigns::none);
    }

    @Transactional
    void remove(WorkspacePrincipal me) {
        View before = held(me).map(View::of).orElseThrow(ScheduledCampaigns::none);
        schedules.delete(me.workspaceId());
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "access_review.schedule_removed",
                "access_review_schedule",
                me.workspaceId(),
                before,
                null);
    }

    /**
     * The workspace's schedule, for someone who may act on it: {@code roles.manage}, and
     * {@code integrations.manage} too when it reviews apps, as for starting such a campaign (403
     * otherwise: reading, replacing or stopping an apps schedule is acting on apps' review).
     */
    private Optional<ReviewSchedules.Schedule> held(WorkspacePrincipal me) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        Optional<ReviewSchedules.Schedule> schedule = schedules.find(me.workspaceId());
        if (schedule.isPresent() && schedule.get().plan().kind().equals("apps")) {
            access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        }
        return schedule;
    }

    @Scheduled(fixedDelayString = "${custodia.reviews.schedule-poll:PT1M}")
    public void sweep() {
        startDue(access.now());
    }

    /** Starts the campaign of every schedule due at {@code now}; answers how many schedules were due. */
    int startDue(Instant now) {
        OffsetDateTime at = now(now);
        List<UUID> due = Tenancy.acrossWorkspaces(() -> tx.execute(status -> schedules.due(at)));
        for (UUID ws : due) {
            Tenancy.in(
                    ws,
                    () -> tx.executeWithoutResult(status -> schedules
                            .lock(ws)
                            .filter(s -> !s.nextStartAt().isAfter(at))
                            .ifPresent(s -> startOne(s, at))));
        }
        return due.size();
    }

    private void startOne(ReviewSchedules.Schedule s, OffsetDateTime at) {
        String setter = directory.users(s.workspaceId()).stream()
                .filter(u -> u.id().equals(s.setBy()))
                .map(DirectoryFacts.User::name)
                .findFirst()
                .orElse("?");
        CampaignDecisions.Starter authority = new CampaignDecisions.Starter(s.workspaceId(), s.setBy(), setter);
        String reason = null;
        if (!directory.activePeople(s.workspaceId()).contains(s.setBy())) {
            reason = "whoever set the schedule is no longer active";
        } else {
            try {
                savepoint.executeWithoutResult(status -> start.start(
                        authority,
                        new CampaignStart.Asked(
                                "Access review " + at.toLocalDate(),
                                s.plan().kind(),
                                s.plan().departmentId(),
                                at.plusDays(s.daysToDecide()).toString(),
                                s.plan().onTimeout(),
                                s.plan().reviewerId())));
            } catch (ApiProblem refused) {
                reason = refused.detail()
                        + refused.errors().stream()
                                .map(e -> "; " + e.field() + ": " + e.message())
                                .reduce("", String::concat);
            }
        }
        if (reason != null) {
            Map<String, Object> what = new LinkedHashMap<>();
            what.put("reason", reason);
            audit.record(
                    s.workspaceId(),
                    CampaignDecisions.CUSTODIA,
                    "access_review.schedule_skipped",
                    "access_review_schedule",
                    s.workspaceId(),
                    null,
                    what);
        }
        OffsetDateTime next = s.nextStartAt();
        while (!next.isAfter(at)) {
            next = next.plusMonths(s.everyMonths());
        }
        schedules.next(s.workspaceId(), next);
    }

    private static OffsetDateTime now(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static ApiProblem none() {
        return ApiProblem.notFound("access review schedule");
    }
}
