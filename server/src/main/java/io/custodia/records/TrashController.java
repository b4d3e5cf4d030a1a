package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Scope;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recycle bin: deleted records, listed for and restorable by whoever could delete and read
 * them (hidden names left out), and purged for good after 30 days.
 */
@RestController
@RequestMapping("/api/v1/trash")
class TrashController {
    static final int KEPT_DAYS = 30;
    private static final Logger log = LoggerFactory.getLogger(TrashController.class);

    private final RecordQueries records;
    private final RecordWrites writes;
    private final CustomFields customFields;
    private final AccessPolicies access;
    private final AuditLog audit;

    private final org.springframework.context.ApplicationEventPublisher events;

    private final Cursors cursors;

    TrashController(
            Cursors cursors,
            RecordQueries records,
            RecordWrites writes,
            CustomFields customFields,
            AccessPolicies access,
            AuditLog audit,
            org.springframework.context.ApplicationEventPublisher events) {
        this.cursors = cursors;
        this.events = events;
        this.records = records;
        this.writes = writes;
        this.customFields = customFields;
        this.access = access;
        this.audit = audit;
    }

    record Item(String type, UUID id, String name, OffsetDateTime deletedAt) {}

    @GetMapping
    Cursors.Page<Item> list(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Cursors.limit(limit);
        Cursors.TimeAndId after = cursors.timeAndId(cursor);
        OffsetDateTime beforeAt = after == null ? null : after.at();
        UUID beforeId = after == null ? null : after.id();
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        FieldCatalog catalog = customFields.catalogOf(me.workspaceId());
        List<RecordQueries.Trashed> merged = new ArrayList<>();
        for (RecordType type : RecordType.values()) {
            merged.addAll(records.trash(
                    type,
                    me.workspaceId(),
                    inReach(compiled, type),
                    compiled.fieldScope(type.entity(), type.nameKey),
                    catalog,
                    beforeAt,
                    beforeId,
                    size + 1));
        }
        merged.sort(Comparator.comparing(RecordQueries.Trashed::deletedAt)
                .thenComparing(RecordQueries.Trashed::id)
                .reversed());
        boolean more = merged.size() > size;
        List<RecordQueries.Trashed> page = more ? merged.subList(0, size) : merged;
        String next = more
                ? cursors.encode(
                        page.get(size - 1).deletedAt().toString(),
                        page.get(size - 1).id().toString())
                : null;
        return new Cursors.Page<>(
                page.stream()
                        .map(t -> new Item(t.type().path, t.id(), t.name(), t.deletedAt()))
                        .toList(),
                next);
    }

    @PostMapping("/{type}/{id}/restore")
    @Transactional
    ResponseEntity<Void> restore(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID id) {
        RecordType t = RecordType.byPath(type).orElseThrow(() -> ApiProblem.notFound("record type " + type));
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        if (!writes.restore(t, me.workspaceId(), id, inReach(compiled, t), customFields.catalogOf(me.workspaceId()))) {
            throw ApiProblem.notFound(t.entity().key() + " " + id + " in the recycle bin");
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
        return ResponseEntity.noContent().build();
    }

    /**
     * What the caller finds in the recycle bin: what they could delete and may read (a record one may
     * not read is not shown there by name, nor restored by someone who could not see it come back).
     */
    private static Scope inReach(CompiledAccess compiled, RecordType type) {
        return Scope.allOf(compiled.scope(type.entity(), Action.READ), compiled.scope(type.entity(), Action.DELETE));
    }

    @Scheduled(cron = "0 17 3 * * *")
    @Transactional
    void purgeOldTrash() {
        int purged = Tenancy.acrossWorkspaces(() -> writes.purge(KEPT_DAYS));
        if (purged > 0) {
            log.info("Purged {} record(s) that had been in the recycle bin for over {} days", purged, KEPT_DAYS);
        }
    }
}
