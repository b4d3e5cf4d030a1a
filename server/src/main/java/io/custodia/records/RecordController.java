package io.custodia.records;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.RecordedRead;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.EntityType;
import io.custodia.policy.ShareLevel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Contacts, companies and deals over HTTP. Reading goes through the caller's read scope in SQL (a
 * record it may not read is 404); acting on a readable record is decided by the engine (403 naming
 * the permission). Hidden fields are left out of answers, and writing one is 403. This class only
 * reads requests and shapes answers; {@link RecordService}, {@link CsvImport} and {@link CsvExport}
 * do the work.
 */
@Tag(name = "Records")
@RestController
@RequestMapping("/api/v1/{type:" + EntityType.PATHS + "}")
class RecordController {
    private final RecordService service;
    private final CsvImport imports;
    private final CsvExport exports;
    private final Cursors cursors;

    RecordController(RecordService service, CsvImport imports, CsvExport exports, Cursors cursors) {
        this.service = service;
        this.imports = imports;
        this.exports = exports;
        this.cursors = cursors;
    }

    @Operation(operationId = "createRecord", summary = "Create a record")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    ResponseEntity<Map<String, Object>> create(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @RequestBody Map<String, Object> body) {
        RecordService.Created created = service.create(me, type(type), body);
        return shown(
                ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create("/api/v1/" + created.type().path + "/" + created.id())),
                created.shown());
    }

    /** A share's level, and when it ends (none: it does not). */
    record ShareBody(
            @NotNull ShareLevel level,
            @Schema(type = "string", format = "date-time") String expiresAt) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "listRecordShares", summary = "List a record's shares")
    @GetMapping("/{id}/shares")
    Items<RecordQueries.Share> shares(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID id) {
        return new Items<>(service.shares(me, type(type), id));
    }

    /**
     * Shares one record with one user, at READ or EDIT. The owner, or anyone whose roles let them
     * update the record, may share it; someone it is only shared with may not pass it on.
     */
    @Operation(operationId = "shareRecord", summary = "Share a record with a user")
    @PutMapping("/{id}/shares/{userId}")
    RecordQueries.Share share(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID id,
            @PathVariable UUID userId,
            @Valid @RequestBody ShareBody body) {
        return service.share(me, type(type), id, userId, body.level(), body.expiresAt());
    }

    @Operation(operationId = "unshareRecord", summary = "Stop sharing a record with a user")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}/shares/{userId}")
    ResponseEntity<Void> unshare(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID id,
            @PathVariable UUID userId) {
        service.unshare(me, type(type), id, userId);
        return ResponseEntity.noContent().build();
    }

    /**
     * Imports CSV (a header line naming fields; custom fields as {@code fields.<key>}). Every line is
     * checked like a create, plus the {@code import} permission; a caller who may not import records
     * of the type at all is refused (403) before the body is read. Without {@code atomic} the good
     * lines are created and the bad ones reported; with {@code atomic=true} one bad line rejects all.
     */
    @Operation(operationId = "importRecords", summary = "Import records from CSV")
    @PostMapping(value = "/import", consumes = "text/csv")
    ResponseEntity<Object> importCsv(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @RequestParam(defaultValue = "false") boolean atomic,
            @RequestParam(defaultValue = "false") boolean async,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            // Not required here: an empty body too is refused by the permission first, then (400) by bytes().
            @RequestBody(required = false) @Schema(type = "string", format = "binary") InputStreamResource body) {
        RecordType t = type(type);
        // Before the body is read, a job started or anything audited (the page's can.import says as much).
        imports.requireAllowed(me, t);
        String csv = CsvText.of(bytes(body), contentType);
        CsvImport.Outcome outcome = imports.run(me, t, csv, atomic, async);
        if (outcome instanceof CsvImport.Started started) {
            return ResponseEntity.accepted()
                    .location(URI.create("/api/v1/jobs/" + started.job()))
                    .body(Map.of("id", started.job(), "state", "RUNNING", "done", 0, "total", started.total()));
        }
        CsvImport.ImportResult result = (CsvImport.ImportResult) outcome;
        return CsvImport.rejected(atomic, result.failed())
                ? ResponseEntity.unprocessableContent().body(result)
                : ResponseEntity.ok(result);
    }

    /** The body, read only once the import is allowed; one that breaks off is unreadable (400). */
    private static byte[] bytes(InputStreamResource body) {
        if (body == null) {
            throw unreadable();
        }
        try (InputStream in = body.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            // Over the import's size limit too: BodySizeLimitFilter then answers 413 in its place.
            throw unreadable();
        }
    }

    private static ApiProblem unreadable() {
        return new ApiProblem(
                HttpStatus.BAD_REQUEST, "Malformed request", "the body is missing or unreadable", List.of());
    }

    /**
     * Streams CSV of the records the caller may both read and export, hidden fields left out. The
     * export is audited before the first row leaves.
     */
    @Operation(operationId = "exportRecords", summary = "Export records as CSV")
    @GetMapping(value = "/export", produces = "text/csv")
    @RecordedRead
    void export(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, HttpServletResponse response)
            throws IOException {
        exports.export(me, type(type), fileName -> {
            response.setContentType("text/csv; charset=UTF-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
            return response.getWriter();
        });
    }

    @Operation(operationId = "getRecord", summary = "Get a record")
    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> get(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID id) {
        return shown(ResponseEntity.ok(), service.get(me, type(type), id));
    }

    @Operation(operationId = "listRecords", summary = "List records")
    @GetMapping
    RecordPage list(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) UUID ownerId,
            @RequestParam(required = false) UUID stageId,
            @RequestParam(required = false) UUID dealId,
            @RequestParam(required = false) UUID contactId,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        RecordType t = type(type);
        if (stageId != null && t.stageId == null) {
            // As a link filter the type has no link for (parents below): refused on the type alone.
            throw ApiProblem.invalid("stageId", "{0} cannot be filtered by {1}", t.path, "stageId");
        }
        int size = Cursors.limit(limit);
        RecordListing.Sort order = sort(sort);
        List<String> after = cursor == null ? null : afterOf(cursors.decode(cursor, 2), order);
        return service.list(me, t, q, ownerId, stageId, parents(t, dealId, contactId, companyId), order, after, size);
    }

    @Operation(operationId = "updateRecord", summary = "Change a record")
    @PatchMapping("/{id}")
    ResponseEntity<Map<String, Object>> update(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody Map<String, Object> body) {
        RecordType t = type(type);
        LongPredicate expected = ifMatch == null ? null : version -> matches(ifMatch, version);
        return shown(ResponseEntity.ok(), service.update(me, t, id, expected, body));
    }

    @Operation(operationId = "deleteRecord", summary = "Move a record to the recycle bin")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID id) {
        service.delete(me, type(type), id);
        return ResponseEntity.noContent().build();
    }

    /** The answer with the record's view, tagged with its version when the caller may read it. */
    private static ResponseEntity<Map<String, Object>> shown(
            ResponseEntity.BodyBuilder answer, RecordService.Shown shown) {
        if (shown.version() != null) {
            answer.eTag(etag(shown.version()));
        }
        return answer.body(shown.body());
    }

    private static RecordType type(String path) {
        return RecordType.byPath(path).orElseThrow(() -> ApiProblem.notFound("record type {0}", path));
    }

    /**
     * The parent filters asked for, each one a link the type has: a filter it has no such link for
     * is refused (422), on the type and the parameter's name alone, so that the answer never says
     * anything of the id given.
     */
    private static Map<String, UUID> parents(RecordType t, UUID dealId, UUID contactId, UUID companyId) {
        Map<String, UUID> parents = new LinkedHashMap<>();
        parent(t, parents, "dealId", dealId);
        parent(t, parents, "contactId", contactId);
        parent(t, parents, "companyId", companyId);
        return parents;
    }

    private static void parent(RecordType t, Map<String, UUID> parents, String key, UUID id) {
        if (id == null) {
            return;
        }
        if (t.builtIn(key).isEmpty()) {
            throw ApiProblem.invalid(key, "{0} cannot be filtered by {1}", t.path, key);
        }
        parents.put(key, id);
    }

    private static RecordListing.Sort sort(String sort) {
        if (sort == null || sort.equals("-updatedAt")) {
            return RecordListing.Sort.UPDATED_AT_DESC;
        }
        return switch (sort) {
            case "updatedAt" -> RecordListing.Sort.UPDATED_AT_ASC;
            case "name" -> RecordListing.Sort.NAME;
            default ->
                throw new ApiProblem(
                        HttpStatus.BAD_REQUEST,
                        "Bad request",
                        "unknown sort",
                        List.of(new ApiProblem.FieldError("sort", "one of updatedAt, -updatedAt, name")));
        };
    }

    private static List<String> afterOf(List<String> parts, RecordListing.Sort sort) {
        try {
            UUID.fromString(parts.get(1));
            if (sort != RecordListing.Sort.NAME) {
                OffsetDateTime.parse(parts.get(0));
            }
            return parts;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw ApiProblem.badRequest("the cursor is not one this server gave out");
        }
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static boolean matches(String ifMatch, long version) {
        String v = ifMatch.strip();
        if (v.equals("*")) {
            return true;
        }
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        return v.replace("\"", "").equals(Long.toString(version));
    }
}
