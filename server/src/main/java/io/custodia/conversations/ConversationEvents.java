package io.custodia.conversations;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.DatabaseListener;
import io.custodia.platform.Tenancy;
import io.custodia.policy.ConversationAccess;
import io.custodia.policy.InboxTab;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates for inboxes. A change to a conversation notifies {@code custodia_conversation} in its
 * transaction; every node hears it when it commits, reads the conversation once, and sends it to
 * each of its subscribers in that workspace who may see it <em>at that moment</em>, with the tab it
 * now belongs to. Visibility is decided per event by the engine, so a change of team, setting or
 * role stops the flow at once.
 */
@Component
class ConversationEvents extends DatabaseListener {
    static final String CHANNEL = "custodia_conversation";
    private static final Logger log = LoggerFactory.getLogger(ConversationEvents.class);
    private static final long STREAM_TIMEOUT_MS = 30 * 60 * 1_000L;

    /** What happened to a conversation. */
    enum Kind {
        OPENED,
        MESSAGE,
        ASSIGNED,
        COMPLETED,
        REOPENED
    }

    /** What a subscriber receives: the change, and where the conversation now sits in their inbox. */
    record Event(
            String kind,
            UUID conversationId,
            String tab,
            String state,
            UUID attendantId,
            OffsetDateTime updatedAt,
            Conversations.Message message) {}

    private record Subscriber(UUID userId, SseEmitter emitter, java.util.function.BooleanSupplier signedIn) {}

    private final DSLContext db;
    private final Conversations conversations;
    private final AccessPolicies access;
    private final Map<UUID, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    // One sender keeps each stream in commit order and the listening thread free.
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "custodia-conversation-events");
        t.setDaemon(true);
        return t;
    });

    ConversationEvents(DataSource dataSource, DSLContext db, Conversations conversations, AccessPolicies access) {
        super(dataSource, CHANNEL);
        this.db = db;
        this.conversations = conversations;
        this.access = access;
    }

    /** Announces a change; call inside the transaction that makes it: nothing is sent if it rolls back. */
    void published(UUID workspaceId, UUID conversationId, Kind kind, UUID messageId) {
        String payload = workspaceId + ":" + conversationId + ":" + kind + ":" + (messageId == null ? "" : messageId);
        db.select(DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.val(payload)))
                .fetch();
    }

    /**
     * A stream for the user; it ends after 30 minutes (clients reconnect), when the client leaves, or
     * at the next heartbeat after {@code signedIn} turns false (signed out, token revoked, user deactivated).
     */
    SseEmitter subscribe(UUID workspaceId, UUID userId, java.util.function.BooleanSupplier signedIn) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
        Subscriber subscriber = new Subscriber(userId, emitter, signedIn);
        Set<Subscriber> inWorkspace = subscribers.computeIfAbsent(workspaceId, k -> ConcurrentHashMap.newKeySet());
        inWorkspace.add(subscriber);
        Runnable remove = () -> inWorkspace.remove(subscriber);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            // Tells the client the stream is live, so it can load its tabs without missing a change.
            emitter.send(SseEmitter.event().name("ready").data(Map.of("userId", userId), MediaType.APPLICATION_JSON));
        } catch (IOException e) {
            remove.run();
        }
        return emitter;
    }

    @Override
    protected void listening() {
        // Changes may have been missed while not listening: tell every client to reload its tabs.
        sender.execute(() -> subscribers.values().forEach(set -> set.forEach(s -> send(set, s, "resync", Map.of()))));
    }

    @Override
    protected void received(String payload) {
        String[] parts = payload.split(":", -1);
        UUID workspaceId = UUID.fromString(parts[0]);
        UUID conversationId = UUID.fromString(parts[1]);
        Kind kind = Kind.valueOf(parts[2]);
        UUID messageId = parts[3].isEmpty() ? null : UUID.fromString(parts[3]);
        if (subscribers.getOrDefault(workspaceId, Set.of()).isEmpty()) {
            return;
        }
        sender.execute(() -> Tenancy.in(workspaceId, () -> dispatch(workspaceId, conversationId, kind, messageId)));
    }

    @Override
    protected void lost() {
        // Nothing to undo: the next listening() makes every client resync.
    }

    private void dispatch(UUID workspaceId, UUID conversationId, Kind kind, UUID messageId) {
        Set<Subscriber> set = subscribers.getOrDefault(workspaceId, Set.of());
        Optional<Conversations.Conversation> found = conversations.find(workspaceId, conversationId);
        if (set.isEmpty() || found.isEmpty()) {
            return;
        }
        Conversations.Conversation c = found.get();
        Conversations.Message message = messageId == null
                ? null
                : conversations.message(workspaceId, messageId).orElse(null);
        for (Subscriber s : set) {
            try {
                ConversationAccess theirs =
                        access.accessOf(workspaceId, s.userId()).conversations();
                if (!theirs.see(c.facts()).allowed()) {
                    continue;
                }
                String tab = theirs.tabOf(c.facts()).map(InboxTab::key).orElse(null);
                send(
                        set,
                        s,
                        kind.name().toLowerCase(java.util.Locale.ROOT),
                        new Event(
                                kind.name().toLowerCase(java.util.Locale.ROOT),
                                c.id(),
                                tab,
                                c.state().name(),
                                c.attendantId(),
                                c.updatedAt(),
                                message));
            } catch (RuntimeException e) {
                // An error deciding for one subscriber sends them nothing and never stops the others.
                log.warn("Could not decide a conversation event for user {}: {}", s.userId(), e.toString());
            }
        }
    }

    private static void send(Set<Subscriber> set, Subscriber s, String name, Object data) {
        try {
            s.emitter().send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            set.remove(s);
        }
    }

    /**
     * A comment every 20 seconds keeps proxies from closing idle streams and finds departed clients;
     * streams whose sign-in has ended (signed out, token revoked, user deactivated) are closed.
     */
    @Scheduled(fixedDelayString = "${custodia.conversations.heartbeat:PT20S}")
    void heartbeat() {
        sender.execute(() -> subscribers.forEach((workspaceId, set) -> Tenancy.in(
                workspaceId,
                () -> set.forEach(s -> {
                    try {
                        if (!s.signedIn().getAsBoolean()) {
                            set.remove(s);
                            s.emitter().complete();
                            return;
                        }
                        s.emitter().send(SseEmitter.event().comment("keep-alive"));
                    } catch (IOException | RuntimeException e) {
                        set.remove(s);
                    }
                }))));
    }

    @Override
    public void stop() {
        super.stop();
        subscribers.values().forEach(set -> set.forEach(s -> s.emitter().complete()));
        sender.shutdown();
    }
}
