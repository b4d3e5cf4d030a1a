package io.custodia.records;

import static io.custodia.platform.db.Tables.DEAL_TOTAL;

import io.custodia.access.RecordColumns;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The pipeline report's kept sums ({@code deal_total}) as the scope translator sees them: a deal's
 * owner, unit, pipeline, stage and currency, each the same on every deal a row counts. A scope or a
 * field's visibility that needs anything else of a deal (its id for a share, a field a condition
 * reads) cannot be answered from the sums: {@link NeedsTheDeals} says so, and the report then reads
 * the deals themselves. So one translation ({@code ScopeSql}) decides for both.
 */
final class DealTotalColumns implements RecordColumns {
    /** The scope needs a column the sums do not keep. */
    static final class NeedsTheDeals extends RuntimeException {
        NeedsTheDeals(String what) {
            super("the pipeline's sums keep no " + what, null, false, false);
        }
    }

    private static final Map<String, Field<?>> KEPT = Map.of(
            "ownerId", DEAL_TOTAL.OWNER_ID.cast(SQLDataType.VARCHAR),
            "pipelineId", DEAL_TOTAL.PIPELINE_ID.cast(SQLDataType.VARCHAR),
            "stageId", DEAL_TOTAL.STAGE_ID.cast(SQLDataType.VARCHAR),
            "currency", DEAL_TOTAL.CURRENCY);

    private final RecordColumnsFor deals;

    DealTotalColumns(FieldCatalog catalog) {
        this.deals = new RecordColumnsFor(RecordType.DEALS, catalog);
    }

    @Override
    public Field<UUID> workspaceId() {
        return DEAL_TOTAL.WORKSPACE_ID;
    }

    @Override
    public Field<UUID> ownerId() {
        return DEAL_TOTAL.OWNER_ID;
    }

    @Override
    public Field<UUID> ownerUnit() {
        return DEAL_TOTAL.OWNER_UNIT;
    }

    @Override
    public Field<UUID> id() {
        throw new NeedsTheDeals("deal ids");
    }

    @Override
    public String entityKey() {
        return deals.entityKey();
    }

    @Override
    public Field<UUID> stageId() {
        return DEAL_TOTAL.STAGE_ID;
    }

    /** Same answer as the deals' own columns where they keep the field, else the deals are needed. */
    @Override
    public Field<?> field(String key) {
        if (deals.field(key) == null) {
            return null;
        }
        Field<?> kept = KEPT.get(key);
        if (kept == null) {
            throw new NeedsTheDeals("field " + key);
        }
        return kept;
    }

    @Override
    public FieldType typeOf(String key) {
        return deals.typeOf(key);
    }

    @Override
    public Table<?> table() {
        throw new NeedsTheDeals("deal rows");
    }

    /** The sums count live deals only. */
    @Override
    public Condition live() {
        return DSL.trueCondition();
    }

    @Override
    public Field<UUID> link(String field) {
        throw new NeedsTheDeals("link " + field);
    }

    @Override
    public RecordColumns of(EntityType entity) {
        throw new NeedsTheDeals("records of another type");
    }
}
