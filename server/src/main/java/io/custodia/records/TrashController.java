package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recycle bin: deleted records, listed for and restorable by whoever could delete and read
 * them (hidden names left out), and purged for good after 30 days.
 */
@Tag(name = "Recycle bin")
@RestController
@RequestMapping("/api/v1/trash")
class TrashController {
    private final RecordQueries records;
    private final RecordTrash trash;
    private final CustomFields customFields;
    private final AccessPolicies access;
    private final Cursors cursors;

    TrashController(
            Cursors cursors,
            RecordQueries records,
            RecordTrash trash,
            CustomFields customFields,
            AccessPolicies access) {
        this.cursors = cursors;
        this.records = records;
        this.trash = trash;
        this.customFields = customFields;
        this.access = access;
    }

    record Item(String type, UUID id, String name, OffsetDateTime deletedAt) {}

    @Operation(operationId = "listTrash", summary = "List the recycle bin")
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
                    RecordTrash.inReach(compiled, type),
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

    @Operation(operationId = "restoreRecord", summary = "Restore a record from the recycle bin")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PostMapping("/{type}/{id}/restore")
    ResponseEntity<Void> restore(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID id) {
        RecordType t = RecordType.byPath(type).orElseThrow(() -> ApiProblem.notFound("record type {0}", type));
        trash.restore(me, t, id);
        return ResponseEntity.noContent().build();
    }
}
