package io.custodia.audit;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.ValueRules;
import io.custodia.platform.WorkspacePrincipal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Reading and verifying the audit log ({@code audit.read}). */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {
    private final DSLContext db;
    private final AuditReaders readers;

    private final Cursors cursors;

    AuditController(Cursors cursors, DSLContext db, AuditReaders readers) {
        this.cursors = cursors;
        this.db = db;
        this.readers = readers;
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

    /** Newest first, with filters by actor, action, target and time. */
    @GetMapping
    Cursors.Page<EntryView> list(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) UUID actorId,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) OffsetDateTime from,
            @RequestParam(required = false) OffsetDateTime to) {
        readers.requireAuditRead(me);
        int size = Cursors.limit(limit);
        List<Condition> where = new ArrayList<>();
        where.add(AUDIT_ENTRY.WORKSPACE_ID.eq(me.workspaceId()));
        if (cursor != null) {
            try {
                where.add(AUDIT_ENTRY.SEQ.lt(
                        Long.parseLong(cursors.decode(cursor, 1).get(0))));
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("the cursor is not one this server gave out");
            }
        }
        if (actorId != null) {
            where.add(AUDIT_ENTRY.ACTOR_ID.eq(actorId));
        }
        if (action != null) {
            where.add(AUDIT_ENTRY.ACTION.eq(action));
        }
        if (targetType != null) {
            where.add(AUDIT_ENTRY.TARGET_TYPE.eq(targetType));
        }
        if (targetId != null) {
            where.add(AUDIT_ENTRY.TARGET_ID.eq(targetId));
        }
        if (from != null) {
            where.add(AUDIT_ENTRY.AT.ge(ValueRules.instant("from", from)));
        }
        if (to != null) {
            where.add(AUDIT_ENTRY.AT.lt(ValueRules.instant("to", to)));
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

    record Verification(boolean valid, long entries, UUID firstBrokenId, Long firstBrokenSeq, String reason) {}

    /** Recomputes the chain from the first entry; names the first entry that does not fit. */
    @GetMapping("/verify")
    // One snapshot for the entries and the head, so that an append meanwhile is not taken for tampering.
    @org.springframework.transaction.annotation.Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Verification verify(@AuthenticationPrincipal WorkspacePrincipal me) {
        readers.requireAuditRead(me);
        AuditChain.Result result = AuditChain.verify(db, me.workspaceId());
        return new Verification(
                result.valid(), result.entries(), result.firstBrokenId(), result.firstBrokenSeq(), result.reason());
    }

    private static JsonNode node(JSONB json) {
        return json == null ? null : AuditLog.CANONICAL.readTree(json.data());
    }
}
