package io.custodia.conversations;

import io.custodia.access.AccessPolicies;
import io.custodia.access.RecordLookup;
import io.custodia.audit.AuditLog;
import io.custodia.directory.ConsoleSession;
import io.custodia.directory.Teams;
import io.custodia.directory.Tokens;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.ConversationAccess;
import io.custodia.policy.ConversationFacts;
import io.custodia.policy.ConversationState;
import io.custodia.policy.EntityType;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.InboxTab;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Conversations over HTTP: open, read, the inbox tabs, messages, assignment, completion and the live
 * stream. Who sees and who may act is asked of the engine every time ({@link ConversationAccess});
 * a conversation the caller may not see answers 404, an action it may not take 403 with the reason.
 */
@Tag(name = "Conversations")
@RestController
@RequestMapping("/api/v1/conversations")
class ConversationController {
    private static final int MESSAGES_SHOWN = 100;

    private final Conversations conversations;
    private final ConversationEvents events;
    private final Teams teams;
    private final Users users;
    private final Tokens tokens;
    private final AccessPolicies access;
    private final RecordLookup records;
    private final AuditLog audit;

    private final Cursors cursors;

    ConversationController(
            Cursors cursors,
            Conversations conversations,
            ConversationEvents events,
            Teams teams,
            Users users,
            Tokens tokens,
            AccessPolicies access,
            RecordLookup records,
            AuditLog audit) {
        this.cursors = cursors;
        this.conversations = conversations;
        this.events = events;
        this.teams = teams;
        this.users = users;
        this.tokens = tokens;
        this.access = access;
        this.records = records;
        this.audit = audit;
    }

    record NewConversation(
            @NotNull UUID teamId,
            @NotNull UUID contactId,
            UUID attendantId,

            @NotBlank @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9_.-]+", message = "letters, digits, '.', '_' or '-'")
            String channel,

            @NotBlank @Size(max = 500) String subject) {}

    record NewMessage(@NotBlank @Size(max = 20_000) String body) {}

    record Assignment(UUID attendantId) {}

    /** A conversation as the caller sees it: the contact only as far as the caller can read it. */
    record View(
            UUID id,
            UUID teamId,
            UUID attendantId,
            String channel,
            String subject,
            ConversationState state,
            String tab,
            boolean contactReadable,
            Map<String, Object> contact,
            UUID createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            OffsetDateTime completedAt,
            long version,
            ConversationCan can,
            List<Conversations.Message> messages) {}

    @Operation(operationId = "openConversation", summary = "Open a conversation")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Transactional
    ResponseEntity<View> open(
            @AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody NewConversation body) {
        UUID ws = me.workspaceId();
        teams.find(ws, body.teamId()).orElseThrow(() -> ApiProblem.notFound("team {0}", body.teamId()));
        CompiledAccess mine = access.accessOf(ws, me.principalId());
        if (!records.views(ws, EntityType.CONTACT, List.of(body.contactId()), mine)
                .containsKey(body.contactId())) {
            throw ApiProblem.notFound("contact {0}", body.contactId());
        }
        ConversationAccess rules = mine.conversations();
        TeamId team = new TeamId(body.teamId());
        if (body.attendantId() != null) {
            requireAttendant(ws, rules, team, body.attendantId());
        }
        require(rules.open(team, body.attendantId() == null ? null : new UserId(body.attendantId())));
        UUID id = UUID.randomUUID();
        conversations.open(
                ws,
                id,
                body.teamId(),
                body.contactId(),
                body.attendantId(),
                body.channel(),
                body.subject().strip(),
                me.principalId());
        Conversations.Conversation opened = conversations.find(ws, id).orElseThrow();
        audit.record(ws, AuditLog.Actor.of(me), "conversation.opened", "conversation", id, null, summary(opened));
        events.published(ws, id, ConversationEvents.Kind.OPENED, null);
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + id)).body(view(me, opened, false));
    }

    /** One tab of the caller's inbox (or everything the caller sees, without a tab), latest activity first. */
    @Operation(operationId = "listConversations", summary = "List conversations")
    @GetMapping
    Cursors.Page<View> list(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam(required = false) String tab,
            @RequestParam(required = false) UUID teamId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Cursors.limit(limit);
        ConversationAccess rules =
                access.accessOf(me.workspaceId(), me.principalId()).conversations();
        var scope = tab == null ? rules.scope() : rules.scope(parseTab(tab));
        Cursors.TimeAndId after = cursors.timeAndId(cursor);
        List<Conversations.Conversation> page =
                conversations.visibleTo(me.workspaceId(), scope, teamId, after, size + 1);
        boolean more = page.size() > size;
        List<Conversations.Conversation> shown = more ? page.subList(0, size) : page;
        CompiledAccess mine = access.accessOf(me.workspaceId(), me.principalId());
        Map<UUID, Map<String, Object>> contacts = records.views(
                me.workspaceId(),
                EntityType.CONTACT,
                shown.stream().map(Conversations.Conversation::contactId).toList(),
                mine);
        List<View> items = shown.stream()
                .map(c -> view(mine, c, contacts.get(c.contactId()), null))
                .toList();
        String next = null;
        if (more) {
            Conversations.Conversation last = shown.get(shown.size() - 1);
            next = cursors.encode(new Cursors.TimeAndId(last.updatedAt(), last.id()));
        }
        return new Cursors.Page<>(items, next);
    }

    @Operation(operationId = "getConversation", summary = "Get a conversation")
    @GetMapping("/{id}")
    View get(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return view(me, visible(me, id, false), true);
    }

    /** Messages oldest first, paged. */
    @Operation(operationId = "listMessages", summary = "List a conversation's messages")
    @GetMapping("/{id}/messages")
    Cursors.Page<Conversations.Message> messages(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        visible(me, id, false);
        int size = Cursors.limit(limit);
        Cursors.TimeAndId after = cursors.timeAndId(cursor);
        List<Conversations.Message> page = conversations.messages(me.workspaceId(), id, after, size + 1);
        boolean more = page.size() > size;
        List<Conversations.Message> shown = more ? page.subList(0, size) : page;
        String next = null;
        if (more) {
            Conversations.Message last = shown.get(shown.size() - 1);
            next = cursors.encode(new Cursors.TimeAndId(last.createdAt(), last.id()));
        }
        return new Cursors.Page<>(shown, next);
    }

    @Operation(operationId = "writeMessage", summary = "Write a message in a conversation")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping("/{id}/messages")
    @Transactional
    ResponseEntity<Conversations.Message> write(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @Valid @RequestBody NewMessage body) {
        Conversations.Conversation c = visible(me, id, true);
        require(rules(me).handle(c.facts()));
        if (c.state() == ConversationState.COMPLETED) {
            throw ApiProblem.conflict("the conversation is completed; reopen it to write");
        }
        Conversations.Message message = conversations.append(me.workspaceId(), id, me.principalId(), body.body());
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "conversation.message_written",
                "conversation",
                id,
                null,
                Map.of("messageId", message.id()));
        events.published(me.workspaceId(), id, ConversationEvents.Kind.MESSAGE, message.id());
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + id + "/messages/" + message.id()))
                .body(message);
    }

    @Operation(operationId = "assignConversation", summary = "Assign a conversation to an attendant")
    @PostMapping("/{id}/assign")
    @Transactional
    View assign(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestBody(required = false) Assignment body) {
        UUID ws = me.workspaceId();
        Conversations.Conversation c = visible(me, id, true);
        ConversationAccess rules = rules(me);
        UUID to = body == null ? null : body.attendantId();
        if (to != null) {
            requireAttendant(ws, rules, new TeamId(c.teamId()), to);
        }
        require(rules.assign(c.facts(), to == null ? null : new UserId(to)));
        if (c.state() == ConversationState.COMPLETED) {
            throw ApiProblem.conflict("the conversation is completed; reopen it to assign it");
        }
        if (Objects.equals(c.attendantId(), to)) {
            return view(me, c, false);
        }
        conversations.assign(ws, id, to);
        Conversations.Conversation after = conversations.find(ws, id).orElseThrow();
        audit.record(
                ws, AuditLog.Actor.of(me), "conversation.assigned", "conversation", id, summary(c), summary(after));
        events.published(ws, id, ConversationEvents.Kind.ASSIGNED, null);
        return view(me, after, false);
    }

    @Operation(operationId = "completeConversation", summary = "Complete a conversation")
    @PostMapping("/{id}/complete")
    @Transactional
    View complete(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return changeState(me, id, ConversationState.COMPLETED);
    }

    @Operation(operationId = "reopenConversation", summary = "Reopen a conversation")
    @PostMapping("/{id}/reopen")
    @Transactional
    View reopen(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return changeState(me, id, ConversationState.OPEN);
    }

    /**
     * New messages and tab changes of the conversations the caller may see, as Server-Sent Events.
     * The stream lasts as long as the sign-in it was opened with: signing out, a revoked token or a
     * deactivation ends it at once on every node, and its expiry ends it too.
     */
    @Operation(operationId = "streamConversationEvents", summary = "Stream conversation events (server-sent events)")
    @GetMapping(path = "/events", produces = "text/event-stream")
    SseEmitter stream(@AuthenticationPrincipal WorkspacePrincipal me, HttpServletRequest request) {
        // A bearer token, or the console's session (whose token ends with it).
        String token = ConsoleSession.tokenCarriedBy(request).orElse(null);
        OffsetDateTime until = token == null
                ? null
                : tokens.validUntil(token, me.principalId()).orElse(null);
        return events.subscribe(
                me.workspaceId(),
                me.principalId(),
                until,
                () -> tokens.validUntil(token, me.principalId()).isPresent());
    }

    private View changeState(WorkspacePrincipal me, UUID id, ConversationState target) {
        UUID ws = me.workspaceId();
        Conversations.Conversation c = visible(me, id, true);
        require(rules(me).handle(c.facts()));
        if (c.state() == target) {
            throw ApiProblem.conflict("the conversation is already {0}", ProblemWords.conversationState(target));
        }
        if (target == ConversationState.COMPLETED) {
            conversations.complete(ws, id);
        } else {
            conversations.reopen(ws, id);
        }
        Conversations.Conversation after = conversations.find(ws, id).orElseThrow();
        String action = target == ConversationState.COMPLETED ? "conversation.completed" : "conversation.reopened";
        audit.record(ws, AuditLog.Actor.of(me), action, "conversation", id, summary(c), summary(after));
        events.published(
                ws,
                id,
                target == ConversationState.COMPLETED
                        ? ConversationEvents.Kind.COMPLETED
                        : ConversationEvents.Kind.REOPENED,
                null);
        return view(me, after, false);
    }

    private ConversationAccess rules(WorkspacePrincipal me) {
        return access.accessOf(me.workspaceId(), me.principalId()).conversations();
    }

    /** The conversation if the caller sees it (locked for a change when {@code forChange}); 404 otherwise. */
    private Conversations.Conversation visible(WorkspacePrincipal me, UUID id, boolean forChange) {
        var found = forChange ? conversations.lock(me.workspaceId(), id) : conversations.find(me.workspaceId(), id);
        return found.filter(c -> rules(me).see(c.facts()).allowed())
                .orElseThrow(() -> ApiProblem.notFound("conversation {0}", id));
    }

    private void requireAttendant(UUID ws, ConversationAccess rules, TeamId team, UUID attendant) {
        users.find(ws, attendant).orElseThrow(() -> ApiProblem.invalid("attendantId", "no such user"));
        if (!rules.canAttend(team, new UserId(attendant))) {
            throw ApiProblem.invalid("attendantId", "must be a member of the conversation's team");
        }
    }

    private static void require(ConversationAccess.Verdict verdict) {
        if (!verdict.allowed()) {
            throw ApiProblem.forbiddenBecause(verdict.template(), verdict.args().toArray());
        }
    }

    private View view(WorkspacePrincipal me, Conversations.Conversation c, boolean withMessages) {
        CompiledAccess mine = access.accessOf(me.workspaceId(), me.principalId());
        Map<String, Object> contact = records.views(me.workspaceId(), EntityType.CONTACT, List.of(c.contactId()), mine)
                .get(c.contactId());
        return view(
                mine,
                c,
                contact,
                withMessages ? conversations.latestMessages(me.workspaceId(), c.id(), MESSAGES_SHOWN) : null);
    }

    private static View view(
            CompiledAccess mine,
            Conversations.Conversation c,
            Map<String, Object> contact,
            List<Conversations.Message> messages) {
        ConversationFacts facts = c.facts();
        return new View(
                c.id(),
                c.teamId(),
                c.attendantId(),
                c.channel(),
                c.subject(),
                c.state(),
                mine.conversations().tabOf(facts).map(InboxTab::key).orElse(null),
                contact != null,
                contact,
                c.createdBy(),
                c.createdAt(),
                c.updatedAt(),
                c.completedAt(),
                c.version(),
                ConversationCan.of(mine.conversations(), c, mine.user()),
                messages);
    }

    private static Map<String, Object> summary(Conversations.Conversation c) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("teamId", c.teamId());
        summary.put("attendantId", c.attendantId());
        summary.put("state", c.state().name());
        return summary;
    }

    private static InboxTab parseTab(String tab) {
        try {
            return InboxTab.fromKey(tab);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("tab", "expected one of mine, queue, others, completed");
        }
    }
}
