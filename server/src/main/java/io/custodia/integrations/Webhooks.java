package io.custodia.integrations;

import static io.custodia.platform.db.Tables.WEBHOOK_DELIVERY;

import io.custodia.access.AccessPolicies;
import io.custodia.access.RecordLookup;
import io.custodia.platform.BacklogGauge;
import io.custodia.platform.Tenancy;
import io.custodia.policy.CompiledAccess;
import io.custodia.records.RecordChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Record changes for apps with a webhook URL and read scope on that kind of record. A delivery is
 * written in the transaction that changed the record (nothing is announced that rolls back), with
 * the record as the app may read it (hidden fields left out); a job posts it signed as the
 * Standard Webhooks specification says ({@link WebhookSignatures}) to an address the targets admit
 * ({@link WebhookTargets}, {@link WebhookSender}), retries failures with doubling backoff up to
 * {@value #MAX_ATTEMPTS} attempts, and keeps each attempt's outcome (in a few fixed words), also in
 * the app's sync log.
 */
@Component
class Webhooks {
    static final int MAX_ATTEMPTS = 8;
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final Apps apps;
    private final Authorizations authorizations;
    private final AccessPolicies access;
    private final RecordLookup records;
    private final SyncLog syncLog;
    private final TransactionTemplate tx;
    private final Duration retryBase;
    private final WebhookSender sender;
    private final MeterRegistry meters;

    Webhooks(
            DSLContext db,
            Apps apps,
            Authorizations authorizations,
            AccessPolicies access,
            RecordLookup records,
            SyncLog syncLog,
            WebhookTargets targets,
            PlatformTransactionManager transactions,
            @Value("${custodia.webhooks.retry-base:PT10S}") Duration retryBase,
            MeterRegistry meters) {
        this.db = db;
        this.apps = apps;
        this.authorizations = authorizations;
        this.access = access;
        this.records = records;
        this.syncLog = syncLog;
        this.tx = new TransactionTemplate(transactions);
        this.retryBase = retryBase;
        this.sender = new WebhookSender(targets);
        this.meters = meters;
        BacklogGauge.register(
                meters,
                "custodia.webhooks.backlog",
                "Webhook deliveries pending (not delivered yet, still to be tried)",
                () -> db.fetchCount(WEBHOOK_DELIVERY, WEBHOOK_DELIVERY.STATE.eq("PENDING")));
    }

    /** One delivery as the app's administrators see it. */
    record Delivery(
            UUID id,
            UUID appId,
            String event,
            String state,
            int attempts,
            Integer lastStatus,
            String lastError,
            OffsetDateTime createdAt,
            OffsetDateTime deliveredAt) {}

    @EventListener
    void recordChanged(RecordChanged change) {
        UUID ws = change.workspaceId();
        Map<UUID, Set<String>> live = authorizations.liveScopes(ws);
        if (live.isEmpty()) {
            return;
        }
        String event = change.entity().key() + "." + change.change().name().toLowerCase(Locale.ROOT);
        for (Apps.App app : apps.all(ws)) {
            Set<String> scopes = app.narrow(live.getOrDefault(app.id(), Set.of()));
            if (app.webhookUrl() == null || !IntegrationScope.reads(scopes, change.entity())) {
                continue;
            }
            CompiledAccess theirs = access.accessOf(ws, app.principalId());
            Map<String, Object> payload = new LinkedHashMap<>();
            UUID id = UUID.randomUUID();
            payload.put("deliveryId", id);
            payload.put("event", event);
            payload.put("recordType", change.entity().key());
            payload.put("recordId", change.recordId());
            payload.put("occurredAt", OffsetDateTime.now());
            payload.put(
                    "record",
                    change.change() == RecordChanged.Change.DELETED
                            ? null
                            : records.views(ws, change.entity(), List.of(change.recordId()), theirs)
                                    .get(change.recordId()));
            db.insertInto(WEBHOOK_DELIVERY)
                    .set(WEBHOOK_DELIVERY.WORKSPACE_ID, ws)
                    .set(WEBHOOK_DELIVERY.ID, id)
                    .set(WEBHOOK_DELIVERY.APP_ID, app.id())
                    .set(WEBHOOK_DELIVERY.EVENT, event)
                    .set(WEBHOOK_DELIVERY.PAYLOAD, JSON.writeValueAsString(payload))
                    .execute();
        }
    }

    @Scheduled(fixedDelayString = "${custodia.webhooks.poll:PT2S}")
    void sendDue() {
        Tenancy.acrossWorkspaces(this::sendEveryDue);
    }

    private void sendEveryDue() {
        tx.executeWithoutResult(status -> db.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.STATE.eq("PENDING"))
                .and(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT.le(OffsetDateTime.now()))
                .orderBy(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT)
                .limit(10)
                .forUpdate()
                .skipLocked()
                .fetch()
                .forEach(d -> attempt(
                        d.getWorkspaceId(), d.getId(), d.getAppId(), d.getEvent(), d.getPayload(), d.getAttempts())));
    }

    private void attempt(UUID ws, UUID id, UUID appId, String event, String payload, int attempts) {
        Apps.App app = apps.find(ws, appId).orElse(null);
        String secret = apps.webhookSecret(ws, appId).orElse(null);
        long started = System.nanoTime();
        WebhookSender.Outcome outcome;
        if (app == null || app.webhookUrl() == null || secret == null) {
            outcome = new WebhookSender.Outcome(null, "the app has no webhook address any more");
        } else {
            // The same id on every attempt, so the receiver can drop repeats; a fresh timestamp, so it can refuse
            // replays.
            long timestamp = System.currentTimeMillis() / 1000;
            outcome = sender.post(
                    app.webhookUrl(),
                    Map.of(
                            "webhook-id", id.toString(),
                            "webhook-timestamp", Long.toString(timestamp),
                            "webhook-signature", WebhookSignatures.sign(secret, id.toString(), timestamp, payload),
                            "X-Custodia-Event", event),
                    payload);
        }
        Integer status = outcome.status();
        String error = outcome.error();
        int attempt = attempts + 1;
        boolean delivered = error == null;
        String state = delivered ? "DELIVERED" : attempt >= MAX_ATTEMPTS ? "FAILED" : "PENDING";
        db.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.ATTEMPTS, attempt)
                .set(WEBHOOK_DELIVERY.STATE, state)
                .set(WEBHOOK_DELIVERY.LAST_STATUS, status)
                .set(WEBHOOK_DELIVERY.LAST_ERROR, error)
                .set(WEBHOOK_DELIVERY.DELIVERED_AT, delivered ? OffsetDateTime.now() : null)
                .set(
                        WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT,
                        OffsetDateTime.now().plus(retryBase.multipliedBy(1L << Math.min(attempt - 1, 12))))
                .where(WEBHOOK_DELIVERY.WORKSPACE_ID.eq(ws).and(WEBHOOK_DELIVERY.ID.eq(id)))
                .execute();
        if (app != null) {
            syncLog.record(
                    ws, appId, "WEBHOOK", event + " -> " + app.webhookUrl(), status == null ? 0 : status, error, (int)
                            ((System.nanoTime() - started) / 1_000_000));
        }
        if (!delivered) {
            Counter.builder("custodia.webhooks.failures")
                    .description("Webhook delivery attempts that failed: retried later, or given up after the last")
                    .tag("outcome", state.equals("FAILED") ? "gave_up" : "retry")
                    .register(meters)
                    .increment();
            log.warn("webhook {} of app {} not delivered (attempt {}): {}", id, appId, attempt, error);
        }
    }

    @PreDestroy
    void close() throws IOException {
        sender.close();
    }

    /** Ends the app's deliveries not yet made: none is attempted again. */
    void endPending(UUID workspaceId, UUID appId, String why) {
        db.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.STATE, "FAILED")
                .set(WEBHOOK_DELIVERY.LAST_ERROR, why)
                .where(WEBHOOK_DELIVERY.WORKSPACE_ID.eq(workspaceId))
                .and(WEBHOOK_DELIVERY.APP_ID.eq(appId))
                .and(WEBHOOK_DELIVERY.STATE.eq("PENDING"))
                .execute();
    }

    /** Deliveries newest first, of one app or all. */
    List<Delivery> deliveries(UUID workspaceId, UUID appId, int limit) {
        var where = WEBHOOK_DELIVERY.WORKSPACE_ID.eq(workspaceId);
        if (appId != null) {
            where = where.and(WEBHOOK_DELIVERY.APP_ID.eq(appId));
        }
        return db.selectFrom(WEBHOOK_DELIVERY)
                .where(where)
                .orderBy(WEBHOOK_DELIVERY.CREATED_AT.desc(), WEBHOOK_DELIVERY.ID.desc())
                .limit(limit)
                .fetch(r -> new Delivery(
                        r.getId(),
                        r.getAppId(),
                        r.getEvent(),
                        r.getState(),
                        r.getAttempts(),
                        r.getLastStatus(),
                        r.getLastError(),
                        r.getCreatedAt(),
                        r.getDeliveredAt()));
    }
}
