package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.CsvCells;
import io.custodia.platform.Cursors;
import io.custodia.platform.RecordedRead;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The periodic access review, for holders of {@code roles.manage}: the report on demand; its export
 * (CSV), which is audited and kept; and the review now compared with the last export.
 */
@RestController
@RequestMapping("/api/v1/access/review")
@Tag(name = "Access")
class AccessReviewController {
    private final AccessPolicies access;
    private final AccessReview review;
    private final ReviewExports exports;
    private final AuditLog audit;

    AccessReviewController(AccessPolicies access, AccessReview review, ReviewExports exports, AuditLog audit) {
        this.access = access;
        this.review = review;
        this.exports = exports;
        this.audit = audit;
    }

    record Items<T>(List<T> items) {}

    @Operation(operationId = "reviewAccess", summary = "Review who holds which access")
    @GetMapping(produces = "application/json")
    Items<AccessReview.Row> report(@AuthenticationPrincipal WorkspacePrincipal me) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        return new Items<>(review.rows(me.workspaceId()));
    }

    /** The export: kept, so the next review can be compared with it, and audited (who, when). */
    @Operation(operationId = "exportAccessReview", summary = "Export the access review as CSV (audited)")
    @GetMapping(produces = "text/csv")
    @RecordedRead
    @Transactional
    ResponseEntity<String> export(@AuthenticationPrincipal WorkspacePrincipal me) throws IOException {
        access.require(me, SystemPermission.ROLES_MANAGE);
        List<AccessReview.Row> rows = review.rows(me.workspaceId());
        ReviewExports.Export export = exports.save(me.workspaceId(), me.principalId(), rows);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("exportId", export.id());
        what.put("users", rows.size());
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "access_review.exported",
                "access_review",
                export.id(),
                null,
                what);
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"access-review.csv\"")
                .header("Content-Type", "text/csv; charset=UTF-8")
                .body(csv(rows));
    }

    /** The review now against the last export: users, roles and levels added or removed since. */
    @Operation(operationId = "compareAccessReview", summary = "Compare the access review with the last export")
    @GetMapping(value = "/changes", produces = "application/json")
    ReviewComparison changes(@AuthenticationPrincipal WorkspacePrincipal me) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        List<AccessReview.Row> now = review.rows(me.workspaceId());
        return exports.last(me.workspaceId())
                .map(last -> ReviewComparison.of(last.export(), last.rows(), now))
                .orElseGet(() -> ReviewComparison.of(null, List.of(), now));
    }

    /** Who exported the review and when, newest first. */
    @Operation(operationId = "listAccessReviewExports", summary = "List the access review's exports")
    @GetMapping(value = "/exports", produces = "application/json")
    Items<ReviewExports.Export> exports(
            @AuthenticationPrincipal WorkspacePrincipal me, @RequestParam(required = false) Integer limit) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        return new Items<>(exports.all(me.workspaceId(), Cursors.limit(limit)));
    }

    private static String csv(List<AccessReview.Row> rows) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(
                out,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader(
                                "userId",
                                "email",
                                "name",
                                "status",
                                "lastSignInAt",
                                "roles",
                                "readLevels",
                                "systemPermissions",
                                "flags")
                        .get())) {
            for (AccessReview.Row row : rows) {
                csv.printRecord(Stream.of(
                                row.userId(),
                                row.email(),
                                row.name(),
                                row.status(),
                                row.lastSignInAt(),
                                String.join(
                                        "; ",
                                        row.roles().stream()
                                                .map(r -> r.roleName() + " (" + r.source() + ")")
                                                .toList()),
                                String.join(
                                        "; ",
                                        row.readLevels().entrySet().stream()
                                                .map(e -> e.getKey() + "=" + e.getValue())
                                                .toList()),
                                String.join("; ", row.systemPermissions()),
                                String.join("; ", row.flags()))
                        .map(CsvCells::cell));
            }
        }
        return out.toString();
    }
}
