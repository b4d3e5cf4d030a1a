package io.custodia.audit;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.platform.db.tables.records.AuditEntryRecord;
import java.util.UUID;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import tools.jackson.databind.JsonNode;

/** Walks a workspace's audit chain, checks every link, and that it ends at the workspace's recorded head. */
final class AuditChain {
    private AuditChain() {}

    record Result(boolean valid, long entries, UUID firstBrokenId, Long firstBrokenSeq, String reason) {}

    static Result verify(DSLContext db, UUID workspaceId) {
        String previous = AuditLog.GENESIS;
        long expectedSeq = 1;
        long count = 0;
        try (Cursor<AuditEntryRecord> entries = db.selectFrom(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.WORKSPACE_ID.eq(workspaceId))
                .orderBy(AUDIT_ENTRY.SEQ)
                .fetchSize(500)
                .fetchLazy()) {
            for (AuditEntryRecord r : entries) {
                count++;
                if (r.getSeq() != expectedSeq) {
                    return broken(count, r, "entry " + expectedSeq + " is missing: the next one is " + r.getSeq());
                }
                if (!r.getPreviousHash().equals(previous)) {
                    return broken(count, r, "it does not point at the hash of the entry before it");
                }
                AuditLog.Entry entry = new AuditLog.Entry(
                        r.getWorkspaceId(),
                        r.getSeq(),
                        r.getId(),
                        r.getAt(),
                        r.getActorId(),
                        r.getActorName(),
                        r.getAction(),
                        r.getTargetType(),
                        r.getTargetId(),
                        node(r.getBefore()),
                        node(r.getAfter()),
                        r.getPreviousHash());
                if (!entry.hash().equals(r.getHash())) {
                    return broken(count, r, "its content does not match its hash: it was changed after it was written");
                }
                previous = r.getHash();
                expectedSeq++;
            }
        }
        var head = db.select(WORKSPACE.AUDIT_HEAD_SEQ, WORKSPACE.AUDIT_HEAD_HASH)
                .from(WORKSPACE)
                .where(WORKSPACE.ID.eq(workspaceId))
                .fetchOne();
        if (head != null && (head.value1() != count || (count > 0 && !previous.equals(head.value2())))) {
            // The chain is whole up to here, but the workspace's head says it went further.
            return new Result(
                    false,
                    count,
                    null,
                    count + 1,
                    "entries from " + (count + 1) + " to " + head.value1() + " are missing, or the last one was"
                            + " replaced: the chain ends at " + count);
        }
        return new Result(true, count, null, null, null);
    }

    private static Result broken(long count, AuditEntryRecord r, String reason) {
        return new Result(false, count, r.getId(), r.getSeq(), reason);
    }

    private static JsonNode node(JSONB json) {
        return json == null ? null : AuditLog.CANONICAL.readTree(json.data());
    }
}
