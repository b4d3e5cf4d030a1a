package io.custodia.collaboration;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.custodia.access.AccessPolicies;
import io.custodia.access.RecordLookup;
import io.custodia.audit.AuditLog;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.Text;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.EntityType;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Comments on the records that stand alone (contacts, companies, deals: {@link EntityType#standalone()}). Whoever can read the record reads its public
 * comments; writing one takes read access through a role or a share, or EDIT on a shared list
 * holding it. A private comment is its author's alone.
 * Mentions ({@code @{userId}} or {@code @email}) in public comments notify the mentioned user; one
 * who cannot read the record is told that access is required, and never given the record's data,
 * neither in the app nor in the e-mail.
 */
@Tag(name = "Comments")
@RestController
@RequestMapping("/api/v1/{type:" + EntityType.STANDALONE_PATHS + "}/{recordId}/comments")
class CommentController {
    private static final Pattern MENTION_ID = Pattern.compile("@\\{([0-9a-fA-F-]{36})\\}");
    private static final Pattern MENTION_EMAIL = Pattern.compile("@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

    private final Comments comments;
    private final Notifications notifications;
    private final AccessPolicies access;
    private final RecordLookup records;
    private final Users users;
    private final MailOutbox mail;
    private final String baseUrl;
    private final AuditLog audit;
    private final MessageSource messages;

    CommentController(
            Comments comments,
            Notifications notifications,
            AccessPolicies access,
            RecordLookup records,
            Users users,
            MailOutbox mail,
            AuditLog audit,
            MessageSource messages,
            @Value("${custodia.public-url:http://localhost:8080}") String baseUrl) {
        this.messages = messages;
        this.mail = mail;
        this.audit = audit;
        this.baseUrl = baseUrl;
        this.comments = comments;
        this.notifications = notifications;
        this.access = access;
        this.records = records;
        this.users = users;
    }

    record NewComment(
            @NotBlank @Size(max = 10_000) String body,

            @JsonProperty("private") Boolean isPrivate) {}

    record CommentChange(@NotBlank @Size(max = 10_000) String body) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "listComments", summary = "List a record's comments")
    @GetMapping
    Items<Comments.Comment> list(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID recordId) {
        EntityType entity = readable(me, type, recordId).entity();
        return new Items<>(comments.visibleTo(me.workspaceId(), entity.key(), recordId, me.principalId()));
    }

    @Operation(operationId = "addComment", summary = "Comment on a record")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Transactional
    ResponseEntity<Comments.Comment> add(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID recordId,
            @Valid @RequestBody NewComment body) {
        RecordFacts record = readable(me, type, recordId);
        EntityType entity = record.entity();
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
            notifyMentioned(me, record, recordId, id, body.body());
        }
        Comments.Comment created = comments.ownedBy(me.workspaceId(), entity.key(), recordId, id, me.principalId())
                .orElseThrow();
        // Never the text: private comments are for their author alone.
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "comment.created",
                "comment",
                id,
                null,
                Map.of("recordType", entity.key(), "recordId", recordId, "private", isPrivate));
        return ResponseEntity.created(URI.create("/api/v1/" + type + "/" + recordId + "/comments/" + id))
                .body(created);
    }

    @Operation(operationId = "editComment", summary = "Edit a comment")
    @PatchMapping("/{id}")
    @Transactional
    Comments.Comment edit(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID recordId,
            @PathVariable UUID id,
            @Valid @RequestBody CommentChange change) {
        EntityType entity = readable(me, type, recordId).entity();
        Comments.Comment own = own(me, entity, recordId, id);
        String body = change.body().strip();
        if (body.equals(own.body())) {
            // The same text again changes nothing: no new edit time, no audit entry.
            return own;
        }
        comments.edit(me.workspaceId(), own.id(), body);
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "comment.edited",
                "comment",
                id,
                null,
                Map.of("recordType", entity.key(), "recordId", recordId));
        return comments.ownedBy(me.workspaceId(), entity.key(), recordId, id, me.principalId())
                .orElseThrow();
    }

    @Operation(operationId = "deleteComment", summary = "Delete a comment")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID recordId,
            @PathVariable UUID id) {
        EntityType entity = readable(me, type, recordId).entity();
        comments.delete(me.workspaceId(), own(me, entity, recordId, id).id());
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "comment.deleted",
                "comment",
                id,
                Map.of("recordType", entity.key(), "recordId", recordId),
                null);
        return ResponseEntity.noContent().build();
    }

    private Comments.Comment own(WorkspacePrincipal me, EntityType entity, UUID recordId, UUID id) {
        boolean visible = comments.visibleTo(me.workspaceId(), entity.key(), recordId, me.principalId()).stream()
                .anyMatch(c -> c.id().equals(id));
        if (!visible) {
            throw ApiProblem.notFound("comment {0}", id);
        }
        return comments.ownedBy(me.workspaceId(), entity.key(), recordId, id, me.principalId())
                .orElseThrow(() -> ApiProblem.forbiddenBecause("only the author may change or delete a comment"));
    }

    /** The record as the engine sees it, if the caller can read it; 404 otherwise. */
    private RecordFacts readable(WorkspacePrincipal me, String type, UUID recordId) {
        // The mapping admits only these paths; an unknown one is refused all the same, never read as another type.
        EntityType entity = EntityType.byPath(type)
                .filter(EntityType::standsAlone)
                .orElseThrow(() -> ApiProblem.notFound("record type {0}", type));
        Scope reads = access.accessOf(me.workspaceId(), me.principalId()).scope(entity, Action.READ);
        return records.facts(me.workspaceId(), entity, recordId, reads)
                .orElseThrow(() -> ApiProblem.notFound("{0} {1}", ProblemWords.entity(entity), recordId));
    }

    private void notifyMentioned(
            WorkspacePrincipal me, RecordFacts record, UUID recordId, UUID commentId, String body) {
        EntityType entity = record.entity();
        Map<UUID, String> mentioned = new LinkedHashMap<>();
        Matcher ids = MENTION_ID.matcher(body);
        while (ids.find()) {
            try {
                users.find(me.workspaceId(), UUID.fromString(ids.group(1)))
                        .ifPresent(u -> mentioned.put(u.id(), u.email()));
            } catch (IllegalArgumentException e) {
                // Not an id after all: nobody is mentioned by it.
            }
        }
        Matcher emails = MENTION_EMAIL.matcher(body);
        while (emails.find()) {
            users.findByEmail(me.workspaceId(), emails.group(1)).ifPresent(u -> mentioned.put(u.id(), u.email()));
        }
        mentioned.remove(me.principalId());
        for (Map.Entry<UUID, String> mention : mentioned.entrySet()) {
            UUID user = mention.getKey();
            boolean canRead = access.accessOf(me.workspaceId(), user).allows(Action.READ, record);
            // The message names who and which kind of record, never anything the record holds.
            Text notice = Text.of(
                    (canRead ? "notice.mention." : "notice.mentionAccessRequired.") + entity.key(), me.principalName());
            notifications.notify(me.workspaceId(), user, "mention", entity.key(), recordId, !canRead, notice);
            // The e-mail in the language the person chose (docs/api.md, "E-mail").
            Locale language = users.languageOf(me.workspaceId(), user);
            // One link for every reader: the console's page opens the comment for whoever may read
            // the record, and says "access required" with a request button to anyone else.
            String link = baseUrl + "/access-requests?recordType=" + entity.key() + "&recordId=" + recordId
                    + "&commentId=" + commentId;
            mail.enqueue(
                    me.workspaceId(),
                    mention.getValue(),
                    Text.of(canRead ? "mail.mention.subject" : "mail.mention.subjectAccessRequired")
                            .in(messages, language),
                    notice.in(messages, language) + ".\n\n"
                            + Text.of(canRead ? "mail.mention.read" : "mail.mention.request", link)
                                    .in(messages, language)
                            + "\n");
        }
    }
}
