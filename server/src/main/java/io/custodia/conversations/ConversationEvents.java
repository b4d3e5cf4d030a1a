package io.custodia.conversations;

import io.custodia.access.AccessPolicies;
import io.custodia.directory.SignInsEnded;
import io.custodia.platform.DatabaseListener;
import io.custodia.platform.Tenancy;
import io.custodia.policy.ConversationAccess;
import io.custodia.policy.InboxTab;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
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

    /**
     * One open stream: whose it is, and the sign-in it was opened with: until when that lasts, and
     * how to ask the database whether it still holds (not signed out, revoked, nor the user
     * deactivated). Every node hears of each ended sign-in ({@link SignInsEnded}) in commit order
     * with the conversation changes, and asks at once; so an event is only ever sent on a sign-in
     * that was still valid when the event's change committed.
     */
    private static final class Subscriber {
        final UUID userId;
        final SseEmitter emitter;
        final OffsetDateTime until;
        final BooleanSupplier stillValid;
        volatile boolean ended;

        Subscriber(UUID userId, SseEmitter emitter, OffsetDateTime until, BooleanSupplier stillValid) {
            this.userId = userId;
            this.emitter = emitter;
            this.until = until;
            this.stillValid = stillValid;
        }

        /** Whether an event may go to it now: its sign-in was not found ended and has not expired. */
        boolean signedIn() {
            return !ended && OffsetDateTime.now().isBefore(until);
        }
    }

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

    ConversationEvents(
            DataSource dataSource,
            DSLContext db,
            Conversations conversations,
            AccessPolicies access,
            MeterRegistry meters) {
        // One connection for both, so an ended sign-in is heard before every change committed after it.
        super(dataSource, CHANNEL, SignInsEnded.CHANNEL);
        this.db = db;
        this.conversations = conversations;
        this.access = access;
        Gauge.builder(
                        "custodia.live.subscribers",
                        subscribers,
                        all -> all.values().stream().mapToInt(Set::size).sum())
                .description("Live streams (server-sent events) open on this node")
                .register(meters);
    }

    /** Announces a change; call inside the transaction that makes it: nothing is sent if it rolls back. */
    void published(UUID workspaceId, UUID conversationId, Kind kind, UUID messageId) {
        String payload = workspaceId + ":" + conversationId + ":" + kind + ":" + (messageId == null ? "" : messageId);
        db.select(DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.val(payload)))
                .fetch();
    }

    /**
     * A stream for the user, on a sign-in valid {@code until} (null: not valid now) that {@code
     * stillValid} checks again; it ends after 30 minutes (clients reconnect), when the client leaves,
     * when the sign-in expires, and at once on every node when it ends (signed out, token revoked,
     * user deactivated).
     */
    SseEmitter subscribe(UUID workspaceId, UUID userId, OffsetDateTime until, BooleanSupplier stillValid) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
        if (until == null) {
            emitter.complete();
            return emitter;
        }
        Subscriber subscriber = new Subscriber(userId, emitter, until, stillValid);
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
        // Changes and ended sign-ins may have been missed while not listening: check every sign-in
        // again, and tell every client to reload its tabs.
        sender.execute(() -> subscribers.forEach((workspaceId, set) -> Tenancy.in(
                workspaceId,
                () -> set.forEach(s -> {
                    if (checked(set, s)) {
                        send(set, s, "resync", Map.of());
                    }
                }))));
    }

    @Override
    protected void received(String channel, String payload) {
        if (!channel.equals(SignInsEnded.CHANNEL)) {
            received(payload);
            return;
        }
        SignInsEnded.Notice notice = SignInsEnded.Notice.parse(payload);
        Set<Subscriber> set = subscribers.getOrDefault(notice.workspaceId(), Set.of());
        if (set.stream().noneMatch(s -> s.userId.equals(notice.userId()))) {
            return;
        }
        // On the sender, so that no event committed after the sign-in ended is sent before this check.
        sender.execute(() -> Tenancy.in(
                notice.workspaceId(),
                () -> set.forEach(s -> {
                    if (s.userId.equals(notice.userId())) {
                        checked(set, s);
                    }
                })));
    }

    /** Asks the database whether the stream's sign-in still holds; ends the stream if not. */
    private boolean checked(Set<Subscriber> set, Subscriber s) {
        try {
            if (s.signedIn() && s.stillValid.getAsBoolean()) {
                return true;
            }
        } catch (RuntimeException e) {
            // INVARIANT: a sign-in that cannot be checked is not taken as valid.
            log.warn("Could not check the sign-in of a stream of user {}: {}", s.userId, e.toString());
        }
        end(set, s);
        return false;
    }

    private static void end(Set<Subscriber> set, Subscriber s) {
        s.ended = true;
        set.remove(s);
        s.emitter.complete();
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
            if (!s.signedIn()) {
                end(set, s);
                continue;
            }
            try {
                ConversationAccess theirs =
                        access.accessOf(workspaceId, s.userId).conversations();
                if (!theirs.see(c.facts()).allowed()) {
                    continue;
                }
                String tab = theirs.tabOf(c.facts()).map(InboxTab::key).orElse(null);
                send(
                        set,
                        s,
                        kind.name().toLowerCase(Locale.ROOT),
                        new Event(
                                kind.name().toLowerCase(Locale.ROOT),
                                c.id(),
                                tab,
                                c.state().name(),
                                c.attendantId(),
                                c.updatedAt(),
                                message));
            } catch (RuntimeException e) {
                // An error deciding for one subscriber sends them nothing and never stops the others.
                log.warn("Could not decide a conversation event for user {}: {}", s.userId, e.toString());
            }
        }
    }

    private static void send(Set<Subscriber> set, Subscriber s, String name, Object data) {
        try {
            s.emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            set.remove(s);
        }
    }

    /**
     * A comment every 20 seconds keeps proxies from closing idle streams and finds departed clients;
     * every sign-in is checked again too, should a notice of one that ended have been lost.
     */
    @Scheduled(fixedDelayString = "${custodia.conversations.heartbeat:PT20S}")
    void heartbeat() {
        sender.execute(() -> subscribers.forEach((workspaceId, set) -> Tenancy.in(
                workspaceId,
                () -> set.forEach(s -> {
                    if (!checked(set, s)) {
                        return;
                    }
                    try {
                        s.emitter.send(SseEmitter.event().comment("keep-alive"));
                    } catch (IOException | RuntimeException e) {
                        set.remove(s);
                    }
                }))));
    }

    @Override
    public void stop() {
        super.stop();
        subscribers.values().forEach(set -> set.forEach(s -> s.emitter.complete()));
        sender.shutdown();
    }
}
