package io.custodia.collaboration;

import static io.custodia.platform.db.Tables.APP_USER;

import io.custodia.access.AccessPolicies;
import io.custodia.access.RecordLookup;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.EntityType;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Comments on contacts, companies and deals. Whoever can read the record reads its public
 * comments; writing one takes read access through a role or a share, or EDIT on a shared list
 * holding it. A private comment is its author's alone.
 * Mentions ({@code @{userId}} or {@code @email}) in public comments notify the mentioned user; one
 * who cannot read the record is told that access is required, and never given the record's data,
 * neither in the app nor in the e-mail.
 */
@RestController
@RequestMapping("/api/v1/{type:contacts|companies|deals}/{recordId}/comments")
class CommentController {
    private static final Pattern MENTION_ID = Pattern.compile("@\\{([0-9a-fA-F-]{36})\\}");
    private static final Pattern MENTION_EMAIL = Pattern.compile("@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

    private final Comments comments;
    private final Notifications notifications;
    private final AccessPolicies access;
    private final RecordLookup records;
    private final DSLContext db;
    private final MailOutbox mail;
    private final String baseUrl;

    CommentController(
            Comments comments,
            Notifications notifications,
            AccessPolicies access,
            RecordLookup records,
            DSLContext db,
            MailOutbox mail,
            @org.springframework.beans.factory.annotation.Value("${custodia.public-url:http://localhost:8080}")
                    String baseUrl) {
        this.mail = mail;
        this.baseUrl = baseUrl;
        this.comments = comments;
        this.notifications = notifications;
        this.access = access;
        this.records = records;
        this.db = db;
    }

    record NewComment(
            @NotBlank @Size(max = 10_000) String body,

            @com.fasterxml.jackson.annotation.JsonProperty("private")
            Boolean isPrivate) {}

    record CommentChange(@NotBlank @Size(max = 10_000) String body) {}

    record Items<T>(List<T> items) {}

    @GetMapping
    Items<Comments.Comment> list(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID recordId) {
        EntityType entity = readable(me, type, recordId);
        return new Items<>(comments.visibleTo(me.workspaceId(), entity.key(), recordId, me.principalId()));
    }

    @PostMapping
    @Transactional
    ResponseEntity<Comments.Comment> add(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID recordId,
            @Valid @RequestBody NewComment body) {
        EntityType entity = readable(me, type, recordId);
        RecordFacts record = records.facts(me.workspaceId(), entity, recordId, Scope.EVERYTHING)
                .orElseThrow();
        if (!access.accessOf(me.workspaceId(), me.principalId()).mayComment(record)) {
            throw ApiProblem.forbiddenBecause(
                    "missing permission: comment (needs read access through a role or a share, or EDIT on a shared list)");
        }
        boolean isPrivate = Boolean.TRUE.equals(body.isPrivate());
        UUID id = UUID.randomUUID();
        comments.add(
                me.workspaceId(),
                id,
                entity.key(),
                recordId,
                me.principalId(),
                body.body().strip(),
                isPrivate);
        if (!isPrivate) {
            notifyMentioned(me, entity, recordId, body.body());
        }
        Comments.Comment created = comments.ownedBy(me.workspaceId(), entity.key(), recordId, id, me.principalId())
                .orElseThrow();
        return ResponseEntity.created(URI.create("/api/v1/" + type + "/" + recordId + "/comments/" + id))
                .body(created);
    }

    @PatchMapping("/{id}")
    @Transactional
    Comments.Comment edit(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID recordId,
            @PathVariable UUID id,
            @Valid @RequestBody CommentChange change) {
        EntityType entity = readable(me, type, recordId);
        Comments.Comment own = own(me, entity, recordId, id);
        comments.edit(me.workspaceId(), own.id(), change.body().strip());
        return comments.ownedBy(me.workspaceId(), entity.key(), recordId, id, me.principalId())
                .orElseThrow();
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID recordId,
            @PathVariable UUID id) {
        EntityType entity = readable(me, type, recordId);
        comments.delete(me.workspaceId(), own(me, entity, recordId, id).id());
        return ResponseEntity.noContent().build();
    }

    private Comments.Comment own(WorkspacePrincipal me, EntityType entity, UUID recordId, UUID id) {
        boolean visible = comments.visibleTo(me.workspaceId(), entity.key(), recordId, me.principalId()).stream()
                .anyMatch(c -> c.id().equals(id));
        if (!visible) {
            throw ApiProblem.notFound("comment " + id);
        }
        return comments.ownedBy(me.workspaceId(), entity.key(), recordId, id, me.principalId())
                .orElseThrow(() -> ApiProblem.forbiddenBecause("only the author may change or delete a comment"));
    }

    private EntityType readable(WorkspacePrincipal me, String type, UUID recordId) {
        EntityType entity = switch (type) {
            case "contacts" -> EntityType.CONTACT;
            case "companies" -> EntityType.COMPANY;
            default -> EntityType.DEAL;
        };
        Scope reads = access.accessOf(me.workspaceId(), me.principalId()).scope(entity, Action.READ);
        records.facts(me.workspaceId(), entity, recordId, reads)
                .orElseThrow(() -> ApiProblem.notFound(entity.key() + " " + recordId));
        return entity;
    }

    private void notifyMentioned(WorkspacePrincipal me, EntityType entity, UUID recordId, String body) {
        Set<UUID> mentioned = new LinkedHashSet<>();
        Matcher ids = MENTION_ID.matcher(body);
        while (ids.find()) {
            try {
                UUID user = UUID.fromString(ids.group(1));
                if (db.fetchExists(
                        APP_USER, APP_USER.WORKSPACE_ID.eq(me.workspaceId()).and(APP_USER.ID.eq(user)))) {
                    mentioned.add(user);
                }
            } catch (IllegalArgumentException e) {
                // Not an id after all: nobody is mentioned by it.
            }
        }
        Matcher emails = MENTION_EMAIL.matcher(body);
        while (emails.find()) {
            db.select(APP_USER.ID)
                    .from(APP_USER)
                    .where(APP_USER.WORKSPACE_ID
                            .eq(me.workspaceId())
                            .and(APP_USER.EMAIL.eq(emails.group(1).toLowerCase(Locale.ROOT))))
                    .fetchOptional(APP_USER.ID)
                    .ifPresent(mentioned::add);
        }
        mentioned.remove(me.principalId());
        if (mentioned.isEmpty()) {
            return;
        }
        RecordFacts record = records.facts(me.workspaceId(), entity, recordId, Scope.EVERYTHING)
                .orElseThrow();
        for (UUID user : mentioned) {
            boolean canRead = access.accessOf(me.workspaceId(), user).allows(Action.READ, record);
            // The message names who and which kind of record, never anything the record holds.
            String message = canRead
                    ? me.principalName() + " mentioned you in a comment on a " + entity.key()
                    : me.principalName() + " mentioned you on a " + entity.key()
                            + " you cannot see: access is required; request it to read the comment";
            notifications.notify(me.workspaceId(), user, "mention", entity.key(), recordId, !canRead, message);
            String link = canRead
                    ? "Open it: " + baseUrl + "/" + entity.key() + "s/" + recordId
                    : "Request access: " + baseUrl + "/access-requests?recordType=" + entity.key() + "&recordId="
                            + recordId;
            db.select(APP_USER.EMAIL)
                    .from(APP_USER)
                    .where(APP_USER.WORKSPACE_ID.eq(me.workspaceId()).and(APP_USER.ID.eq(user)))
                    .fetchOptional(APP_USER.EMAIL)
                    .ifPresent(email -> mail.enqueue(
                            me.workspaceId(),
                            email,
                            canRead
                                    ? "You were mentioned in Custodia"
                                    : "You were mentioned in Custodia: access required",
                            message + ".\n\n" + link + "\n"));
        }
    }
}
