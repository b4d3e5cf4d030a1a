package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Scope;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** What a kept page statement is reused for, and what makes it planned afresh or refused. */
class PageStatementsTest {
    private static final DSLContext SQL = DSL.using(SQLDialect.POSTGRES);
    private static final Field<UUID> ID = DSL.field(DSL.name("id"), SQLDataType.UUID);
    private static final Field<OffsetDateTime> AT =
            DSL.field(DSL.name("updated_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<UUID> OWNER = DSL.field(DSL.name("owner_id"), SQLDataType.UUID);
    private static final UUID ME = UUID.randomUUID();

    private static PageStatements.Shape shape(boolean afterCursor) {
        return new PageStatements.Shape(
                RecordType.DEALS,
                UUID.randomUUID(),
                ME,
                new Scope.OwnedBy(new UserId(ME)),
                null,
                null,
                null,
                null,
                Map.of(),
                null,
                RecordListing.Sort.UPDATED_AT_DESC,
                afterCursor,
                50,
                new PageStatements.Same<>(null),
                new PageStatements.Same<>(null));
    }

    /** Two branches, each holding the cursor's condition, as a merged page's statement does. */
    private static PageStatements.Plan twoBranches(PageStatements.Planning planning) {
        var cursor = planning.cursor();
        var first = SQL.select(ID)
                .from(DSL.table("deal"))
                .where(OWNER.eq(ME))
                .and(DSL.row(AT, ID).lt((OffsetDateTime) cursor.value(), cursor.id()));
        var second = SQL.select(ID)
                .from(DSL.table("deal"))
                .where(OWNER.ne(ME))
                .and(DSL.row(AT, ID).lt((OffsetDateTime) cursor.value(), cursor.id()));
        return new PageStatements.Plan(first.unionAll(second), true);
    }

    @Test
    void aLaterPageTakesTheKeptStatementWithItsOwnCursorInEveryBranch() {
        PageStatements statements = new PageStatements(true);
        AtomicInteger plans = new AtomicInteger();
        Function<PageStatements.Planning, PageStatements.Plan> plan = p -> {
            plans.incrementAndGet();
            return twoBranches(p);
        };
        var shape = shape(true);
        var page2 = new PageStatements.Cursor(OffsetDateTime.parse("2026-01-02T03:04:05Z"), UUID.randomUUID());
        var page3 = new PageStatements.Cursor(OffsetDateTime.parse("2025-01-02T03:04:05Z"), UUID.randomUUID());

        var second = statements.statement(shape, f -> Scope.EVERYTHING, page2, plan);
        var third = statements.statement(shape, f -> Scope.EVERYTHING, page3, plan);

        assertThat(third).isSameAs(second);
        assertThat(third.bindsFor(page3)).containsExactly(ME, page3.value(), page3.id(), ME, page3.value(), page3.id());
        // Planned with stand-ins once, then once per page afresh to verify (custodia.page-statements.verify).
        assertThat(plans).hasValue(3);
    }

    @Test
    void aStatementThatDependsOnWhatItsShapeLeavesOutFailsVerification() {
        PageStatements statements = new PageStatements(true);
        AtomicInteger calls = new AtomicInteger();
        Function<PageStatements.Planning, PageStatements.Plan> drifting = p -> new PageStatements.Plan(
                SQL.select(ID).from(DSL.table("deal")).limit(DSL.inline(calls.incrementAndGet())), false);

        assertThatThrownBy(() -> statements.statement(shape(false), f -> Scope.EVERYTHING, null, drifting))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differs from the one planned afresh");
    }

    @Test
    void aFieldWhoseVisibilityChangedHasTheStatementPlannedAfresh() {
        PageStatements statements = new PageStatements(false);
        AtomicInteger plans = new AtomicInteger();
        Function<PageStatements.Planning, PageStatements.Plan> plan = p -> {
            plans.incrementAndGet();
            Scope shown = p.visible().of("amount");
            return new PageStatements.Plan(
                    SQL.select(ID)
                            .from(DSL.table("deal"))
                            .where(shown instanceof Scope.Everything ? DSL.trueCondition() : OWNER.eq(ME)),
                    false);
        };
        var shape = shape(false);

        var everywhere = statements.statement(shape, f -> Scope.EVERYTHING, null, plan);
        var again = statements.statement(shape, f -> Scope.EVERYTHING, null, plan);
        var ownOnly = statements.statement(shape, f -> new Scope.OwnedBy(new UserId(ME)), null, plan);

        assertThat(again).isSameAs(everywhere);
        assertThat(ownOnly.sql()).isNotEqualTo(everywhere.sql()).contains("owner_id");
        assertThat(plans).hasValue(2);
    }

    @Test
    void aStatementThatDoesNotBindTheCursorIsNeverKept() {
        PageStatements statements = new PageStatements(false);
        var cursor = new PageStatements.Cursor(OffsetDateTime.parse("2026-01-02T03:04:05Z"), UUID.randomUUID());
        Function<PageStatements.Planning, PageStatements.Plan> inlined = p -> new PageStatements.Plan(
                SQL.select(ID)
                        .from(DSL.table("deal"))
                        .where(DSL.row(AT, ID)
                                .lt(
                                        DSL.inline((OffsetDateTime) p.cursor().value()),
                                        DSL.inline(p.cursor().id()))),
                false);

        assertThatThrownBy(() -> statements.statement(shape(true), f -> Scope.EVERYTHING, cursor, inlined))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a bind value");
    }

    @Test
    void aSingleRecordsReadIsKeptForItsShapeAndTakesEachReadsId() {
        PageStatements statements = new PageStatements(true);
        AtomicInteger plans = new AtomicInteger();
        var shape = new PageStatements.OneShape(
                RecordType.DEALS,
                UUID.randomUUID(),
                new Scope.OwnedBy(new UserId(ME)),
                null,
                new PageStatements.Same<>(null),
                new PageStatements.Same<>(null));
        Function<UUID, ResultQuery<?>> read = id -> {
            plans.incrementAndGet();
            return SQL.select(ID).from(DSL.table("deal")).where(OWNER.eq(ME)).and(ID.eq(id));
        };
        UUID one = UUID.randomUUID();
        UUID other = UUID.randomUUID();

        var first = statements.one(shape, one, read);
        var second = statements.one(shape, other, read);

        assertThat(second).isSameAs(first);
        assertThat(second.bindsFor(new PageStatements.Cursor(null, other))).containsExactly(ME, other);
        // Planned with a stand-in once, then once per read afresh to verify.
        assertThat(plans).hasValue(3);
    }
}
