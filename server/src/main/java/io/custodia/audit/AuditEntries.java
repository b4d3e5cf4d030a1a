package io.custodia.audit;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.ValueRules;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** The audit log as read: pages of entries newest first, and the chain's verification. */
@Component
class AuditEntries {
    private final DSLContext db;
    private final Cursors cursors;

    AuditEntries(DSLContext db, Cursors cursors) {
        this.db = db;
        this.cursors = cursors;
    }

    record Actor(String id, String name) {}

    record Target(String type, String id) {}

    record EntryView(
            UUID id,
            long seq,
            OffsetDateTime at,
            Actor actor,
            String action,
            Target target,
            JsonNode before,
            JsonNode after,
            String hash,
            String previousHash) {}

    /** What a page is filtered by; a null filter is no filter. */
    record Filter(
            UUID actorId, String action, String targetType, String targetId, OffsetDateTime from, OffsetDateTime to) {}

    Cursors.Page<EntryView> page(UUID workspaceId, Integer limit, String cursor, Filter filter) {
        int size = Cursors.limit(limit);
        List<Condition> where = new ArrayList<>();
        where.add(AUDIT_ENTRY.WORKSPACE_ID.eq(workspaceId));
        if (cursor != null) {
            try {
                where.add(AUDIT_ENTRY.SEQ.lt(
                        Long.parseLong(cursors.decode(cursor, 1).get(0))));
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("the cursor is not one this server gave out");
            }
        }
        if (filter.actorId() != null) {
            where.add(AUDIT_ENTRY.ACTOR_ID.eq(filter.actorId()));
        }
        if (filter.action() != null) {
            where.add(AUDIT_ENTRY.ACTION.eq(filter.action()));
        }
        if (filter.targetType() != null) {
            where.add(AUDIT_ENTRY.TARGET_TYPE.eq(filter.targetType()));
        }
        if (filter.targetId() != null) {
            where.add(AUDIT_ENTRY.TARGET_ID.eq(filter.targetId()));
        }
        if (filter.from() != null) {
            where.add(AUDIT_ENTRY.AT.ge(ValueRules.instant("from", filter.from())));
        }
        if (filter.to() != null) {
            where.add(AUDIT_ENTRY.AT.lt(ValueRules.instant("to", filter.to())));
        }
        List<EntryView> rows = db.selectFrom(AUDIT_ENTRY)
                .where(where)
                .orderBy(AUDIT_ENTRY.SEQ.desc())
                .limit(size + 1)
                .fetch(r -> new EntryView(
                        r.getId(),
                        r.getSeq(),
                        r.getAt(),
                        new Actor(r.getActorId() == null ? null : r.getActorId().toString(), r.getActorName()),
                        r.getAction(),
                        new Target(r.getTargetType(), r.getTargetId()),
                        node(r.getBefore()),
                        node(r.getAfter()),
                        r.getHash(),
                        r.getPreviousHash()));
        boolean more = rows.size() > size;
        List<EntryView> items = more ? rows.subList(0, size) : rows;
        return new Cursors.Page<>(
                items, more ? cursors.encode(Long.toString(items.get(size - 1).seq())) : null);
    }

    /** Recomputes the chain from the first entry; names the first entry that does not fit. */
    // One snapshot for the entries and the head, so that an append meanwhile is not taken for tampering.
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    AuditChain.Result verify(UUID workspaceId) {
        return AuditChain.verify(db, workspaceId);
    }

    private static JsonNode node(JSONB json) {
        return json == null ? null : AuditLog.CANONICAL.readTree(json.data());
    }
}
