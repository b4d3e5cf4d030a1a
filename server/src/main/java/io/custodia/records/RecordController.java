package io.custodia.records;

import static io.custodia.platform.db.Tables.PIPELINE_STAGE;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.CsvCells;
import io.custodia.platform.Cursors;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.RecordFacts;
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Contacts, companies and deals. Reading goes through the caller's read scope in SQL (a record it
 * may not read is 404); acting on a readable record is decided by the engine (403 naming the
 * permission). Hidden fields are left out of answers, and writing one is 403.
 */
@RestController
@RequestMapping("/api/v1/{type:contacts|companies|deals|activities|notes}")
class RecordController {
    private static final Set<String> ENVELOPE = Set.of("id", "version", "createdAt", "updatedAt");

    private final RecordQueries records;
    private final RecordWrites writes;
    private final RecordListing listing;
    private final CustomFields customFields;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final DSLContext db;
    private final io.custodia.platform.Jobs jobs;
    private final org.springframework.transaction.support.TransactionTemplate transactions;

    private final org.springframework.context.ApplicationEventPublisher events;
    private final io.custodia.directory.Users users;

    private final Cursors cursors;

    RecordController(
            Cursors cursors,
            RecordQueries records,
            RecordWrites writes,
            RecordListing listing,
            CustomFields customFields,
            AccessPolicies access,
            AuditLog audit,
            DSLContext db,
            io.custodia.platform.Jobs jobs,
            org.springframework.transaction.support.TransactionTemplate transactions,
            org.springframework.context.ApplicationEventPublisher events,
            io.custodia.directory.Users users) {
        this.cursors = cursors;
        this.events = events;
        this.users = users;
        this.records = records;
        this.writes = writes;
        this.listing = listing;
        this.customFields = customFields;
        this.access = access;
        this.audit = audit;
        this.db = db;
        this.jobs = jobs;
        this.transactions = transactions;
    }

    @PostMapping
    @Transactional
    ResponseEntity<Map<String, Object>> create(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @RequestBody Map<String, Object> body) {
        Created created = create(me, type, body, new HashMap<>());
        String entity = created.type().entity().key();
        // Field names only: the log's readers may not be allowed to see every value.
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                entity + ".created",
                entity,
                created.id(),
                null,
                Map.of("ownerId", created.owner(), "fields", new java.util.TreeSet<>(body.keySet())));
        return created.response();
    }

    /** A record just created: what it is, whose, and the answer to give. */
    record Created(RecordType type, UUID id, UUID owner, ResponseEntity<Map<String, Object>> response) {}

    /**
     * Creates a record; {@code memo} may hold links the server itself found and vouches for (a
     * meeting's deal), keyed as the link checks key them: {@code List.of(type, id) -> true}.
     */
    @Transactional
    Created create(WorkspacePrincipal me, String type, Map<String, Object> body, Map<Object, Object> memo) {
        RecordType t = type(type);
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        New made = prepare(t, me, compiled, catalog, body, definitions(ws, t), memo, Action.CREATE);
        UUID id = made.id();
        writes.insert(t, ws, id, made.owner(), made.builtIns(), made.custom());
        events.publishEvent(new RecordChanged(ws, t.entity(), id, RecordChanged.Change.CREATED));
        if (made.contactIds() != null) {
            writes.setContactsOfDeal(
                    ws, id, made.contactIds(), compiled.scope(EntityType.CONTACT, Action.READ), catalog);
        }
        RecordRow row = records.find(t, ws, id, compiled.scope(t.entity(), Action.READ), catalog)
                .orElse(null);
        if (row == null) {
            // Created for someone outside the caller's read level: say so without showing it.
            return new Created(
                    t,
                    id,
                    made.owner(),
                    ResponseEntity.status(HttpStatus.CREATED)
                            .location(URI.create("/api/v1/" + t.path + "/" + id))
                            .body(Map.of("id", id)));
        }
        return new Created(
                t,
                id,
                made.owner(),
                ResponseEntity.created(URI.create("/api/v1/" + t.path + "/" + id))
                        .eTag(etag(row.version()))
                        .body(withContacts(t, ws, compiled, catalog, RecordViews.view(row, compiled, catalog))));
    }

    record ShareBody(@jakarta.validation.constraints.NotNull io.custodia.policy.ShareLevel level) {}

    record Items<T>(List<T> items) {}

    @GetMapping("/{id}/shares")
    Items<RecordQueries.Share> shares(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID id) {
        RecordType t = type(type);
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        readable(t, me.workspaceId(), id, compiled, customFields.catalogOf(me.workspaceId()));
        return new Items<>(records.shares(t, me.workspaceId(), id));
    }

    /**
     * Shares one record with one user, at READ or EDIT. The owner, or anyone whose roles let them
     * update the record, may share it; someone it is only shared with may not pass it on.
     */
    @org.springframework.web.bind.annotation.PutMapping("/{id}/shares/{userId}")
    @Transactional
    RecordQueries.Share share(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID id,
            @PathVariable UUID userId,
            @jakarta.validation.Valid @RequestBody ShareBody body) {
        RecordType t = type(type);
        RecordRow row = mayShare(me, t, id);
        if (!ownerExists(me.workspaceId(), userId)) {
            throw ApiProblem.notFound("user " + userId);
        }
        writes.share(t, me.workspaceId(), id, userId, body.level(), me.principalId());
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                t.entity().key() + ".shared",
                t.entity().key(),
                id,
                row.shares().containsKey(new io.custodia.policy.Ids.UserId(userId))
                        ? Map.of("userId", userId, "level", row.shares().get(new io.custodia.policy.Ids.UserId(userId)))
                        : null,
                Map.of("userId", userId, "level", body.level()));
        return records.shares(t, me.workspaceId(), id).stream()
                .filter(s -> s.userId().equals(userId))
                .findFirst()
                .orElseThrow();
    }

    @DeleteMapping("/{id}/shares/{userId}")
    @Transactional
    ResponseEntity<Void> unshare(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID id,
            @PathVariable UUID userId) {
        RecordType t = type(type);
        mayShare(me, t, id);
        if (!writes.unshare(t, me.workspaceId(), id, userId)) {
            throw ApiProblem.notFound("share of " + t.entity().key() + " " + id + " with user " + userId);
        }
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                t.entity().key() + ".unshared",
                t.entity().key(),
                id,
                Map.of("userId", userId),
                null);
        return ResponseEntity.noContent().build();
    }

    private RecordRow mayShare(WorkspacePrincipal me, RecordType t, UUID id) {
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        FieldCatalog catalog = customFields.catalogOf(me.workspaceId());
        RecordRow row = readable(t, me.workspaceId(), id, compiled, catalog);
        if (!compiled.mayShare(row.facts(catalog))) {
            throw ApiProblem.forbiddenBecause(
                    "missing permission: " + t.entity().key() + ".update (to share it)");
        }
        return row;
    }

    /** The custom fields of the record type, read once per request (not once per imported line). */
    private Map<String, CustomFields.Definition> definitions(UUID ws, RecordType t) {
        Map<String, CustomFields.Definition> defined = new LinkedHashMap<>();
        customFields.all(ws).stream()
                .filter(d -> d.entity().equals(t.entity().key()))
                .forEach(d -> defined.put(d.key(), d));
        return defined;
    }

    /** A record about to be created, checked and placed. */
    record New(UUID id, UUID owner, Map<String, Object> builtIns, Map<String, Object> custom, List<UUID> contactIds) {}

    /** Checks a new record's body and that the caller may create it (and, for imports, import it). */
    private New prepare(
            RecordType t,
            WorkspacePrincipal me,
            CompiledAccess compiled,
            FieldCatalog catalog,
            Map<String, Object> body,
            Map<String, CustomFields.Definition> defined,
            Map<Object, Object> memo,
            Action... needed) {
        UUID ws = me.workspaceId();
        Input input = read(t, ws, body, catalog, null, compiled, defined, memo);
        UUID owner = input.ownerId() == null ? me.principalId() : input.ownerId();
        Map<String, Object> builtIns = new LinkedHashMap<>(input.builtIns());
        if (t == RecordType.DEALS) {
            placeInPipeline(ws, builtIns, null, memo);
        }
        requireWritable(
                t,
                input,
                null,
                me.principalId(),
                compiled.hiddenFields(t.entity()),
                compiled.readOnlyFields(t.entity()));
        UUID id = UUID.randomUUID();
        RecordFacts facts = records.factsToWrite(t, ws, catalog, id.toString(), owner, builtIns, input.custom());
        for (Action action : needed) {
            if (!compiled.allows(action, facts)) {
                throw ApiProblem.forbiddenBecause(
                        "missing permission: " + t.entity().key() + "." + action.key()
                                + (owner.equals(me.principalId()) ? "" : " for a record owned by " + owner));
            }
        }
        return new New(id, owner, builtIns, input.custom(), input.contactIds());
    }

    record Failure(long line, String message) {}

    record ImportResult(int created, List<Failure> failed) {}

    /**
     * Imports CSV (a header line naming fields; custom fields as {@code fields.<key>}). Every line is
     * checked like a create, plus the {@code import} permission. Without {@code atomic} the good
     * lines are created and the bad ones reported; with {@code atomic=true} one bad line rejects all.
     */
    @PostMapping(value = "/import", consumes = "text/csv")
    @Transactional
    ResponseEntity<Object> importCsv(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @RequestParam(defaultValue = "false") boolean atomic,
            @RequestParam(defaultValue = "false") boolean async,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestBody byte[] body) {
        String csv = CsvText.of(body, contentType);
        RecordType t = type(type);
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        if (async || csv.length() > LARGE_IMPORT) {
            long total = Math.max(0, csv.lines().count() - 1);
            UUID job = jobs.start(
                    ws,
                    me.principalId(),
                    t.entity().key() + ".import",
                    total,
                    ImportRights.of(access, me, t),
                    progress -> streamIn(t, me, compiled, catalog, csv, atomic, progress));
            return ResponseEntity.accepted()
                    .location(URI.create("/api/v1/jobs/" + job))
                    .body(Map.of("id", job, "state", "RUNNING", "done", 0, "total", total));
        }
        List<New> valid = new ArrayList<>();
        List<Failure> failed = check(t, me, compiled, catalog, csv, (done, total) -> {}, valid::add);
        ImportResult result = store(t, me, valid, failed, atomic);
        return rejected(atomic, failed)
                ? ResponseEntity.unprocessableContent().body(result)
                : ResponseEntity.ok(result);
    }

    /** With {@code atomic=true}, one bad line rejects the whole import. */
    private static boolean rejected(boolean atomic, List<Failure> failed) {
        return atomic && !failed.isEmpty();
    }

    /** Imports larger than this run as a job. */
    static final int LARGE_IMPORT = 256 * 1024;

    /**
     * Parses and checks every line, reporting progress every thousand lines, and hands each good
     * line to {@code accepted}; stores nothing itself. Answers the lines that failed.
     */
    private List<Failure> check(
            RecordType t,
            WorkspacePrincipal me,
            CompiledAccess compiled,
            FieldCatalog catalog,
            String csv,
            io.custodia.platform.Jobs.Progress progress,
            java.util.function.Consumer<New> accepted) {
        List<Failure> failed = new ArrayList<>();
        Map<String, CustomFields.Definition> defined = definitions(me.workspaceId(), t);
        long total = Math.max(0, csv.lines().count() - 1);
        org.apache.commons.csv.CSVFormat format = org.apache.commons.csv.CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        Map<Object, Object> memo = new HashMap<>();
        try (org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(csv, format)) {
            for (org.apache.commons.csv.CSVRecord line : parser) {
                long number = line.getRecordNumber() + 1;
                New checked;
                try {
                    checked = prepare(
                            t,
                            me,
                            compiled,
                            catalog,
                            fromCsv(t, CsvCells.originals(line.toMap()), catalog),
                            defined,
                            memo,
                            Action.CREATE,
                            Action.IMPORT);
                } catch (ApiProblem p) {
                    failed.add(new Failure(
                            number,
                            p.errors().isEmpty()
                                    ? p.detail()
                                    : String.join(
                                            "; ",
                                            p.errors().stream()
                                                    .map(e -> e.field() + ": " + e.message())
                                                    .toList())));
                    checked = null;
                }
                if (checked != null) {
                    accepted.accept(checked);
                }
                if (line.getRecordNumber() % 1_000 == 0) {
                    progress.advance(line.getRecordNumber(), total);
                    compiled = access.accessOf(me.workspaceId(), me.principalId()); // the next lines: current rights
                }
            }
        } catch (java.io.IOException
                | java.io.UncheckedIOException
                | IllegalArgumentException
                | IllegalStateException e) {
            throw ApiProblem.badRequest("the body is not readable CSV with a header line: " + CsvCells.unreadable(e));
        }
        return failed;
    }

    /** Stores the good lines (all of them through COPY, in the surrounding transaction) unless atomic and any failed. */
    private ImportResult store(
            RecordType t, WorkspacePrincipal me, List<New> valid, List<Failure> failed, boolean atomic) {
        if (rejected(atomic, failed)) {
            return new ImportResult(0, failed);
        }
        int created = writes.insertAll(t, me.workspaceId(), stored(valid));
        auditImport(t, me, created, failed.size(), atomic);
        return new ImportResult(created, failed);
    }

    private void auditImport(RecordType t, WorkspacePrincipal me, int created, int failed, boolean atomic) {
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                t.entity().key() + ".imported",
                t.entity().key(),
                null,
                null,
                Map.of("created", created, "failed", failed, "atomic", atomic));
    }

    private static List<RecordWrites.NewRecord> stored(List<New> lines) {
        return lines.stream()
                .map(n -> new RecordWrites.NewRecord(n.id(), n.owner(), n.builtIns(), n.custom()))
                .toList();
    }

    /**
     * A large import: lines are checked on this thread while a writer stores the good ones, a
     * chunk at a time, in one transaction of its own; the two run side by side, so checking costs
     * no time beyond the database's own work. The transaction commits only at the end, and rolls
     * back if the import is atomic and a line failed, or if checking stopped: all or nothing, as
     * before.
     */
    private ImportResult streamIn(
            RecordType t,
            WorkspacePrincipal me,
            CompiledAccess compiled,
            FieldCatalog catalog,
            String csv,
            boolean atomic,
            io.custodia.platform.Jobs.Progress progress) {
        ChunkWriter writer = new ChunkWriter(t, me, atomic);
        List<Failure> failed;
        try {
            failed = check(t, me, compiled, catalog, csv, progress, writer::accept);
        } catch (RuntimeException e) {
            try {
                writer.finish(null);
            } catch (RuntimeException writerFailed) {
                e.addSuppressed(writerFailed);
            }
            throw e;
        }
        int created = writer.finish(failed);
        return new ImportResult(created, failed);
    }

    /** Stores checked lines in chunks on a thread of its own, inside one transaction. */
    private final class ChunkWriter {
        private static final int CHUNK = 5_000;

        /** Chunks of checked lines, then an empty one: the end. */
        private final java.util.concurrent.BlockingQueue<java.util.Optional<List<New>>> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(2);

        private final java.util.concurrent.CompletableFuture<Integer> written;
        private List<New> chunk = new ArrayList<>();
        /** Set before the end is queued: null when checking stopped, else the failed lines. */
        private volatile List<Failure> failed;

        ChunkWriter(RecordType t, WorkspacePrincipal me, boolean atomic) {
            UUID ws = me.workspaceId();
            written = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> Tenancy.in(
                            ws,
                            () -> transactions.execute(status -> {
                                int created = 0;
                                for (var next = take(); next.isPresent(); next = take()) {
                                    created += writes.insertAll(t, ws, stored(next.get()));
                                }
                                List<Failure> outcome = failed;
                                if (outcome == null || rejected(atomic, outcome)) {
                                    status.setRollbackOnly();
                                    return 0;
                                }
                                auditImport(t, me, created, outcome.size(), atomic);
                                return created;
                            })),
                    work -> {
                        Thread thread = new Thread(work, "custodia-import-writer");
                        thread.setDaemon(true);
                        thread.start();
                    });
        }

        void accept(New line) {
            chunk.add(line);
            if (chunk.size() == CHUNK) {
                hand(java.util.Optional.of(chunk));
                chunk = new ArrayList<>();
            }
        }

        /** Ends the writing: with the failed lines it commits (or rolls back if atomic and any); with null it rolls back. */
        int finish(List<Failure> failedLines) {
            if (failedLines != null && !chunk.isEmpty()) {
                hand(java.util.Optional.of(chunk));
            }
            failed = failedLines;
            hand(java.util.Optional.empty());
            return outcome();
        }

        /** What the writer stored, or its own failure as it was thrown. */
        private int outcome() {
            try {
                return written.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        private void hand(java.util.Optional<List<New>> next) {
            try {
                while (!queue.offer(next, 1, java.util.concurrent.TimeUnit.SECONDS)) {
                    if (written.isDone()) {
                        outcome(); // the writer failed: its exception ends the import
                        throw new IllegalStateException("the import writer stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the import was interrupted", e);
            }
        }

        private java.util.Optional<List<New>> take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the import writer was interrupted", e);
            }
        }
    }

    /** A CSV line as a request body: empty cells are absent, numbers and yes/no parsed by the field's kind. */
    private Map<String, Object> fromCsv(RecordType t, Map<String, String> line, FieldCatalog catalog) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        line.forEach((column, value) -> {
            if (value == null || value.isEmpty()) {
                return;
            }
            if (column.startsWith("fields.")) {
                String key = column.substring("fields.".length());
                var type = catalog.typeOf(t.entity(), key).orElse(null);
                custom.put(key, type == io.custodia.policy.FieldType.NUMBER ? number(value) : value);
                return;
            }
            var builtIn = t.builtIn(column);
            if (builtIn.isPresent() && builtIn.get().kind() == RecordType.BuiltIn.Kind.NUMBER) {
                body.put(column, number(value));
            } else if (builtIn.isPresent() && builtIn.get().kind() == RecordType.BuiltIn.Kind.BOOLEAN) {
                body.put(
                        column,
                        value.equalsIgnoreCase("true")
                                ? Boolean.TRUE
                                : value.equalsIgnoreCase("false") ? Boolean.FALSE : value);
            } else {
                body.put(column, value);
            }
        });
        if (!custom.isEmpty()) {
            body.put("fields", custom);
        }
        return body;
    }

    private static Object number(String value) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /**
     * Streams CSV of the records the caller may both read and export, hidden fields left out. The
     * export is audited before the first row leaves.
     */
    @GetMapping(value = "/export", produces = "text/csv")
    @Transactional
    void export(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        RecordType t = type(type);
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        io.custodia.policy.Scope exportable = io.custodia.policy.Scope.allOf(
                compiled.scope(t.entity(), Action.READ), compiled.scope(t.entity(), Action.EXPORT));
        // Refused alike for every type when no path the caller holds exports anything (a list path
        // counts only for someone on a list): never an empty file that says "you may export".
        if (!records.holdsAny(t, ws, exportable)) {
            throw ApiProblem.forbidden(t.entity().key() + ".export");
        }
        FieldCatalog catalog = customFields.catalogOf(ws);
        Set<String> hidden = compiled.hiddenFields(t.entity());
        List<String> columns = new ArrayList<>();
        columns.add("id");
        columns.add("ownerId");
        t.builtIns.forEach(b -> columns.add(b.key()));
        columns.addAll(definitions(ws, t).keySet());
        columns.add("createdAt");
        columns.add("updatedAt");
        columns.removeIf(hidden::contains);
        audit.record(
                ws,
                AuditLog.Actor.of(me),
                t.entity().key() + ".exported",
                t.entity().key(),
                null,
                null,
                Map.of("columns", columns));
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + t.path + ".csv\"");
        try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(
                response.getWriter(),
                org.apache.commons.csv.CSVFormat.DEFAULT
                        .builder()
                        .setHeader(columns.toArray(String[]::new))
                        .get())) {
            records.forEach(t, ws, me.principalId(), exportable, catalog, row -> {
                Set<String> hiddenHere = compiled.hiddenFields(row.facts(catalog));
                List<Object> values = new ArrayList<>();
                for (String column : columns) {
                    values.add(CsvCells.cell(
                            hiddenHere.contains(column)
                                    ? null
                                    : switch (column) {
                                        case "id" -> row.id();
                                        case "ownerId" -> row.ownerId();
                                        case "createdAt" -> row.createdAt();
                                        case "updatedAt" -> row.updatedAt();
                                        default ->
                                            row.builtIns().containsKey(column)
                                                    ? row.builtIns().get(column)
                                                    : row.custom().get(column);
                                    }));
                }
                try {
                    csv.printRecord(values);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> get(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID id) {
        RecordType t = type(type);
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        FieldCatalog catalog = customFields.catalogOf(me.workspaceId());
        RecordRow row = readable(t, me.workspaceId(), id, compiled, catalog);
        return ResponseEntity.ok()
                .eTag(etag(row.version()))
                .body(withContacts(t, me.workspaceId(), compiled, catalog, RecordViews.view(row, compiled, catalog)));
    }

    @GetMapping
    Cursors.Page<Map<String, Object>> list(
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
        UUID ws = me.workspaceId();
        int size = Cursors.limit(limit);
        RecordListing.Sort order = sort(sort);
        List<String> after = cursor == null ? null : afterOf(cursors.decode(cursor, 2), order);
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        RecordListing.FieldVisibility visible = field -> compiled.fieldScope(t.entity(), field);
        Map<String, UUID> parents = parents(dealId, contactId, companyId);
        // A filter or sort by a field hidden from the caller on every record is refused, never applied.
        Map<String, String> used = new LinkedHashMap<>();
        if (ownerId != null) {
            used.put("ownerId", "ownerId");
        }
        if (stageId != null) {
            used.put("stageId", "stageId");
        }
        parents.keySet().forEach(key -> used.put(key, key));
        if (order == RecordListing.Sort.NAME) {
            used.put("sort", t.nameKey);
        }
        used.forEach((parameter, field) -> {
            if (visible.of(field) instanceof io.custodia.policy.Scope.Nothing) {
                throw ApiProblem.invalid(parameter, "the field " + field + " is hidden from you");
            }
        });
        List<RecordRow> rows;
        try {
            rows = listing.page(
                    t,
                    ws,
                    me.principalId(),
                    compiled.scope(t.entity(), Action.READ),
                    catalog,
                    new RecordListing.Filters(q, ownerId, stageId, parents, null, visible),
                    order,
                    after,
                    size + 1);
        } catch (RecordListing.SearchTooBroad e) {
            throw ApiProblem.invalid("q", e.getMessage());
        }
        boolean more = rows.size() > size;
        List<RecordRow> page = more ? rows.subList(0, size) : rows;
        String next = null;
        if (more) {
            RecordRow last = page.get(size - 1);
            next = order == RecordListing.Sort.NAME
                    ? cursors.encode(
                            sortedName(t, last, compiled, catalog), last.id().toString())
                    : cursors.encode(last.updatedAt().toString(), last.id().toString());
        }
        return new Cursors.Page<>(
                withContacts(
                        t,
                        me.workspaceId(),
                        compiled,
                        catalog,
                        page.stream()
                                .map(r -> RecordViews.view(r, compiled, catalog))
                                .toList()),
                next);
    }

    @PatchMapping("/{id}")
    @Transactional
    ResponseEntity<Map<String, Object>> update(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable String type,
            @PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody Map<String, Object> body) {
        RecordType t = type(type);
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        RecordRow row = readable(t, ws, id, compiled, catalog);
        if (ifMatch != null && !matches(ifMatch, row.version())) {
            throw new ApiProblem(
                    HttpStatus.PRECONDITION_FAILED,
                    "Precondition failed",
                    "the record changed since you read it (it is at version " + row.version() + "); read it again",
                    List.of());
        }
        // INVARIANT: the action is decided before anything in the body is looked at, so a caller
        // who may not update gets the same answer whatever the body says of hidden values.
        RecordFacts facts = row.facts(catalog);
        if (!compiled.allows(Action.UPDATE, facts)) {
            throw ApiProblem.forbidden(t.entity().key() + ".update");
        }
        Input input = read(t, ws, body, catalog, row, compiled, definitions(ws, t), new HashMap<>());
        requireWritable(t, input, row, row.ownerId(), compiled.hiddenFields(facts), compiled.readOnlyFields(facts));
        UUID owner = input.ownerId() == null ? row.ownerId() : input.ownerId();
        Map<String, Object> builtIns = new LinkedHashMap<>(row.builtIns());
        builtIns.putAll(input.builtIns());
        if (t == RecordType.DEALS) {
            placeInPipeline(ws, builtIns, row, new HashMap<>());
        }
        Map<String, Object> custom = new LinkedHashMap<>(row.custom());
        input.custom().forEach((k, v) -> {
            if (v == null) {
                custom.remove(k);
            } else {
                custom.put(k, v);
            }
        });
        RecordFacts changed = records.factsToWrite(t, ws, catalog, id.toString(), owner, builtIns, custom)
                .withShares(row.shares())
                .withLists(row.lists());
        if (!compiled.mayChange(row.facts(catalog), changed)) {
            throw ApiProblem.forbiddenBecause("missing permission: "
                    + t.entity().key() + ".update"
                    + (owner.equals(row.ownerId()) ? " for the changed record" : " for a record owned by " + owner));
        }
        if (input.contactIds() != null) {
            writes.setContactsOfDeal(
                    ws, id, input.contactIds(), compiled.scope(EntityType.CONTACT, Action.READ), catalog);
        }
        if (!writes.update(t, ws, id, row.version(), owner, builtIns, custom)) {
            throw new ApiProblem(
                    HttpStatus.PRECONDITION_FAILED,
                    "Precondition failed",
                    "the record changed meanwhile; read it again",
                    List.of());
        }
        events.publishEvent(new RecordChanged(ws, t.entity(), id, RecordChanged.Change.UPDATED));
        audit.record(
                ws,
                AuditLog.Actor.of(me),
                t.entity().key() + ".updated",
                t.entity().key(),
                id,
                Map.of("ownerId", row.ownerId(), "version", row.version()),
                Map.of(
                        "ownerId",
                        owner,
                        "version",
                        row.version() + 1,
                        "fields",
                        new java.util.TreeSet<>(body.keySet())));
        RecordRow after = records.find(t, ws, id, compiled.scope(t.entity(), Action.READ), catalog)
                .orElse(null);
        if (after == null) {
            return ResponseEntity.ok(Map.of("id", id));
        }
        return ResponseEntity.ok()
                .eTag(etag(after.version()))
                .body(withContacts(t, ws, compiled, catalog, RecordViews.view(after, compiled, catalog)));
    }

    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable String type, @PathVariable UUID id) {
        RecordType t = type(type);
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        RecordRow row = readable(t, ws, id, compiled, catalog);
        if (!compiled.allows(Action.DELETE, row.facts(catalog))) {
            throw ApiProblem.forbidden(t.entity().key() + ".delete");
        }
        writes.moveToTrash(t, ws, id);
        events.publishEvent(new RecordTrashed(ws, t.entity(), id, me.principalId(), me.principalName()));
        events.publishEvent(new RecordChanged(ws, t.entity(), id, RecordChanged.Change.DELETED));
        audit.record(
                ws,
                AuditLog.Actor.of(me),
                t.entity().key() + ".deleted",
                t.entity().key(),
                id,
                Map.of("ownerId", row.ownerId()),
                null);
        return ResponseEntity.noContent().build();
    }

    /** A request body, checked field by field: which built-ins and custom fields it sets. */
    record Input(UUID ownerId, Map<String, Object> builtIns, Map<String, Object> custom, List<UUID> contactIds) {}

    @SuppressWarnings("unchecked")
    private Input read(
            RecordType t,
            UUID ws,
            Map<String, Object> body,
            FieldCatalog catalog,
            RecordRow existing,
            CompiledAccess compiled,
            Map<String, CustomFields.Definition> defined,
            Map<Object, Object> memo) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        UUID owner = null;
        Map<String, Object> builtIns = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        List<UUID> contactIds = null;
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            Object raw = e.getValue();
            if (key.equals("contactIds") && t == RecordType.DEALS) {
                contactIds = contactIds(ws, raw, catalog, compiled, memo, errors);
            } else if (key.equals("ownerId")) {
                owner = FieldValues.uuid(raw, key, errors);
                if (owner != null && !ownerExists(ws, owner, memo)) {
                    errors.add(new ApiProblem.FieldError(key, "no such user"));
                }
            } else if (key.equals("fields")) {
                if (!(raw instanceof Map<?, ?> map)) {
                    errors.add(new ApiProblem.FieldError(key, "expected an object"));
                    continue;
                }
                ((Map<String, Object>) map).forEach((k, v) -> {
                    CustomFields.Definition d = defined.get(k);
                    if (d == null) {
                        errors.add(new ApiProblem.FieldError("fields." + k, "unknown field"));
                    } else {
                        custom.put(k, FieldValues.custom(d, v, "fields." + k, errors));
                    }
                });
            } else if (ENVELOPE.contains(key)) {
                continue;
            } else {
                var builtIn = t.builtIn(key);
                if (builtIn.isEmpty()) {
                    errors.add(new ApiProblem.FieldError(key, "unknown field"));
                    continue;
                }
                builtIns.put(key, FieldValues.builtIn(builtIn.get(), raw, errors));
            }
        }
        if (existing == null) {
            for (RecordType.BuiltIn b : t.builtIns) {
                if (b.required() && builtIns.get(b.key()) == null) {
                    errors.add(new ApiProblem.FieldError(b.key(), "required"));
                }
            }
        } else {
            for (RecordType.BuiltIn b : t.builtIns) {
                if (b.required() && builtIns.containsKey(b.key()) && builtIns.get(b.key()) == null) {
                    errors.add(new ApiProblem.FieldError(b.key(), "cannot be emptied"));
                }
            }
        }
        builtIns.forEach((key, value) -> {
            if (value instanceof UUID target && RecordType.referenced(key).isPresent()) {
                RecordType referenced = RecordType.referenced(key).get();
                // The linked record must exist and be one the caller can read.
                boolean readable = (Boolean) memo.computeIfAbsent(
                        List.of(referenced, target),
                        k -> records.admits(
                                referenced, ws, target, compiled.scope(referenced.entity(), Action.READ), catalog));
                if (!readable) {
                    errors.add(new ApiProblem.FieldError(
                            key, "no such " + referenced.entity().key()));
                }
            }
        });
        if (!t.parents().isEmpty()) {
            int links = 0;
            for (String parent : t.parents()) {
                Object value = builtIns.containsKey(parent)
                        ? builtIns.get(parent)
                        : existing == null ? null : existing.builtIns().get(parent);
                if (value != null) {
                    links++;
                }
            }
            if (links != 1) {
                errors.add(new ApiProblem.FieldError(
                        String.join("|", t.parents()), "link exactly one of " + String.join(", ", t.parents())));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new Input(owner, builtIns, custom, contactIds);
    }

    /** A deal's contacts: ids of contacts the caller can read. */
    private List<UUID> contactIds(
            UUID ws,
            Object raw,
            FieldCatalog catalog,
            CompiledAccess compiled,
            Map<Object, Object> memo,
            List<ApiProblem.FieldError> errors) {
        if (!(raw instanceof List<?> list)) {
            errors.add(new ApiProblem.FieldError("contactIds", "expected a list of contact ids"));
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String key = "contactIds[" + i + "]";
            UUID id = FieldValues.uuid(list.get(i), key, errors);
            if (id == null) {
                continue;
            }
            boolean readable = (Boolean) memo.computeIfAbsent(
                    List.of(RecordType.CONTACTS, id),
                    k -> records.admits(
                            RecordType.CONTACTS,
                            ws,
                            id,
                            compiled.scope(RecordType.CONTACTS.entity(), Action.READ),
                            catalog));
            if (readable) {
                ids.add(id);
            } else {
                errors.add(new ApiProblem.FieldError(key, "no such contact"));
            }
        }
        return ids;
    }

    /** Deals answer with the contacts they are with, those the reader can read. */
    private List<Map<String, Object>> withContacts(
            RecordType t, UUID ws, CompiledAccess reader, FieldCatalog catalog, List<Map<String, Object>> views) {
        if (t != RecordType.DEALS || views.isEmpty()) {
            return views;
        }
        Map<UUID, List<UUID>> contacts = records.contactsOfDeals(
                ws,
                views.stream().map(v -> (UUID) v.get("id")).toList(),
                reader.scope(EntityType.CONTACT, Action.READ),
                catalog);
        for (Map<String, Object> view : views) {
            if (view.containsKey("version")) {
                view.put("contactIds", contacts.getOrDefault((UUID) view.get("id"), List.of()));
            }
        }
        return views;
    }

    private Map<String, Object> withContacts(
            RecordType t, UUID ws, CompiledAccess reader, FieldCatalog catalog, Map<String, Object> view) {
        return withContacts(t, ws, reader, catalog, List.of(view)).get(0);
    }

    /** A deal is always in a stage of its pipeline; without one it goes to the first stage of the first pipeline. */
    /**
     * Fills in the pipeline and stage a deal goes to; {@code memo} keeps what was looked up for the
     * rest of the request, so an import of a million lines asks once, not a million times.
     */
    private void placeInPipeline(UUID ws, Map<String, Object> builtIns, RecordRow existing, Map<Object, Object> memo) {
        UUID stage = (UUID) builtIns.get("stageId");
        UUID pipeline = (UUID) builtIns.get("pipelineId");
        if (stage == null && pipeline == null) {
            @SuppressWarnings("unchecked")
            var first = (org.jooq.Record2<UUID, UUID>) memo.computeIfAbsent(
                    "first stage",
                    k -> db.select(PIPELINE_STAGE.PIPELINE_ID, PIPELINE_STAGE.ID)
                            .from(PIPELINE_STAGE)
                            .where(PIPELINE_STAGE.WORKSPACE_ID.eq(ws))
                            .orderBy(PIPELINE_STAGE.PIPELINE_ID, PIPELINE_STAGE.POSITION)
                            .limit(1)
                            .fetchOne());
            if (first == null) {
                throw ApiProblem.invalid("pipelineId", "the workspace has no pipeline yet; create one first");
            }
            builtIns.put("pipelineId", first.value1());
            builtIns.put("stageId", first.value2());
            return;
        }
        if (stage == null) {
            UUID firstStage = (UUID) memo.computeIfAbsent(
                    List.of("first stage of", pipeline),
                    k -> db.select(PIPELINE_STAGE.ID)
                            .from(PIPELINE_STAGE)
                            .where(PIPELINE_STAGE.WORKSPACE_ID.eq(ws).and(PIPELINE_STAGE.PIPELINE_ID.eq(pipeline)))
                            .orderBy(PIPELINE_STAGE.POSITION)
                            .limit(1)
                            .fetchOne(PIPELINE_STAGE.ID));
            if (firstStage == null) {
                throw ApiProblem.invalid("pipelineId", "no such pipeline");
            }
            builtIns.put("stageId", firstStage);
            return;
        }
        UUID stagePipeline = (UUID) memo.computeIfAbsent(
                List.of("pipeline of", stage),
                k -> db.select(PIPELINE_STAGE.PIPELINE_ID)
                        .from(PIPELINE_STAGE)
                        .where(PIPELINE_STAGE.WORKSPACE_ID.eq(ws).and(PIPELINE_STAGE.ID.eq(stage)))
                        .fetchOne(PIPELINE_STAGE.PIPELINE_ID));
        if (stagePipeline == null) {
            throw ApiProblem.invalid("stageId", "no such stage");
        }
        if (pipeline != null && !pipeline.equals(stagePipeline)) {
            throw ApiProblem.invalid("stageId", "the stage belongs to another pipeline");
        }
        builtIns.put("pipelineId", stagePipeline);
    }

    /**
     * Refuses writing a field that is hidden or read-only for the caller, the owner included. A field
     * hidden from the caller is refused whatever value is sent (comparing it with the stored one
     * would tell that value); a read-only one sent back unchanged writes nothing, so it is not
     * refused. {@code owner} is the owner as it stands (the caller, for a record being created).
     */
    private static void requireWritable(
            RecordType t, Input input, RecordRow existing, UUID owner, Set<String> hidden, Set<String> readOnly) {
        Map<String, Boolean> changes = new LinkedHashMap<>();
        if (input.ownerId() != null) {
            changes.put("ownerId", !input.ownerId().equals(owner));
        }
        input.builtIns()
                .forEach((key, value) -> changes.put(
                        key,
                        existing == null
                                || !java.util.Objects.equals(
                                        comparable(existing.builtIns().get(key)), comparable(value))));
        input.custom()
                .forEach((key, value) -> changes.put(
                        key,
                        existing == null
                                || !java.util.Objects.equals(
                                        comparable(existing.custom().get(key)), comparable(value))));
        changes.forEach((key, changed) -> {
            if (hidden.contains(key)) {
                throw ApiProblem.forbiddenBecause("missing permission: edit field '" + key + "' of "
                        + t.entity().key() + " (hidden from you)");
            }
            if (changed && readOnly.contains(key)) {
                throw ApiProblem.forbiddenBecause("missing permission: edit field '" + key + "' of "
                        + t.entity().key() + " (read-only for you)");
            }
        });
    }

    /** Values as compared for "unchanged": numbers by value, whatever their scale. */
    private static Object comparable(Object value) {
        if (value instanceof BigDecimal n) {
            return n.stripTrailingZeros();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        return value;
    }

    private RecordRow readable(RecordType t, UUID ws, UUID id, CompiledAccess compiled, FieldCatalog catalog) {
        return records.find(t, ws, id, compiled.scope(t.entity(), Action.READ), catalog)
                .orElseThrow(() -> ApiProblem.notFound(t.entity().key() + " " + id));
    }

    private boolean ownerExists(UUID ws, UUID owner, Map<Object, Object> memo) {
        return (Boolean) memo.computeIfAbsent(List.of("owner", owner), k -> ownerExists(ws, owner));
    }

    private boolean ownerExists(UUID ws, UUID owner) {
        return users.find(ws, owner).isPresent();
    }

    private static RecordType type(String path) {
        return RecordType.byPath(path).orElseThrow(() -> ApiProblem.notFound("record type " + path));
    }

    private static Map<String, UUID> parents(UUID dealId, UUID contactId, UUID companyId) {
        Map<String, UUID> parents = new LinkedHashMap<>();
        if (dealId != null) {
            parents.put("dealId", dealId);
        }
        if (contactId != null) {
            parents.put("contactId", contactId);
        }
        if (companyId != null) {
            parents.put("companyId", companyId);
        }
        return parents;
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

    /** The name a page sorted by name ordered the row by: empty where it is hidden from the reader, as in SQL. */
    private static String sortedName(RecordType t, RecordRow row, CompiledAccess reader, FieldCatalog catalog) {
        Object v = row.builtIns().get(t.nameKey);
        return v == null || reader.hiddenFields(row.facts(catalog)).contains(t.nameKey) ? "" : v.toString();
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
