package io.custodia.collaboration;

import static io.custodia.platform.db.Tables.ACCESS_REQUEST;

import io.custodia.access.AccessPolicies;
import io.custodia.access.RecordLookup;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.Text;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.platform.db.tables.records.AccessRequestRecord;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access requests: a user who cannot read a record asks for it; its owner (who is told) and whoever
 * else may share it decide. Approving creates a read share. Neither the
 * request nor any notification about it carries anything the record holds.
 */
@Component
class AccessRequests {
    private final DSLContext db;
    private final AccessPolicies access;
    private final RecordLookup records;
    private final Notifications notifications;
    private final AuditLog audit;

    AccessRequests(
            DSLContext db, AccessPolicies access, RecordLookup records, Notifications notifications, AuditLog audit) {
        this.db = db;
        this.access = access;
        this.records = records;
        this.notifications = notifications;
        this.audit = audit;
    }

    record Request(
            UUID id,
            UUID requesterId,
            String recordType,
            UUID recordId,
            String state,
            UUID decidedBy,
            OffsetDateTime createdAt,
            OffsetDateTime decidedAt,
            Can can) {}

    /** What the caller may do with a request: decide it while it is pending and theirs to decide. */
    record Can(boolean decide) {}

    /** A request and whether this call made it (or found the same one pending). */
    record Asked(Request request, boolean created) {}

    @Transactional
    Asked ask(WorkspacePrincipal me, String recordType, UUID recordId) {
        EntityType entity = entity(recordType);
        UUID ws = me.workspaceId();
        RecordFacts record = records.facts(ws, entity, recordId, Scope.EVERYTHING)
                .orElseThrow(() -> ApiProblem.notFound("{0} {1}", ProblemWords.entity(entity), recordId));
        if (access.accessOf(ws, me.principalId()).allows(Action.READ, record)) {
            throw ApiProblem.conflict("you can already read this {0}", ProblemWords.entity(entity));
        }
        var pending = db.selectFrom(ACCESS_REQUEST)
                .where(ACCESS_REQUEST.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REQUEST.REQUESTER_ID.eq(me.principalId()))
                .and(ACCESS_REQUEST.RECORD_TYPE.eq(entity.key()))
                .and(ACCESS_REQUEST.RECORD_ID.eq(recordId))
                .and(ACCESS_REQUEST.STATE.eq("PENDING"))
                .fetchOptional();
        if (pending.isPresent()) {
            return new Asked(request(pending.get(), false), false);
        }
        UUID id = UUID.randomUUID();
        db.insertInto(ACCESS_REQUEST)
                .set(ACCESS_REQUEST.WORKSPACE_ID, ws)
                .set(ACCESS_REQUEST.ID, id)
                .set(ACCESS_REQUEST.REQUESTER_ID, me.principalId())
                .set(ACCESS_REQUEST.RECORD_TYPE, entity.key())
                .set(ACCESS_REQUEST.RECORD_ID, recordId)
                .execute();
        for (UUID decider : deciders(record)) {
            notifications.notify(
                    ws,
                    decider,
                    "access.requested",
                    entity.key(),
                    recordId,
                    false,
                    Text.of("notice.accessRequested." + entity.key(), me.principalName()));
        }
        audit.record(
                ws,
                AuditLog.Actor.of(me),
                "access_request.created",
                "access_request",
                id,
                null,
                Map.of("recordType", entity.key(), "recordId", recordId));
        Request created = request(
                db.selectFrom(ACCESS_REQUEST)
                        .where(ACCESS_REQUEST.WORKSPACE_ID.eq(ws).and(ACCESS_REQUEST.ID.eq(id)))
                        .fetchOne(),
                false);
        return new Asked(created, true);
    }

    /** The caller's own requests, and the pending ones the caller may decide. */
    List<Request> list(WorkspacePrincipal me) {
        UUID ws = me.workspaceId();
        List<Request> out = new ArrayList<>();
        db.selectFrom(ACCESS_REQUEST)
                .where(ACCESS_REQUEST.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REQUEST.REQUESTER_ID.eq(me.principalId()).or(ACCESS_REQUEST.STATE.eq("PENDING")))
                .orderBy(ACCESS_REQUEST.CREATED_AT.desc())
                .limit(500)
                .forEach(r -> {
                    boolean decides = r.getState().equals("PENDING") && mayDecide(me, r);
                    if (r.getRequesterId().equals(me.principalId()) || decides) {
                        out.add(request(r, decides));
                    }
                });
        return out;
    }

    @Transactional
    Request approve(WorkspacePrincipal me, UUID id) {
        var r = decidable(me, id);
        EntityType entity = entity(r.getRecordType());
        records.share(me.workspaceId(), entity, r.getRecordId(), r.getRequesterId(), ShareLevel.READ, me.principalId());
        return decide(me, r, "APPROVED", Text.of("notice.accessApproved." + entity.key()));
    }

    @Transactional
    Request deny(WorkspacePrincipal me, UUID id) {
        var r = decidable(me, id);
        return decide(me, r, "DENIED", Text.of("notice.accessDenied"));
    }

    private Request decide(WorkspacePrincipal me, AccessRequestRecord r, String state, Text message) {
        db.update(ACCESS_REQUEST)
                .set(ACCESS_REQUEST.STATE, state)
                .set(ACCESS_REQUEST.DECIDED_BY, me.principalId())
                .set(ACCESS_REQUEST.DECIDED_AT, OffsetDateTime.now())
                .where(ACCESS_REQUEST.WORKSPACE_ID.eq(me.workspaceId()).and(ACCESS_REQUEST.ID.eq(r.getId())))
                .execute();
        notifications.notify(
                me.workspaceId(),
                r.getRequesterId(),
                "access." + state.toLowerCase(),
                r.getRecordType(),
                r.getRecordId(),
                false,
                message);
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "access_request." + state.toLowerCase(),
                "access_request",
                r.getId(),
                Map.of("state", "PENDING"),
                Map.of(
                        "state",
                        state,
                        "requesterId",
                        r.getRequesterId(),
                        "recordType",
                        r.getRecordType(),
                        "recordId",
                        r.getRecordId()));
        return request(
                db.selectFrom(ACCESS_REQUEST)
                        .where(ACCESS_REQUEST.WORKSPACE_ID.eq(me.workspaceId()).and(ACCESS_REQUEST.ID.eq(r.getId())))
                        .fetchOne(),
                false);
    }

    private AccessRequestRecord decidable(WorkspacePrincipal me, UUID id) {
        var r = db.selectFrom(ACCESS_REQUEST)
                .where(ACCESS_REQUEST.WORKSPACE_ID.eq(me.workspaceId()).and(ACCESS_REQUEST.ID.eq(id)))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> ApiProblem.notFound("access request {0}", id));
        if (!mayDecide(me, r)) {
            if (r.getRequesterId().equals(me.principalId())) {
                throw ApiProblem.forbiddenBecause("you cannot decide your own access request");
            }
            throw ApiProblem.notFound("access request {0}", id);
        }
        if (!r.getState().equals("PENDING")) {
            throw ApiProblem.conflict("the request was already {0}", ProblemWords.requestState(r.getState()));
        }
        return r;
    }

    /** Whoever the engine lets grant access to the record (its owner and sharers), never the requester. */
    private boolean mayDecide(WorkspacePrincipal me, AccessRequestRecord r) {
        if (r.getRequesterId().equals(me.principalId())) {
            return false;
        }
        EntityType entity = entity(r.getRecordType());
        CompiledAccess mine = access.accessOf(me.workspaceId(), me.principalId());
        return records.facts(me.workspaceId(), entity, r.getRecordId(), mine.scope(entity, Action.READ))
                .map(mine::mayGrantAccess)
                .orElse(false);
    }

    /**
     * Who is told of a request: the record's owner, who may always share it. A shared list's managers
     * are not: they share the list, never its contacts (access-model, "A grant never exceeds its granter").
     */
    private static Set<UUID> deciders(RecordFacts record) {
        return Set.of(record.owner().value());
    }

    private static EntityType entity(String type) {
        return EntityType.byKey(type)
                .or(() -> EntityType.byPath(type))
                .filter(EntityType::standsAlone)
                .orElseThrow(() -> ApiProblem.invalid(
                        "recordType",
                        "one of {0}",
                        String.join(
                                ", ",
                                EntityType.standalone().stream()
                                        .map(EntityType::key)
                                        .toList())));
    }

    private static Request request(AccessRequestRecord r, boolean decides) {
        return new Request(
                r.getId(),
                r.getRequesterId(),
                r.getRecordType(),
                r.getRecordId(),
                r.getState(),
                r.getDecidedBy(),
                r.getCreatedAt(),
                r.getDecidedAt(),
                new Can(decides));
    }
}
