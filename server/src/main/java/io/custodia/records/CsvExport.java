package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.CsvCells;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * CSV export of the records a caller may both read and export, hidden fields left out. Next to the
 * owner's, stage's and pipeline's ids it writes their names ({@code owner}, {@code stage},
 * {@code pipeline}), shown exactly where the id is; and each record's {@code version}, so that
 * importing the file back changes only records nobody changed since.
 */
@Service
class CsvExport {
    private final AccessPolicies access;
    private final CustomFields customFields;
    private final RecordQueries records;
    private final RecordInput input;
    private final AuditLog audit;
    private final Users users;
    private final Pipelines pipelines;

    CsvExport(
            AccessPolicies access,
            CustomFields customFields,
            RecordQueries records,
            RecordInput input,
            AuditLog audit,
            Users users,
            Pipelines pipelines) {
        this.access = access;
        this.customFields = customFields;
        this.records = records;
        this.input = input;
        this.audit = audit;
        this.users = users;
        this.pipelines = pipelines;
    }

    /** The id columns that get a name column after them, and that name's column. */
    private static final Map<String, String> NAMES =
            Map.of("ownerId", "owner", "stageId", "stage", "pipelineId", "pipeline");

    /**
     * The columns an export writes for every record besides its fields, which no custom field may
     * be named as: its column would come twice in a file, and an import would not know which it is.
     */
    static final Set<String> RECORD_COLUMNS = Set.of(
            "id",
            "version",
            "ownerId",
            "createdAt",
            "updatedAt",
            NAMES.get("ownerId"),
            NAMES.get("stageId"),
            NAMES.get("pipelineId"));

    /** The name of the user, stage or pipeline the row's id column names. */
    private String name(
            String idColumn,
            RecordRow row,
            UUID ws,
            Map<UUID, Optional<String>> userNames,
            Map<UUID, String> stageNames) {
        if (idColumn.equals("ownerId")) {
            return userNames
                    .computeIfAbsent(
                            row.ownerId(), owner -> users.find(ws, owner).map(Users.User::name))
                    .orElse(null);
        }
        return row.builtIns().get(idColumn) instanceof UUID id ? stageNames.get(id) : null;
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
        Scope exportable = TypeRights.exportable(compiled, t);
        // Refused alike for every type when no path the caller holds exports anything (a list path
        // counts only for someone on a list): never an empty file that says "you may export".
        if (!records.holdsAny(t, ws, exportable)) {
            throw ApiProblem.forbidden(t.entity().key() + ".export");
        }
        FieldCatalog catalog = customFields.catalogOf(ws);
        Set<String> hidden = compiled.hiddenFields(t.entity());
        Set<String> custom = input.definitions(ws, t).keySet();
        List<String> columns = new ArrayList<>();
        columns.add("id");
        columns.add("version");
        columns.add("ownerId");
        t.builtIns.forEach(b -> columns.add(b.key()));
        // Each name column, and the id column whose visibility it follows (whoever may not see a
        // record's owner sees no owner's name either).
        Map<String, String> nameOf = new HashMap<>();
        for (int i = columns.size() - 1; i >= 0; i--) {
            String name = NAMES.get(columns.get(i));
            if (name != null && !custom.contains(name) && t.builtIn(name).isEmpty()) {
                nameOf.put(name, columns.get(i));
                columns.add(i + 1, name);
            }
        }
        columns.addAll(custom);
        columns.add("createdAt");
        columns.add("updatedAt");
        columns.removeIf(column -> hidden.contains(nameOf.getOrDefault(column, column)));
        Map<UUID, String> stageNames = new HashMap<>();
        pipelines.all(ws).forEach(p -> {
            stageNames.put(p.id(), p.name());
            p.stages().forEach(stage -> stageNames.put(stage.id(), stage.name()));
        });
        Map<UUID, Optional<String>> userNames = new HashMap<>();
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
                            hiddenHere.contains(nameOf.getOrDefault(column, column))
                                    ? null
                                    : nameOf.containsKey(column)
                                            ? name(nameOf.get(column), row, ws, userNames, stageNames)
                                            : switch (column) {
                                                case "id" -> row.id();
                                                case "version" -> row.version();
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
