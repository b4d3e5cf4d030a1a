package io.custodia.audit;

import io.custodia.audit.AuditEntries.EntryView;
import io.custodia.platform.Cursors;
import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading and verifying the audit log ({@code audit.read}). */
@Tag(name = "Audit")
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {
    private final AuditEntries entries;
    private final AuditReaders readers;

    AuditController(AuditEntries entries, AuditReaders readers) {
        this.entries = entries;
        this.readers = readers;
    }

    /** Newest first, with filters by actor, action, target and time. */
    @Operation(operationId = "listAuditEntries", summary = "List audit log entries")
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
        return entries.page(
                me.workspaceId(),
                limit,
                cursor,
                new AuditEntries.Filter(actorId, action, targetType, targetId, from, to));
    }

    record Verification(boolean valid, long entries, UUID firstBrokenId, Long firstBrokenSeq, String reason) {}

    /** Recomputes the chain from the first entry; names the first entry that does not fit. */
    @Operation(operationId = "verifyAuditLog", summary = "Verify the audit log's hash chain")
    @GetMapping("/verify")
    Verification verify(@AuthenticationPrincipal WorkspacePrincipal me) {
        readers.requireAuditRead(me);
        AuditChain.Result result = entries.verify(me.workspaceId());
        return new Verification(
                result.valid(), result.entries(), result.firstBrokenId(), result.firstBrokenSeq(), result.reason());
    }
}
