package io.custodia.audit;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.platform.WorkspacePrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends audit entries. Each entry's hash is SHA-256 over its canonical form and the previous
 * entry's hash. Appends lock the workspace row, so concurrent writers of one workspace queue up
 * and the chain never forks; the entry commits or rolls back with the change it records.
 */
@Service
public class AuditLog {
    static final String GENESIS = "0".repeat(64);
    static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final DSLContext db;

    AuditLog(DSLContext db) {
        this.db = db;
    }

    /** Who acted: a user (or, later, an integration); null id for the system itself. */
    public record Actor(UUID id, String name) {
        public static Actor of(WorkspacePrincipal principal) {
            return new Actor(principal.principalId(), principal.principalName());
        }
    }

    /**
     * Records a change. {@code before} and {@code after} are plain values (records, maps, lists)
     * and may be null. Must run inside the transaction that makes the change. A change whose state
     * after is the state before (sharing again at the same level, the same setting sent again)
     * changed nothing and appends nothing: the log holds changes, not requests.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(
            UUID workspaceId,
            Actor actor,
            String action,
            String targetType,
            Object targetId,
            Object before,
            Object after) {
        JsonNode was = tree(before);
        JsonNode is = tree(after);
        if (was != null && was.equals(is)) {
            return;
        }
        // Serialises appends per workspace: the chain's head (next seq, previous hash) is read under
        // this lock, from the workspace row that every append moves forward.
        var head = db.select(WORKSPACE.AUDIT_HEAD_SEQ, WORKSPACE.AUDIT_HEAD_HASH)
                .from(WORKSPACE)
                .where(WORKSPACE.ID.eq(workspaceId))
                .forUpdate()
                .fetchSingle();
        long seq = head.value1() + 1;
        String previous = head.value2() == null ? GENESIS : head.value2();
        Entry entry = new Entry(
                workspaceId,
                seq,
                UUID.randomUUID(),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS),
                actor.id(),
                actor.name(),
                action,
                targetType,
                targetId == null ? null : targetId.toString(),
                was,
                is,
                previous);
        // The entry and the new head in one statement (a data-modifying WITH): one round trip.
        db.with("appended")
                .as(DSL.insertInto(AUDIT_ENTRY)
                        .set(AUDIT_ENTRY.WORKSPACE_ID, workspaceId)
                        .set(AUDIT_ENTRY.SEQ, seq)
                        .set(AUDIT_ENTRY.ID, entry.id())
                        .set(AUDIT_ENTRY.AT, entry.at())
                        .set(AUDIT_ENTRY.ACTOR_ID, entry.actorId())
                        .set(AUDIT_ENTRY.ACTOR_NAME, entry.actorName())
                        .set(AUDIT_ENTRY.ACTION, action)
                        .set(AUDIT_ENTRY.TARGET_TYPE, targetType)
                        .set(AUDIT_ENTRY.TARGET_ID, entry.targetId())
                        .set(AUDIT_ENTRY.BEFORE, json(entry.before()))
                        .set(AUDIT_ENTRY.AFTER, json(entry.after()))
                        .set(AUDIT_ENTRY.PREVIOUS_HASH, previous)
                        .set(AUDIT_ENTRY.HASH, entry.hash())
                        .returning(AUDIT_ENTRY.SEQ))
                .update(WORKSPACE)
                .set(WORKSPACE.AUDIT_HEAD_SEQ, seq)
                .set(WORKSPACE.AUDIT_HEAD_HASH, entry.hash())
                .where(WORKSPACE.ID.eq(workspaceId))
                .execute();
    }

    private static JsonNode tree(Object value) {
        return value == null ? null : CANONICAL.valueToTree(value);
    }

    private static JSONB json(JsonNode node) {
        return node == null ? null : JSONB.valueOf(CANONICAL.writeValueAsString(node));
    }

    /** One entry as hashed. */
    record Entry(
            UUID workspaceId,
            long seq,
            UUID id,
            OffsetDateTime at,
            UUID actorId,
            String actorName,
            String action,
            String targetType,
            String targetId,
            JsonNode before,
            JsonNode after,
            String previousHash) {

        /** SHA-256 over the canonical form: the fields in a fixed order, JSON with sorted keys. */
        String hash() {
            String canonical = String.join(
                    "\u001f",
                    workspaceId.toString(),
                    Long.toString(seq),
                    id.toString(),
                    at.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString(),
                    String.valueOf(actorId),
                    String.valueOf(actorName),
                    action,
                    targetType,
                    String.valueOf(targetId),
                    canonical(before),
                    canonical(after),
                    previousHash);
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String canonical(JsonNode node) {
            if (node == null || node.isNull()) {
                return "null";
            }
            // Re-reading as a map sorts keys at every depth.
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
        }
    }
}
