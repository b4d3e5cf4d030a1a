package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.access.OwnerUnits;
import io.custodia.access.ScopeSql;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A list looks for records shared with the user only when the workspace's keys say they hold a
 * share of that type: most people hold none, and their own list is then one index range.
 */
class ShareBranchStatementTest {
    private final UUID ana = UUID.randomUUID();
    private final Scope ownOrShared = new Scope.AnyOf(List.of(
            new Scope.OwnedBy(new UserId(ana)), new Scope.SharedWith(new UserId(ana), Set.of(ShareLevel.values()))));
    private final RecordColumnsFor deals = new RecordColumnsFor(RecordType.DEALS, FieldCatalog.builtIn());

    @Test
    void herOwnDealsAreOneBranchWhileNoDealIsSharedWithHer() {
        assertThat(ScopeSql.branches(ownOrShared, deals, keys(Map.of()), 64)).hasSize(1);
        assertThat(ScopeSql.branches(ownOrShared, deals, keys(Map.of(ana, Set.of("contact"))), 64))
                .as("a contact shared with her does not reach deals")
                .hasSize(1);
        assertThat(ScopeSql.condition(ownOrShared, deals, keys(Map.of())).toString())
                .doesNotContain("record_share");
    }

    @Test
    void aDealSharedWithHerAddsTheShareBranch() {
        var keys = keys(Map.of(ana, Set.of("deal")));

        assertThat(ScopeSql.branches(ownOrShared, deals, keys, 64)).hasSize(2);
        assertThat(ScopeSql.condition(ownOrShared, deals, keys).toString()).contains("record_share");
    }

    private static OwnerUnits.Keys keys(Map<UUID, Set<String>> sharesHeld) {
        return OwnerUnits.Keys.of(Map.of(), Set.of(), Map.of(), sharesHeld);
    }
}
