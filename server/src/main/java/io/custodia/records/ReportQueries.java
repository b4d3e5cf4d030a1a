package io.custodia.records;

import static io.custodia.platform.db.Tables.ACTIVITY;
import static io.custodia.platform.db.Tables.DEAL;
import static io.custodia.platform.db.Tables.DEAL_TOTAL;
import static io.custodia.platform.db.Tables.PIPELINE_STAGE;

import io.custodia.access.RecordColumns;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Scope;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Repository;

/**
 * The dashboard's sums, each one statement over the caller's read scope ({@link RecordQueries#scoped},
 * so records outside it are never counted), in which every field is read only where the engine's
 * field scope shows it to the caller: elsewhere the statement sees NULL in its place, so a hidden
 * amount is summed into nothing, a hidden owner or stage groups nothing, and nothing is filtered
 * after it is read.
 */
@Repository
class ReportQueries {
    private static final RecordType ACTIVITIES =
            RecordType.of(EntityType.ACTIVITY).orElseThrow();

    private static final Logger log = LoggerFactory.getLogger(ReportQueries.class);

    private final DSLContext db;
    private final RecordQueries queries;

    ReportQueries(DSLContext db, RecordQueries queries) {
        this.db = db;
        this.queries = queries;
    }

    /** What one reader's report reads: their read scope and where each field is visible to them. */
    record Reader(UUID workspaceId, Scope readable, RecordListing.FieldVisibility visible, FieldCatalog catalog) {}

    /** One group of a pipeline report: by stage, by owner or neither, and within it by currency. */
    record PipelineCell(
            boolean byStage,
            boolean byOwner,
            UUID stage,
            UUID owner,
            String currency,
            long deals,
            BigDecimal amount,
            long amounts) {}

    /** One period's won or lost deals in one currency. */
    record ClosedCell(LocalDate period, String kind, String currency, long deals, BigDecimal amount, long amounts) {}

    /** Open activities by when they are due (UTC dates), for one owner or (owner null, total) all. */
    record DueCell(boolean total, UUID owner, long overdue, long today, long nextSevenDays, long later, long undated) {}

    /** Where the field is visible to the reader, as a condition on the record table. */
    private Condition shown(RecordType type, Reader reader, String field) {
        return shown(new RecordColumnsFor(type, reader.catalog()), reader, field);
    }

    private Condition shown(RecordColumns columns, Reader reader, String field) {
        return queries.shownWhere(
                columns, reader.workspaceId(), reader.visible().of(field));
    }

    /** The column where the field is visible to the reader, NULL elsewhere. */
    private <T> Field<T> ifShown(RecordType type, Reader reader, String field, Field<T> column) {
        return ifShown(new RecordColumnsFor(type, reader.catalog()), reader, field, column);
    }

    private <T> Field<T> ifShown(RecordColumns columns, Reader reader, String field, Field<T> column) {
        Scope visible = reader.visible().of(field);
        if (visible instanceof Scope.Everything) {
            return column;
        }
        if (visible instanceof Scope.Nothing) {
            return DSL.castNull(column);
        }
        return DSL.when(shown(columns, reader, field), column);
    }

    /**
     * Deals counted and their amounts summed per stage, per owner and in all, each per currency:
     * from the kept sums when the reader's scope and the fields' visibility can be said over them,
     * else from the deals. Both give the same cells ({@code PipelineTotalsAgreeWithTheDealsTest}).
     */
    List<PipelineCell> pipeline(Reader reader, UUID pipelineId) {
        try {
            return pipelineFromTotals(reader, pipelineId);
        } catch (DealTotalColumns.NeedsTheDeals needsThem) {
            log.debug("pipeline report read from the deals: {}", needsThem.getMessage());
            return pipelineFromDeals(reader, pipelineId);
        }
    }

    /**
     * The pipeline report read from every deal the reader may read, in one pass (grouping sets). The
     * visible values are picked in a subquery and grouped outside it: a CASE with bind values
     * written twice would not be the same expression to PostgreSQL.
     */
    List<PipelineCell> pipelineFromDeals(Reader reader, UUID pipelineId) {
        RecordType t = RecordType.DEALS;
        Condition where = queries.scoped(t, reader.workspaceId(), reader.readable(), reader.catalog());
        if (pipelineId != null) {
            where = where.and(DEAL.PIPELINE_ID.eq(pipelineId)).and(shown(t, reader, "pipelineId"));
        }
        Table<?> d = db.select(
                        ifShown(t, reader, "stageId", DEAL.STAGE_ID).as("stage"),
                        ifShown(t, reader, "ownerId", queries.effectiveOwner(DEAL.OWNER_ID, reader.workspaceId()))
                                .as("owner"),
                        ifShown(t, reader, "currency", DEAL.CURRENCY).as("currency"),
                        DSL.inline(1L).as("deals"),
                        ifShown(t, reader, "amount", DEAL.AMOUNT).as("amount"),
                        DSL.when(ifShown(t, reader, "amount", DEAL.AMOUNT).isNotNull(), DSL.inline(1L))
                                .else_(DSL.inline(0L))
                                .as("amounts"))
                .from(DEAL)
                .where(where)
                .asTable("d");
        return grouped(d);
    }

    /**
     * The pipeline report summed from the kept sums ({@code deal_total}, one row per owner's unit,
     * owner, pipeline, stage and currency), under the same scope and visibility said over them.
     */
    List<PipelineCell> pipelineFromTotals(Reader reader, UUID pipelineId) {
        DealTotalColumns t = new DealTotalColumns(reader.catalog());
        Condition where = DEAL_TOTAL
                .WORKSPACE_ID
                .eq(reader.workspaceId())
                .and(DEAL_TOTAL.DEALS.ne(0L))
                .and(queries.scopeCondition(t, reader.workspaceId(), reader.readable()));
        if (pipelineId != null) {
            where = where.and(DEAL_TOTAL.PIPELINE_ID.eq(pipelineId)).and(shown(t, reader, "pipelineId"));
        }
        Table<?> d = db.select(
                        ifShown(t, reader, "stageId", DEAL_TOTAL.STAGE_ID).as("stage"),
                        ifShown(t, reader, "ownerId", queries.effectiveOwner(DEAL_TOTAL.OWNER_ID, reader.workspaceId()))
                                .as("owner"),
                        ifShown(t, reader, "currency", DEAL_TOTAL.CURRENCY).as("currency"),
                        DEAL_TOTAL.DEALS.as("deals"),
                        ifShown(t, reader, "amount", DEAL_TOTAL.AMOUNT).as("amount"),
                        DSL.coalesce(ifShown(t, reader, "amount", DEAL_TOTAL.AMOUNTS), DSL.inline(0L))
                                .as("amounts"))
                .from(DEAL_TOTAL)
                .where(where)
                .asTable("d");
        return grouped(d);
    }

    /** Rows of (stage, owner, currency, deals, amount, amounts) summed per stage, per owner and in all. */
    private List<PipelineCell> grouped(Table<?> d) {
        Field<UUID> stage = d.field("stage", UUID.class);
        Field<UUID> owner = d.field("owner", UUID.class);
        Field<String> currency = d.field("currency", String.class);
        Field<Long> deals = d.field("deals", Long.class);
        Field<BigDecimal> amount = d.field("amount", BigDecimal.class);
        Field<Long> amounts = d.field("amounts", Long.class);
        Field<BigDecimal> counted = DSL.sum(amounts);
        return db.select(
                        DSL.grouping(stage),
                        DSL.grouping(owner),
                        stage,
                        owner,
                        currency,
                        DSL.sum(deals).cast(SQLDataType.BIGINT),
                        // A sum of no amount is none, whether the rows held zeros (kept sums) or NULLs.
                        DSL.when(counted.gt(BigDecimal.ZERO), DSL.sum(amount)),
                        counted.cast(SQLDataType.BIGINT))
                .from(d)
                .groupBy(DSL.groupingSets(
                        new Field<?>[] {stage, currency}, new Field<?>[] {owner, currency}, new Field<?>[] {currency}))
                .fetch(r -> new PipelineCell(
                        r.value1() == 0,
                        r.value2() == 0,
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8()));
    }

    /**
     * Won and lost deals per period of their closing (in UTC), per currency. Whether a deal is won
     * or lost is its stage's kind, so a deal whose stage the reader may not see is not counted.
     */
    List<ClosedCell> closed(Reader reader, String unit, LocalDate from, LocalDate to, UUID pipelineId) {
        RecordType t = RecordType.DEALS;
        Condition where = queries.scoped(t, reader.workspaceId(), reader.readable(), reader.catalog())
                .and(shown(t, reader, "stageId"))
                .and(PIPELINE_STAGE.KIND.in(Pipelines.Kind.WON.name(), Pipelines.Kind.LOST.name()))
                .and(DEAL.CLOSED_AT.isNotNull())
                // Bounds computed by PostgreSQL: the day after 9999-12-31 is beyond what java.time binds.
                .and(DSL.condition("{0} >= ({1}::timestamp at time zone 'UTC')", DEAL.CLOSED_AT, DSL.val(from)))
                .and(DSL.condition(
                        "{0} < (({1}::date + 1)::timestamp at time zone 'UTC')", DEAL.CLOSED_AT, DSL.val(to)));
        if (pipelineId != null) {
            where = where.and(DEAL.PIPELINE_ID.eq(pipelineId)).and(shown(t, reader, "pipelineId"));
        }
        Table<?> d = db.select(
                        DSL.field(
                                        "date_trunc({0}, {1} at time zone 'UTC')::date",
                                        LocalDate.class, DSL.inline(unit), DEAL.CLOSED_AT)
                                .as("period"),
                        PIPELINE_STAGE.KIND.as("kind"),
                        ifShown(t, reader, "currency", DEAL.CURRENCY).as("currency"),
                        ifShown(t, reader, "amount", DEAL.AMOUNT).as("amount"))
                .from(DEAL)
                .join(PIPELINE_STAGE)
                .on(PIPELINE_STAGE.WORKSPACE_ID.eq(DEAL.WORKSPACE_ID))
                .and(PIPELINE_STAGE.ID.eq(DEAL.STAGE_ID))
                .where(where)
                .asTable("d");
        Field<LocalDate> period = d.field("period", LocalDate.class);
        Field<String> kind = d.field("kind", String.class);
        Field<String> currency = d.field("currency", String.class);
        Field<BigDecimal> amount = d.field("amount", BigDecimal.class);
        return db.select(period, kind, currency, DSL.count(), DSL.sum(amount), DSL.count(amount))
                .from(d)
                .groupBy(period, kind, currency)
                .orderBy(period, kind, currency.asc().nullsLast())
                .fetch(r -> new ClosedCell(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /**
     * Activities not done, by the UTC date they are due relative to {@code on}, per owner and in all.
     * Only activities whose due date and whether they are done are both visible to the reader count.
     */
    List<DueCell> due(Reader reader, LocalDate on) {
        RecordType t = ACTIVITIES;
        Condition where = queries.scoped(t, reader.workspaceId(), reader.readable(), reader.catalog())
                .and(shown(t, reader, "dueAt"))
                .and(shown(t, reader, "done"))
                .and(ACTIVITY.DONE.isFalse());
        Table<?> a = db.select(
                        ifShown(t, reader, "ownerId", queries.effectiveOwner(ACTIVITY.OWNER_ID, reader.workspaceId()))
                                .as("owner"),
                        DSL.field("({0} at time zone 'UTC')::date", LocalDate.class, ACTIVITY.DUE_AT)
                                .as("due"))
                .from(ACTIVITY)
                .where(where)
                .asTable("a");
        Field<UUID> owner = a.field("owner", UUID.class);
        Field<LocalDate> due = a.field("due", LocalDate.class);
        Field<LocalDate> day = DSL.val(on);
        // The week's end computed by PostgreSQL: 9999-12-31 plus seven days is past java.time's binding.
        Field<LocalDate> weekEnd = DSL.field("({0}::date + 7)", LocalDate.class, day);
        return db.select(
                        DSL.grouping(owner),
                        owner,
                        DSL.count().filterWhere(due.lt(day)),
                        DSL.count().filterWhere(due.eq(day)),
                        DSL.count().filterWhere(due.gt(day).and(due.le(weekEnd))),
                        DSL.count().filterWhere(due.gt(weekEnd)),
                        DSL.count().filterWhere(due.isNull()))
                .from(a)
                .groupBy(DSL.groupingSets(new Field<?>[] {owner}, new Field<?>[] {}))
                .fetch(r -> new DueCell(
                        r.value1() == 1, r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7()));
    }
}
