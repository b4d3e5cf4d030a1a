package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.OneNodeAtATime;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.Scope;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The recycle bin's writes: restoring a record, and purging for good what has been there too long. */
@Service
class RecordTrash {
    static final int KEPT_DAYS = 30;
    static final String PURGE = "records.purge-trash";
    private static final Logger log = LoggerFactory.getLogger(RecordTrash.class);

    private final RecordWrites writes;
    private final CustomFields customFields;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final OneNodeAtATime oneNode;
    private final TransactionTemplate tx;

    RecordTrash(
            RecordWrites writes,
            CustomFields customFields,
            AccessPolicies access,
            AuditLog audit,
            ApplicationEventPublisher events,
            OneNodeAtATime oneNode,
            TransactionTemplate tx) {
        this.writes = writes;
        this.customFields = customFields;
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.oneNode = oneNode;
        this.tx = tx;
    }

    /** Takes a record the caller could delete and may read out of the recycle bin, or 404. */
    @Transactional
    void restore(WorkspacePrincipal me, RecordType t, UUID id) {
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        if (!writes.restore(t, me.workspaceId(), id, inReach(compiled, t), customFields.catalogOf(me.workspaceId()))) {
            throw ApiProblem.notFound("{0} {1} in the recycle bin", ProblemWords.entity(t.entity()), id);
        }
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                t.entity().key() + ".restored",
                t.entity().key(),
                id,
                null,
                Map.of("restored", true));
        events.publishEvent(new RecordChanged(me.workspaceId(), t.entity(), id, RecordChanged.Change.RESTORED));
    }

    /** Every night, on one node at a time (each node's clock fires it at the same hour). */
    @Scheduled(cron = "0 17 3 * * *")
    void purgeOldTrash() {
        oneNode.run(PURGE, () -> {
            int purged = tx.execute(status -> Tenancy.acrossWorkspaces(() -> writes.purge(KEPT_DAYS)));
            if (purged > 0) {
                log.info("Purged {} record(s) that had been in the recycle bin for over {} days", purged, KEPT_DAYS);
            }
        });
    }

    /**
     * What the caller finds in the recycle bin: what they could delete and may read (a record one may
     * not read is not shown there by name, nor restored by someone who could not see it come back).
     */
    static Scope inReach(CompiledAccess compiled, RecordType type) {
        return Scope.allOf(compiled.scope(type.entity(), Action.READ), compiled.scope(type.entity(), Action.DELETE));
    }
}
