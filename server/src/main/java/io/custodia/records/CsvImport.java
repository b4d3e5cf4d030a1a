package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.CsvCells;
import io.custodia.platform.Jobs;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.BuiltInField;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports CSV: every line is checked like a create, plus the {@code import} permission; small
 * imports are stored at once through COPY, large ones as a job that checks and stores side by side.
 */
@Service
class CsvImport {
    private final AccessPolicies access;
    private final CustomFields customFields;
    private final RecordInput input;
    private final RecordWrites writes;
    private final AuditLog audit;
    private final Jobs jobs;
    private final TransactionTemplate transactions;

    CsvImport(
            AccessPolicies access,
            CustomFields customFields,
            RecordInput input,
            RecordWrites writes,
            AuditLog audit,
            Jobs jobs,
            TransactionTemplate transactions) {
        this.access = access;
        this.customFields = customFields;
        this.input = input;
        this.writes = writes;
        this.audit = audit;
        this.jobs = jobs;
        this.transactions = transactions;
    }

    /** What an import answers: a job started, or the lines created and those that failed. */
    sealed interface Outcome permits Started, ImportResult {}

    /** A large import, running as a job of {@code total} lines. */
    record Started(UUID job, long total) implements Outcome {}

    record Failure(long line, String message) {}

    record ImportResult(int created, List<Failure> failed) implements Outcome {}

    /**
     * Imports the CSV (a header line naming fields; custom fields as {@code fields.<key>}). Without
     * {@code atomic} the good lines are created and the bad ones reported; with {@code atomic=true}
     * one bad line rejects all. Large imports, or {@code async} ones, run as a job.
     */
    @Transactional
    Outcome run(WorkspacePrincipal me, RecordType t, String csv, boolean atomic, boolean async) {
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
            return new Started(job, total);
        }
        List<RecordInput.New> valid = new ArrayList<>();
        List<Failure> failed = check(t, me, compiled, catalog, csv, (done, total) -> {}, valid::add);
        return store(t, me, valid, failed, atomic);
    }

    /** With {@code atomic=true}, one bad line rejects the whole import. */
    static boolean rejected(boolean atomic, List<Failure> failed) {
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
            Jobs.Progress progress,
            Consumer<RecordInput.New> accepted) {
        List<Failure> failed = new ArrayList<>();
        Map<String, CustomFields.Definition> defined = input.definitions(me.workspaceId(), t);
        long total = Math.max(0, csv.lines().count() - 1);
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        Map<Object, Object> memo = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            for (CSVRecord line : parser) {
                long number = line.getRecordNumber() + 1;
                RecordInput.New checked;
                try {
                    checked = input.prepare(
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
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw ApiProblem.badRequest("the body is not readable CSV with a header line: " + CsvCells.unreadable(e));
        }
        return failed;
    }

    /** Stores the good lines (all of them through COPY, in the surrounding transaction) unless atomic and any failed. */
    private ImportResult store(
            RecordType t, WorkspacePrincipal me, List<RecordInput.New> valid, List<Failure> failed, boolean atomic) {
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

    private static List<RecordWrites.NewRecord> stored(List<RecordInput.New> lines) {
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
            Jobs.Progress progress) {
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
        private final BlockingQueue<Optional<List<RecordInput.New>>> queue = new ArrayBlockingQueue<>(2);

        private final CompletableFuture<Integer> written;
        private List<RecordInput.New> chunk = new ArrayList<>();
        /** Set before the end is queued: null when checking stopped, else the failed lines. */
        private volatile List<Failure> failed;

        ChunkWriter(RecordType t, WorkspacePrincipal me, boolean atomic) {
            UUID ws = me.workspaceId();
            written = CompletableFuture.supplyAsync(
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

        void accept(RecordInput.New line) {
            chunk.add(line);
            if (chunk.size() == CHUNK) {
                hand(Optional.of(chunk));
                chunk = new ArrayList<>();
            }
        }

        /** Ends the writing: with the failed lines it commits (or rolls back if atomic and any); with null it rolls back. */
        int finish(List<Failure> failedLines) {
            if (failedLines != null && !chunk.isEmpty()) {
                hand(Optional.of(chunk));
            }
            failed = failedLines;
            hand(Optional.empty());
            return outcome();
        }

        /** What the writer stored, or its own failure as it was thrown. */
        private int outcome() {
            try {
                return written.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        private void hand(Optional<List<RecordInput.New>> next) {
            try {
                while (!queue.offer(next, 1, TimeUnit.SECONDS)) {
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

        private Optional<List<RecordInput.New>> take() {
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
                custom.put(key, type == FieldType.NUMBER ? number(value) : value);
                return;
            }
            var builtIn = t.builtIn(column);
            if (builtIn.isPresent() && builtIn.get().kind() == BuiltInField.Kind.NUMBER) {
                body.put(column, number(value));
            } else if (builtIn.isPresent() && builtIn.get().kind() == BuiltInField.Kind.BOOLEAN) {
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
}
