package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.access.OwnerUnits;
import io.custodia.access.ScopeSql;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Scope;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL plans a statement once per connection for as long as its text stays the same, so a
 * move should change the text only of the lists of the departments it touches.
 */
class DepartmentListStatementTest {
    private final DSLContext sql = DSL.using(SQLDialect.POSTGRES);
    private final UUID sales = UUID.randomUUID();
    private final UUID ana = UUID.randomUUID();
    private final Scope salesRecords = new Scope.OwnedByMembersOf(Set.of(new DepartmentId(sales)));
    private final RecordColumnsFor deals = new RecordColumnsFor(RecordType.DEALS, FieldCatalog.builtIn());

    @Test
    void aMoveInAnotherDepartmentLeavesTheListsStatementAsItWas() {
        UUID movedElsewhere = UUID.randomUUID();
        UUID movedLater = UUID.randomUUID();

        String before = statement(Set.of(movedElsewhere));
        String after = statement(Set.of(movedElsewhere, movedLater));

        assertThat(after).isEqualTo(before);
    }

    /**
     * An offboarding of someone whose rows no list of Sales reaches, to someone outside it, leaves
     * Sales's and Ana's statements as they were (so lists not touched by an offboarding keep their
     * plans, and without any the statements are those from before overlays existed).
     */
    @Test
    void anOffboardingElsewhereLeavesTheListsStatementsAsTheyWere() {
        UUID support = UUID.randomUUID();
        UUID leaving = UUID.randomUUID();
        UUID successor = UUID.randomUUID();
        OwnerUnits.Keys keys = OwnerUnits.Keys.of(
                Map.of(ana, sales, leaving, support, successor, support),
                Set.of(),
                Map.of(sales, Set.of(ana), support, Set.of(leaving, successor)),
                Map.of(),
                Set.of());
        OwnerUnits.Keys offboarding = keys.withOverlay(Map.of(leaving, successor));
        Scope anas = new Scope.OwnedBy(new UserId(ana));

        assertThat(render(salesRecords, offboarding)).isEqualTo(render(salesRecords, keys));
        assertThat(render(anas, offboarding))
                .isEqualTo(render(anas, keys))
                .isEqualTo(sql.render(deals.ownerId().eq(ana)));
        assertThat(render(new Scope.OwnedByMembersOf(Set.of(new DepartmentId(support))), offboarding))
                .as("Support's too: both are in it, so its key range reaches the leaving person's rows as before")
                .isEqualTo(render(new Scope.OwnedByMembersOf(Set.of(new DepartmentId(support))), keys));
    }

    private String render(Scope scope, OwnerUnits.Keys keys) {
        return sql.render(DSL.or(ScopeSql.branches(scope, deals, keys, 64)));
    }

    private String statement(Set<UUID> unsettled) {
        OwnerUnits.Keys keys =
                OwnerUnits.Keys.of(Map.of(ana, sales), unsettled, Map.of(sales, Set.of(ana)), Map.of(), Set.of());
        return sql.render(DSL.or(ScopeSql.branches(salesRecords, deals, keys, 64)));
    }
}
