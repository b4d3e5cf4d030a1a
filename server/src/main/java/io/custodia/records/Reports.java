package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ValueRules;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.Scope;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dashboard's reports (docs/api.md, "Reports"): the caller's parameters checked, their scope
 * and field visibility from the engine, the sums from {@link ReportQueries}, shaped for the answer.
 * Amounts are never added across currencies: every total is a list of one sum per currency.
 */
@Service
public class Reports {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private final ReportQueries queries;
    private final Pipelines pipelines;
    private final AccessPolicies access;
    private final CustomFields customFields;

    Reports(ReportQueries queries, Pipelines pipelines, AccessPolicies access, CustomFields customFields) {
        this.queries = queries;
        this.pipelines = pipelines;
        this.access = access;
        this.customFields = customFields;
    }

    /** The sum of the amounts shown to the caller in one currency (null: none, or one not shown to them). */
    public record Amount(String currency, BigDecimal total, long deals) {}

    /** How many deals, and their amounts per currency. */
    public record Totals(long deals, List<Amount> amounts) {}

    public record StageTotals(
            UUID stageId, UUID pipelineId, String name, Pipelines.Kind kind, long deals, List<Amount> amounts) {}

    public record OwnerTotals(UUID ownerId, long deals, List<Amount> amounts) {}

    public record PipelineReport(UUID pipelineId, Totals total, List<StageTotals> stages, List<OwnerTotals> owners) {}

    record WonLostPeriod(LocalDate period, Totals won, Totals lost) {}

    record WonLostReport(String by, LocalDate from, LocalDate to, UUID pipelineId, List<WonLostPeriod> periods) {}

    record Due(long overdue, long today, long nextSevenDays, long later, long undated) {}

    record OwnerDue(UUID ownerId, Due due) {}

    record ActivitiesDueReport(LocalDate on, Due total, List<OwnerDue> owners) {}

    /** The periods the won-lost report groups by, as PostgreSQL's date_trunc names them. */
    private static final List<String> PERIODS = List.of("month", "quarter", "year");

    private ReportQueries.Reader reader(WorkspacePrincipal me, EntityType entity) {
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        return new ReportQueries.Reader(
                ws,
                compiled.scope(entity, Action.READ),
                field -> compiled.fieldScope(entity, field),
                customFields.catalogOf(ws));
    }

    /** The pipeline asked for, checked: one that exists, by a field the caller may read somewhere. */
    private Pipelines.Pipeline pipelineOf(WorkspacePrincipal me, ReportQueries.Reader reader, UUID pipelineId) {
        if (pipelineId == null) {
            return null;
        }
        if (reader.visible().of("pipelineId") instanceof Scope.Nothing) {
            throw ApiProblem.invalid("pipelineId", "the field pipelineId is hidden from you");
        }
        return pipelines.all(me.workspaceId()).stream()
                .filter(p -> p.id().equals(pipelineId))
                .findFirst()
                .orElseThrow(() -> ApiProblem.invalid("pipelineId", "no such pipeline"));
    }

    // Public for the list benchmark, which times it in process (bench, ListTimings.reports).
    @Transactional(readOnly = true)
    public PipelineReport pipeline(WorkspacePrincipal me, UUID pipelineId) {
        ReportQueries.Reader reader = reader(me, EntityType.DEAL);
        Pipelines.Pipeline asked = pipelineOf(me, reader, pipelineId);
        List<ReportQueries.PipelineCell> cells = queries.pipeline(reader, pipelineId);
        Totals total = totals(cells, c -> !c.byStage() && !c.byOwner());
        // Every stage in pipeline order, with those nobody's deal is in, when the caller sees stages at all.
        List<StageTotals> stages = new ArrayList<>();
        if (!(reader.visible().of("stageId") instanceof Scope.Nothing)) {
            List<Pipelines.Pipeline> shown = asked == null ? pipelines.all(me.workspaceId()) : List.of(asked);
            for (Pipelines.Pipeline p : shown) {
                for (Pipelines.Stage s : p.stages()) {
                    Totals t = totals(cells, c -> c.byStage() && s.id().equals(c.stage()));
                    stages.add(new StageTotals(s.id(), p.id(), s.name(), s.kind(), t.deals(), t.amounts()));
                }
            }
        }
        // Each owner's cells gathered in one pass: a workspace's report can name thousands of owners.
        Map<UUID, List<ReportQueries.PipelineCell>> cellsOf = cells.stream()
                .filter(c -> c.byOwner() && c.owner() != null)
                .collect(Collectors.groupingBy(
                        ReportQueries.PipelineCell::owner, LinkedHashMap::new, Collectors.toList()));
        List<OwnerTotals> owners = cellsOf.entrySet().stream()
                .map(e -> {
                    Totals t = totals(e.getValue(), c -> true);
                    return new OwnerTotals(e.getKey(), t.deals(), t.amounts());
                })
                .sorted(Comparator.comparingLong(OwnerTotals::deals).reversed().thenComparing(OwnerTotals::ownerId))
                .toList();
        return new PipelineReport(pipelineId, total, stages, owners);
    }

    private static Totals totals(List<ReportQueries.PipelineCell> cells, Predicate<ReportQueries.PipelineCell> in) {
        List<ReportQueries.PipelineCell> mine = cells.stream().filter(in).toList();
        long deals = mine.stream().mapToLong(ReportQueries.PipelineCell::deals).sum();
        List<Amount> amounts = mine.stream()
                .filter(c -> c.amounts() > 0)
                .map(c -> new Amount(c.currency(), c.amount(), c.amounts()))
                .sorted(BY_CURRENCY)
                .toList();
        return new Totals(deals, amounts);
    }

    private static final Comparator<Amount> BY_CURRENCY =
            Comparator.comparing(Amount::currency, Comparator.nullsLast(Comparator.naturalOrder()));

    @Transactional(readOnly = true)
    WonLostReport wonLost(WorkspacePrincipal me, String by, String from, String to, UUID pipelineId) {
        if (!PERIODS.contains(by)) {
            throw ApiProblem.invalid("by", "one of {0}", String.join(", ", PERIODS));
        }
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : date("to", to);
        LocalDate first = from == null ? last.withDayOfMonth(1).minusMonths(11) : date("from", from);
        if (first.isAfter(last)) {
            throw ApiProblem.invalid("to", "on or after from ({0})", first);
        }
        ReportQueries.Reader reader = reader(me, EntityType.DEAL);
        pipelineOf(me, reader, pipelineId);
        Map<LocalDate, Map<String, List<ReportQueries.ClosedCell>>> byPeriod = new LinkedHashMap<>();
        for (ReportQueries.ClosedCell cell : queries.closed(reader, by, first, last, pipelineId)) {
            byPeriod.computeIfAbsent(cell.period(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(cell.kind(), k -> new ArrayList<>())
                    .add(cell);
        }
        List<WonLostPeriod> periods = new ArrayList<>();
        byPeriod.forEach((period, kinds) -> periods.add(new WonLostPeriod(
                period,
                closedTotals(kinds.get(Pipelines.Kind.WON.name())),
                closedTotals(kinds.get(Pipelines.Kind.LOST.name())))));
        return new WonLostReport(by, first, last, pipelineId, periods);
    }

    private static Totals closedTotals(List<ReportQueries.ClosedCell> cells) {
        List<ReportQueries.ClosedCell> mine = Objects.requireNonNullElse(cells, List.of());
        return new Totals(
                mine.stream().mapToLong(ReportQueries.ClosedCell::deals).sum(),
                mine.stream()
                        .filter(c -> c.amounts() > 0)
                        .map(c -> new Amount(c.currency(), c.amount(), c.amounts()))
                        .sorted(BY_CURRENCY)
                        .toList());
    }

    @Transactional(readOnly = true)
    ActivitiesDueReport activitiesDue(WorkspacePrincipal me, String on) {
        LocalDate day = on == null ? LocalDate.now(ZoneOffset.UTC) : date("on", on);
        Due total = new Due(0, 0, 0, 0, 0);
        List<OwnerDue> owners = new ArrayList<>();
        for (ReportQueries.DueCell cell : queries.due(reader(me, EntityType.ACTIVITY), day)) {
            Due due = new Due(cell.overdue(), cell.today(), cell.nextSevenDays(), cell.later(), cell.undated());
            if (cell.total()) {
                total = due;
            } else if (cell.owner() != null) {
                owners.add(new OwnerDue(cell.owner(), due));
            }
        }
        owners.sort(Comparator.comparing(OwnerDue::ownerId));
        return new ActivitiesDueReport(day, total, owners);
    }

    /** A date parameter as {@code YYYY-MM-DD} in years 1 to 9999, or 422 naming it. */
    static LocalDate date(String parameter, String text) {
        LocalDate date;
        try {
            date = LocalDate.parse(text.strip(), DATE);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(parameter, "a date as YYYY-MM-DD");
        }
        ValueRules.ofDate(date).ifPresent(problem -> {
            throw ApiProblem.invalid(parameter, problem);
        });
        return date;
    }
}
