package io.custodia.records;

import io.custodia.platform.Meters;
import io.custodia.policy.Scope;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The records module's meters: how long a list takes by entity and the kind of scope it was
 * filtered by ({@code custodia.records.list}), and imports ({@code custodia.imports}) and their
 * lines ({@code custodia.import.lines}). Tags hold names of a few kinds only, never ids.
 */
@Component
class RecordMeters {
    private final Meters meters;

    RecordMeters(Meters meters) {
        this.meters = meters;
    }

    /** Runs a list query, timed by entity and scope kind. */
    <T> T list(RecordType t, Scope scope, Supplier<T> query) {
        return meters.timer(
                        "custodia.records.list",
                        "Time to list one page of records, by entity and the kind of the reader's scope",
                        "entity",
                        t.entity().key(),
                        "scope",
                        kind(scope))
                .record(query);
    }

    /** One import finished (or, as a job, ended): how it ran and what became of its lines. */
    void imported(RecordType t, String mode, CsvImport.ImportResult result) {
        String entity = t.entity().key();
        meters.counter(
                        "custodia.imports",
                        "CSV imports, by entity and how they ran (inline or job)",
                        "entity",
                        entity,
                        "mode",
                        mode)
                .increment();
        lines(entity, "created", result.created());
        lines(entity, "updated", result.updated());
        lines(entity, "failed", result.failed().size());
    }

    private void lines(String entity, String result, long count) {
        meters.counter(
                        "custodia.import.lines",
                        "Lines of CSV imports, by entity and what became of them",
                        "entity",
                        entity,
                        "result",
                        result)
                .increment(count);
    }

    /** A scope's kind as a tag: the name of its outermost form ({@code everything}, {@code anyOf}, ...). */
    static String kind(Scope scope) {
        String name = scope.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
