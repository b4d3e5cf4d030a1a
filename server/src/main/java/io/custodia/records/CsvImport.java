package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.CsvCells;
import io.custodia.platform.Jobs;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
import java.util.function.LongPredicate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
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
    private final RecordUpdate update;
    private final AuditLog audit;
    private final Jobs jobs;
    private final TransactionTemplate transactions;
    private final RecordMeters meters;

    CsvImport(
            AccessPolicies access,
            CustomFields customFields,
            RecordInput input,
            RecordWrites writes,
            RecordUpdate update,
            AuditLog audit,
            Jobs jobs,
            TransactionTemplate transactions,
            RecordMeters meters) {
        this.access = access;
        this.customFields = customFields;
        this.input = input;
        this.writes = writes;
        this.update = update;
        this.audit = audit;
        this.jobs = jobs;
        this.transactions = transactions;
        this.meters = meters;
    }

    /** What an import answers: a job started, or the lines created, those updated and those that failed. */
    sealed interface Outcome permits Started, ImportResult {}

    /** A large import, running as a job of {@code total} lines. */
    record Started(UUID job, long total) implements Outcome {}

    record Failure(long line, String message) {}

    record ImportResult(int created, int updated, List<Failure> failed) implements Outcome {}

    /** A line naming an existing record by its id: the change to make, as {@code PATCH} makes it. */
    private record Change(long line, UUID id, LongPredicate version, Map<String, Object> body) {}

    /**
     * Imports the CSV (a header line naming fields; custom fields as {@code fields.<key>}). A line
     * with an {@code id} changes that record (upsert), one without creates a record. Without
     * {@code atomic} the good lines are stored and the bad ones reported; with {@code atomic=true}
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
        List<Change> changes = new ArrayList<>();
        List<Failure> failed = check(t, me, compiled, catalog, csv, (done, total) -> {}, valid::add, changes::add);
        ImportResult result = store(t, me, valid, changes, failed, atomic);
        meters.imported(t, "inline", result);
        return result;
    }

    /**
     * Refuses a caller who may not import records of the type at all (no {@code create} or no
     * {@code import} at any level: what the list page's {@code can.import} tells them), with 403
     * naming the permission lacking, before the body is read, a job started or anything audited.
     * A caller who may import some records still has each line checked.
     */
    void requireAllowed(WorkspacePrincipal me, RecordType t) {
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        Optional<Action> lacking = TypeRights.importLacks(compiled, t);
        if (lacking.isPresent()) {
            throw ApiProblem.forbidden(t.entity().key() + "." + lacking.get().key());
        }
    }

    /** With {@code atomic=true}, one bad line rejects the whole import. */
    static boolean rejected(boolean atomic, List<Failure> failed) {
        return atomic && !failed.isEmpty();
    }

    /** Imports larger than this run as a job. */
    static final int LARGE_IMPORT = 256 * 1024;

    /**
     * Parses and checks every line, reporting progress every thousand lines, and hands each good
     * new line to {@code accepted} and each line naming a record to {@code changed}; stores nothing
     * itself. Answers the lines that failed.
     */
    private List<Failure> check(
            RecordType t,
            WorkspacePrincipal me,
            CompiledAccess compiled,
            FieldCatalog catalog,
            String csv,
            Jobs.Progress progress,
            Consumer<RecordInput.New> accepted,
            Consumer<Change> changed) {
        List<Failure> failed = new ArrayList<>();
        Map<String, CustomFields.Definition> defined = input.definitions(me.workspaceId(), t);
        long total = Math.max(0, csv.lines().count() - 1);
        Map<Object, Object> memo = new HashMap<>();
        CompiledAccess[] current = {compiled};
        CsvLines.forEach(csv, (line, number) -> {
            Map<String, String> cells = CsvCells.originals(line.toMap());
            try {
                String id = cells.get("id");
                if (id != null && !id.isEmpty()) {
                    // INVARIANT: a line with an id only ever changes that record; an id the caller
                    // cannot read fails as an unknown one does, and never creates a record.
                    changed.accept(new Change(
                            number,
                            recordId(id),
                            version(cells.get("version")),
                            CsvLines.body(t, cells, catalog, defined.keySet())));
                } else {
                    accepted.accept(input.prepare(
                            t,
                            me,
                            current[0],
                            catalog,
                            CsvLines.body(t, cells, catalog, defined.keySet()),
                            defined,
                            memo,
                            Action.CREATE,
                            Action.IMPORT));
                }
            } catch (ApiProblem p) {
                failed.add(new Failure(number, reason(p)));
            }
            if (line.getRecordNumber() % 1_000 == 0) {
                progress.advance(line.getRecordNumber(), total);
                current[0] = access.accessOf(me.workspaceId(), me.principalId()); // the next lines: current rights
            }
        });
        return failed;
    }

    /** A refused line's reason: the problem's detail, or each field's error. */
    static String reason(ApiProblem p) {
        return p.errors().isEmpty()
                ? p.detail()
                : String.join(
                        "; ",
                        p.errors().stream()
                                .map(e -> e.field() + ": " + e.message())
                                .toList());
    }

    private static UUID recordId(String cell) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        UUID id = FieldValues.uuid(cell, "id", errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return id;
    }

    /**
     * Makes the changes the lines naming records ask for, through the write path of {@code PATCH}
     * (and the import permission on each record); a refused line is added to {@code failed}.
     * Answers how many records changed.
     */
    private int change(WorkspacePrincipal me, RecordType t, List<Change> changes, List<Failure> failed) {
        if (changes.isEmpty()) {
            return 0;
        }
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        Map<String, CustomFields.Definition> defined = input.definitions(ws, t);
        int updated = 0;
        for (Change c : changes) {
            try {
                if (update.apply(me, t, c.id(), c.version(), c.body(), compiled, catalog, defined, Action.IMPORT)) {
                    updated++;
                }
            } catch (ApiProblem p) {
                failed.add(new Failure(c.line(), reason(p)));
            }
        }
        return updated;
    }

    /** The version a line expects its record at, as If-Match would; none when the cell is empty. */
    private static LongPredicate version(String cell) {
        if (cell == null || cell.isEmpty()) {
            return null;
        }
        long expected;
        try {
            expected = Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("version", "expected a whole number");
        }
        return version -> version == expected;
    }

    /**
     * Stores the good lines (the changes, then the new records through COPY, in the surrounding
     * transaction) unless atomic and any failed, checking or storing.
     */
    private ImportResult store(
            RecordType t,
            WorkspacePrincipal me,
            List<RecordInput.New> valid,
            List<Change> changes,
            List<Failure> failed,
            boolean atomic) {
        if (rejected(atomic, failed)) {
            return new ImportResult(0, 0, failed);
        }
        int updated = change(me, t, changes, failed);
        if (rejected(atomic, failed)) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return new ImportResult(0, 0, inOrder(failed));
        }
        int created = writes.insertAll(t, me.workspaceId(), stored(valid));
        auditImport(t, me, created, updated, failed.size(), atomic);
        return new ImportResult(created, updated, inOrder(failed));
    }

    private static List<Failure> inOrder(List<Failure> failed) {
        return failed.stream().sorted(Comparator.comparingLong(Failure::line)).toList();
    }

    private void auditImport(
            RecordType t, WorkspacePrincipal me, int created, int updated, int failed, boolean atomic) {
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                t.entity().key() + ".imported",
                t.entity().key(),
                null,
                null,
                Map.of("created", created, "updated", updated, "failed", failed, "atomic", atomic));
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
            failed = check(t, me, compiled, catalog, csv, progress, writer::accept, writer::changed);
        } catch (RuntimeException e) {
            try {
                writer.finish(null);
            } catch (RuntimeException writerFailed) {
                e.addSuppressed(writerFailed);
            }
            throw e;
        }
        ImportResult result = writer.finish(failed);
        meters.imported(t, "job", result);
        return result;
    }

    /** Checked lines, new and changed, as the writer takes them. */
    private record Chunk(List<RecordInput.New> created, List<Change> changed) {
        Chunk() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        int size() {
            return created.size() + changed.size();
        }
    }

    /** Stores checked lines in chunks on a thread of its own, inside one transaction. */
    private final class ChunkWriter {
        private static final int CHUNK = 5_000;

        /** Chunks of checked lines, then an empty one: the end. */
        private final BlockingQueue<Optional<Chunk>> queue = new ArrayBlockingQueue<>(2);

        private final CompletableFuture<ImportResult> written;
        private Chunk chunk = new Chunk();
        /** Set before the end is queued: null when checking stopped, else the failed lines. */
        private volatile List<Failure> failed;

        ChunkWriter(RecordType t, WorkspacePrincipal me, boolean atomic) {
            UUID ws = me.workspaceId();
            written = CompletableFuture.supplyAsync(
                    () -> Tenancy.in(
                            ws,
                            () -> transactions.execute(status -> {
                                int created = 0;
                                int updated = 0;
                                List<Failure> refused = new ArrayList<>();
                                for (var next = take(); next.isPresent(); next = take()) {
                                    updated += CsvImport.this.change(
                                            me, t, next.get().changed(), refused);
                                    created += writes.insertAll(
                                            t, ws, stored(next.get().created()));
                                }
                                if (failed == null) {
                                    status.setRollbackOnly();
                                    return new ImportResult(0, 0, refused);
                                }
                                List<Failure> outcome = new ArrayList<>(failed);
                                outcome.addAll(refused);
                                if (rejected(atomic, outcome)) {
                                    status.setRollbackOnly();
                                    return new ImportResult(0, 0, inOrder(outcome));
                                }
                                auditImport(t, me, created, updated, outcome.size(), atomic);
                                return new ImportResult(created, updated, inOrder(outcome));
                            })),
                    work -> {
                        Thread thread = new Thread(work, "custodia-import-writer");
                        thread.setDaemon(true);
                        thread.start();
                    });
        }

        void accept(RecordInput.New line) {
            chunk.created().add(line);
            handIfFull();
        }

        void changed(Change line) {
            chunk.changed().add(line);
            handIfFull();
        }

        private void handIfFull() {
            if (chunk.size() == CHUNK) {
                hand(Optional.of(chunk));
                chunk = new Chunk();
            }
        }

        /** Ends the writing: with the failed lines it commits (or rolls back if atomic and any); with null it rolls back. */
        ImportResult finish(List<Failure> failedLines) {
            if (failedLines != null && chunk.size() > 0) {
                hand(Optional.of(chunk));
            }
            failed = failedLines;
            hand(Optional.empty());
            return outcome();
        }

        /** What the writer stored, or its own failure as it was thrown. */
        private ImportResult outcome() {
            try {
                return written.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }

        private void hand(Optional<Chunk> next) {
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

        private Optional<Chunk> take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the import writer was interrupted", e);
            }
        }
    }
}
