package io.custodia.integrations;

import static io.custodia.platform.db.Tables.INTEGRATION_MEETING;

import io.custodia.audit.AuditLog;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.RequestLanguage;
import io.custodia.platform.ValueRules;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.EntityType;
import io.custodia.records.RecordCommands;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A meeting summary filed by an app (seed 000): the host's e-mail picks the owner, the
 * participants' e-mails find contacts, their open deal receives a meeting activity and a note with
 * the summary, and field updates go to that deal. The answer says what was linked and what was not,
 * and why. The same external id twice files nothing new and answers the same.
 */
@Component
class MeetingFiling {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RecordCommands records;
    private final Users users;
    private final AuditLog audit;
    private final DSLContext db;
    private final TransactionTemplate nested;

    MeetingFiling(
            RecordCommands records,
            Users users,
            DSLContext db,
            PlatformTransactionManager transactions,
            AuditLog audit) {
        this.records = records;
        this.audit = audit;
        this.users = users;
        this.db = db;
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    record Meeting(
            @NotBlank @Size(max = 200) String externalId,
            @NotBlank @Size(max = 254) String hostEmail,
            @Size(max = 200) List<@NotBlank @Size(max = 254) String> participantEmails,
            @NotNull OffsetDateTime startedAt,
            @NotBlank @Size(max = 300) String title,
            @Size(max = 10_000) String summary,
            Map<String, Object> fieldUpdates) {}

    /** Something the meeting could not be linked to, and why. */
    record NotLinked(String what, String value, String reason) {}

    record Filed(
            String externalId,
            UUID ownerId,
            UUID dealId,
            List<UUID> contactIds,
            UUID activityId,
            UUID noteId,
            List<String> fieldsUpdated,
            List<NotLinked> notLinked) {}

    /** What was filed, and whether this call filed it (or an earlier one with the same external id did). */
    record Filing(Filed filed, boolean created) {}

    @Transactional
    Filing file(WorkspacePrincipal me, Meeting meeting) {
        if (!(me instanceof AppPrincipal app)) {
            throw ApiProblem.forbiddenBecause("meetings are filed by authorised apps");
        }
        for (String scope : List.of("activities:write", "notes:write")) {
            if (!app.holds(scope)) {
                throw ApiProblem.forbiddenBecause("the app's authorisation lacks the scope {0}", scope);
            }
        }
        boolean updates =
                meeting.fieldUpdates() != null && !meeting.fieldUpdates().isEmpty();
        if (updates && !app.holds("deals:write")) {
            throw ApiProblem.forbiddenBecause("the app's authorisation lacks the scope deals:write (for fieldUpdates)");
        }
        OffsetDateTime startedAt = ValueRules.instant("startedAt", meeting.startedAt());
        UUID ws = app.workspaceId();
        // One filing per external id, even when the app sends it twice at once.
        db.select(DSL.function(
                        "pg_advisory_xact_lock",
                        Object.class,
                        DSL.function(
                                "hashtextextended",
                                Long.class,
                                DSL.val(ws + "/" + app.appId() + "/" + meeting.externalId()),
                                DSL.val(0L))))
                .fetch();
        Optional<String> earlier = db.select(INTEGRATION_MEETING.RESULT)
                .from(INTEGRATION_MEETING)
                .where(INTEGRATION_MEETING.WORKSPACE_ID.eq(ws))
                .and(INTEGRATION_MEETING.APP_ID.eq(app.appId()))
                .and(INTEGRATION_MEETING.EXTERNAL_ID.eq(meeting.externalId()))
                .fetchOptional(INTEGRATION_MEETING.RESULT);
        if (earlier.isPresent()) {
            return new Filing(JSON.readValue(earlier.get(), Filed.class), false);
        }
        List<NotLinked> notLinked = new ArrayList<>();
        UUID owner = users.findByEmail(ws, meeting.hostEmail())
                .filter(u -> "active".equals(u.status()))
                .map(Users.User::id)
                .orElse(null);
        if (owner == null) {
            notLinked.add(new NotLinked(
                    "host", meeting.hostEmail(), "no active user has this e-mail; the app owns the meeting"));
            owner = app.principalId();
        }
        List<String> emails = meeting.participantEmails() == null ? List.of() : meeting.participantEmails();
        Map<String, List<UUID>> found = records.contactsByEmail(ws, emails);
        LinkedHashSet<UUID> contacts = new LinkedHashSet<>();
        for (String email : emails) {
            List<UUID> ids = found.get(email.strip().toLowerCase(Locale.ROOT));
            if (ids == null) {
                notLinked.add(new NotLinked("participant", email, "no contact has this e-mail"));
            } else {
                contacts.addAll(ids);
            }
        }
        Optional<UUID> deal = records.latestOpenDealWith(ws, contacts);
        if (deal.isEmpty() && !contacts.isEmpty()) {
            notLinked.add(new NotLinked("deal", null, "none of the contacts has an open deal; filed on the contact"));
        }
        UUID activityId = null;
        UUID noteId = null;
        if (deal.isPresent() || !contacts.isEmpty()) {
            EntityType linkedType = deal.isPresent() ? EntityType.DEAL : EntityType.CONTACT;
            UUID linkedTo = deal.orElse(contacts.iterator().next());
            String link = deal.isPresent() ? "dealId" : "contactId";
            Map<String, Object> activity = new LinkedHashMap<>();
            activity.put("type", "meeting");
            activity.put("subject", meeting.title());
            activity.put("dueAt", startedAt.toString());
            activity.put("done", true);
            activity.put(link, linkedTo.toString());
            activity.put("ownerId", owner.toString());
            activityId = records.create(app, EntityType.ACTIVITY, activity, linkedType, linkedTo);
            Map<String, Object> note = new LinkedHashMap<>();
            note.put(
                    "body",
                    meeting.summary() == null || meeting.summary().isBlank() ? meeting.title() : meeting.summary());
            note.put(link, linkedTo.toString());
            note.put("ownerId", owner.toString());
            noteId = records.create(app, EntityType.NOTE, note, linkedType, linkedTo);
        } else {
            notLinked.add(new NotLinked("meeting", null, "no participant is a known contact; nothing was filed"));
        }
        List<String> updated = new ArrayList<>();
        if (updates && deal.isEmpty()) {
            notLinked.add(new NotLinked("fieldUpdates", null, "no open deal to update"));
        } else if (updates) {
            try {
                // A savepoint: refused updates are reported and undone, the rest of the filing stays.
                nested.executeWithoutResult(
                        s -> records.updateFields(app, EntityType.DEAL, deal.get(), meeting.fieldUpdates()));
                updated.addAll(meeting.fieldUpdates().keySet());
            } catch (ApiProblem problem) {
                if (problem.errors().isEmpty()) {
                    notLinked.add(new NotLinked(
                            "fieldUpdates", null, problem.detailText().in(RequestLanguage.current())));
                }
                problem.errors()
                        .forEach(e -> notLinked.add(
                                new NotLinked("field", e.field(), e.message().in(RequestLanguage.current()))));
            }
        }
        Filed filed = new Filed(
                meeting.externalId(),
                owner,
                deal.orElse(null),
                List.copyOf(contacts),
                activityId,
                noteId,
                updated,
                notLinked);
        db.insertInto(INTEGRATION_MEETING)
                .set(INTEGRATION_MEETING.WORKSPACE_ID, ws)
                .set(INTEGRATION_MEETING.APP_ID, app.appId())
                .set(INTEGRATION_MEETING.EXTERNAL_ID, meeting.externalId())
                .set(INTEGRATION_MEETING.RESULT, JSON.writeValueAsString(filed))
                .execute();
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("externalId", meeting.externalId());
        what.put("dealId", filed.dealId());
        what.put("activityId", activityId);
        what.put("noteId", noteId);
        what.put("fieldsUpdated", updated);
        audit.record(ws, AuditLog.Actor.of(app), "meeting.filed", "integration_app", app.appId(), null, what);
        return new Filing(filed, true);
    }
}
