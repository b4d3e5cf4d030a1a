package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.CsvCells;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** CSV export of the records a caller may both read and export, hidden fields left out. */
@Service
class CsvExport {
    private final AccessPolicies access;
    private final CustomFields customFields;
    private final RecordQueries records;
    private final RecordInput input;
    private final AuditLog audit;

    CsvExport(
            AccessPolicies access,
            CustomFields customFields,
            RecordQueries records,
            RecordInput input,
            AuditLog audit) {
        this.access = access;
        this.customFields = customFields;
        this.records = records;
        this.input = input;
        this.audit = audit;
    }

    /** Where the file goes, opened under its name only once the export is allowed and audited. */
    @FunctionalInterface
    interface Sink {
        Writer open(String fileName) throws IOException;
    }

    /**
     * Streams CSV of the records the caller may both read and export, hidden fields left out. The
     * export is audited before the first row leaves.
     */
    @Transactional
    void export(WorkspacePrincipal me, RecordType t, Sink sink) throws IOException {
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        Scope exportable =
                Scope.allOf(compiled.scope(t.entity(), Action.READ), compiled.scope(t.entity(), Action.EXPORT));
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
        columns.addAll(input.definitions(ws, t).keySet());
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
        try (CSVPrinter csv = new CSVPrinter(
                sink.open(t.path + ".csv"),
                CSVFormat.DEFAULT
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
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
