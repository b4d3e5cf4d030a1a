package io.custodia.offboarding;

import io.custodia.access.AccessPolicies;
import io.custodia.access.LiveAppConsents;
import io.custodia.access.OwnerOverlays;
import io.custodia.access.SystemPermissionGuard;
import io.custodia.audit.AuditLog;
import io.custodia.conversations.AttendantHandover;
import io.custodia.directory.CurrentUser;
import io.custodia.directory.People;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Jobs;
import io.custodia.platform.ProblemText;
import io.custodia.policy.SystemPermission;
import io.custodia.records.OwnerHandover;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Offboarding a person (docs/access-model.md, "Offboarding"): the rules for who may and to whom,
 * the preview, and the one audited request that deactivates them and starts the job that hands
 * their work over. Each part is moved by the feature that owns its tables.
 */
@Service
class Offboardings {
    static final String JOB_KIND = "users.offboard";

    private final Users users;
    private final People people;
    private final AccessPolicies access;
    private final SystemPermissionGuard guard;
    private final OwnerHandover records;
    private final AttendantHandover conversations;
    private final LiveAppConsents apps;
    private final OffboardingRows rows;
    private final OwnerOverlays overlays;
    private final Jobs jobs;
    private final AuditLog audit;

    Offboardings(
            Users users,
            People people,
            AccessPolicies access,
            SystemPermissionGuard guard,
            OwnerHandover records,
            AttendantHandover conversations,
            LiveAppConsents apps,
            OffboardingRows rows,
            OwnerOverlays overlays,
            Jobs jobs,
            AuditLog audit) {
        this.users = users;
        this.people = people;
        this.access = access;
        this.guard = guard;
        this.records = records;
        this.conversations = conversations;
        this.apps = apps;
        this.rows = rows;
        this.overlays = overlays;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** What offboarding the person would move (whatever {@code what} says) and the apps they authorised. */
    record Preview(
            UUID userId,
            UUID transferTo,
            List<String> what,
            boolean deactivate,
            Map<String, Long> counts,
            List<OwnerHandover.OwnedList> lists,
            List<LiveAppConsents.AuthorisedApp> apps) {}

    /** The request, checked: the person, the successor and the parts to move. */
    record Request(Users.User user, UUID transferTo, Set<OffboardPart> what, boolean deactivate) {}

    /**
     * Checks the caller and the request, in the order access-model.md states: {@code users.manage}
     * (403 for every id), the person (404), not oneself (409), every system permission the person
     * holds (403), then the body (422).
     */
    Request checked(CurrentUser me, UUID id, UUID transferTo, List<String> what, Boolean deactivate) {
        access.require(me, SystemPermission.USERS_MANAGE);
        Users.User user = users.findPerson(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("user {0}", id));
        if (user.id().equals(me.id())) {
            throw ApiProblem.conflict("you cannot offboard yourself");
        }
        guard.requireHeld(
                me,
                access.accessOf(me.workspaceId(), id).systemPermissions(),
                "offboarding takes everything they hold");
        Set<OffboardPart> parts = OffboardPart.parse(what);
        if (transferTo == null) {
            throw ApiProblem.invalid("transferTo", "must name the active person who takes over");
        }
        if (transferTo.equals(id)) {
            throw ApiProblem.invalid("transferTo", "must be someone else than the person offboarded");
        }
        requireActive(me.workspaceId(), transferTo);
        return new Request(user, transferTo, parts, deactivate == null || deactivate);
    }

    private void requireActive(UUID ws, UUID transferTo) {
        if (!successorActive(ws, transferTo)) {
            throw ApiProblem.invalid("transferTo", "no active person {0}", transferTo);
        }
    }

    private boolean successorActive(UUID ws, UUID transferTo) {
        return users.findPerson(ws, transferTo)
                .filter(u -> u.status().equals("active"))
                .isPresent();
    }

    /** What would move; changes nothing. */
    @Transactional(readOnly = true)
    Preview preview(CurrentUser me, Request request) {
        UUID ws = me.workspaceId();
        UUID id = request.user().id();
        // What the request would refuse as a conflict, the preview refuses too (found by the outside probe).
        refuseConflicts(ws, id, request);
        Map<String, Long> counts = new LinkedHashMap<>(records.recordsOwnedBy(ws, id));
        List<OwnerHandover.OwnedList> lists = records.listsOwnedBy(ws, id);
        counts.putAll(otherParts(ws, id, lists));
        return new Preview(
                id,
                request.transferTo(),
                request.what().stream().map(OffboardPart::key).toList(),
                request.deactivate(),
                counts,
                lists,
                apps.liveAppsAuthorisedBy(ws, id));
    }

    /** How many lists, conversations and shares the person has: few, unlike their records. */
    private Map<String, Long> otherParts(UUID ws, UUID id, List<OwnerHandover.OwnedList> lists) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(OffboardPart.LISTS.key(), (long) lists.size());
        counts.put(OffboardPart.CONVERSATIONS.key(), conversations.attendedBy(ws, id));
        counts.put(OffboardPart.SHARES.key(), records.sharesHeldBy(ws, id));
        return counts;
    }

    /**
     * Deactivates the person (when asked), lays the owner overlay that makes their records the
     * successor's for every read from this commit on, records the one audit entry and starts the
     * job; answers the job's id. Costs the same whatever the person owns: the records are neither
     * counted nor touched here (the job counts them). A second offboarding of the person while one
     * runs is 409, and so is a chain of record handovers (access-model.md, "Offboarding"). Answers
     * the job as it is when the request ends, read before the job can start (it starts once this
     * commits): its total never yet holds the records, however fast the job.
     */
    @Transactional
    Jobs.View start(CurrentUser me, Request request) {
        UUID ws = me.workspaceId();
        UUID id = request.user().id();
        // Offboardings and deactivations one at a time, and the successor checked again once it is
        // this one's turn: two people offboarded to each other at once must not both succeed.
        guard.lockWorkspace(ws);
        requireActive(ws, request.transferTo());
        rows.lock(ws, id);
        refuseConflicts(ws, id, request);
        boolean movesRecords = request.what().contains(OffboardPart.RECORDS);
        Map<String, Long> counts = otherParts(ws, id, records.listsOwnedBy(ws, id));
        // The records are counted by the job, which adds them to its total when it starts.
        long total = request.what().stream()
                .filter(part -> part != OffboardPart.RECORDS)
                .mapToLong(part -> part.count(counts))
                .sum();
        if (request.deactivate() && !request.user().status().equals("deactivated")) {
            people.setStatus(me, id, "deactivated");
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("status", users.find(ws, id).orElseThrow().status());
        after.put("transferTo", request.transferTo());
        after.put("what", request.what().stream().map(OffboardPart::key).toList());
        after.put("counts", counts);
        audit.record(
                ws,
                AuditLog.Actor.of(me),
                "user.offboarded",
                "user",
                id,
                Map.of("status", request.user().status()),
                after);
        UUID by = me.id();
        UUID job = jobs.startInSteps(
                ws,
                by,
                JOB_KIND,
                total,
                () -> !access.has(ws, by, SystemPermission.USERS_MANAGE)
                        ? Optional.of(ProblemText.of("its starter no longer holds users.manage"))
                        : !successorActive(ws, request.transferTo())
                                ? Optional.of(ProblemText.of(
                                        "the successor is no longer active; offboard again to another person"))
                                : Optional.empty(),
                progress -> new OffboardWork(
                                records, overlays, conversations, ws, id, request.transferTo(), request.what())
                        .run(progress, total));
        if (movesRecords) {
            overlays.begin(ws, id, request.transferTo(), job);
        }
        rows.started(ws, id, request.transferTo(), job, by);
        return jobs.find(ws, job).orElseThrow();
    }

    /** Refuses (409) an offboarding of someone whose offboarding runs, and a chain of record handovers. */
    private void refuseConflicts(UUID ws, UUID id, Request request) {
        if (rows.running(ws, id)) {
            throw ApiProblem.conflict("an offboarding of this person is running; wait for its job to end");
        }
        if (request.what().contains(OffboardPart.RECORDS)) {
            refuseChains(ws, id, request.transferTo());
        }
    }

    /**
     * Refuses a chain of record handovers (409): the person's own records are read as theirs while
     * someone else's are being handed to them, or the successor's records are being handed over
     * themselves. So every overlay names a successor who is nobody's person, and one look-up gives a
     * record's owner. Called under the workspace's lock, so two requests cannot make a chain at once.
     */
    private void refuseChains(UUID ws, UUID id, UUID transferTo) {
        if (overlays.isSuccessor(ws, id)) {
            throw ApiProblem.conflict("another offboarding is handing its records to this person; wait for its job to"
                    + " end (or, if it stopped, offboard that person again) before offboarding this one");
        }
        if (overlays.successorOf(ws, transferTo).isPresent()) {
            throw ApiProblem.conflict("the successor's own records are being handed over by another offboarding;"
                    + " choose another successor");
        }
    }
}
