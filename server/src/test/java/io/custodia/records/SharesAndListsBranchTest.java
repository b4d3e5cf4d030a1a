package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.access.OwnerUnits;
import io.custodia.access.ScopeSql;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.ListLevel;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A list looks for records shared with the user, or for contacts on their shared lists, only when
 * the workspace's keys say they hold such a way in: most people hold none, and their own list is
 * then one index range.
 */
class SharesAndListsBranchTest {
    private final UUID ana = UUID.randomUUID();
    private final Scope ownOrShared = new Scope.AnyOf(List.of(
            new Scope.OwnedBy(new UserId(ana)), new Scope.SharedWith(new UserId(ana), Set.of(ShareLevel.values()))));
    private final Scope ownSharedOrListed = new Scope.AnyOf(List.of(
            new Scope.OwnedBy(new UserId(ana)),
            new Scope.SharedWith(new UserId(ana), Set.of(ShareLevel.values())),
            new Scope.OnListsOf(new UserId(ana), Set.of(ListLevel.values()))));
    private final RecordColumnsFor deals = new RecordColumnsFor(RecordType.DEALS, FieldCatalog.builtIn());
    private final RecordColumnsFor contacts = new RecordColumnsFor(RecordType.CONTACTS, FieldCatalog.builtIn());

    @Test
    void herOwnDealsAreOneBranchWhileNoDealIsSharedWithHer() {
        assertThat(ScopeSql.branches(ownOrShared, deals, keys(Map.of(), Set.of()), 64))
                .hasSize(1);
        assertThat(ScopeSql.branches(ownOrShared, deals, keys(Map.of(ana, Set.of("contact")), Set.of(ana)), 64))
                .as("a contact shared with her, or a list she is on, does not reach deals")
                .hasSize(1);
        assertThat(ScopeSql.condition(ownOrShared, deals, keys(Map.of(), Set.of()))
                        .toString())
                .doesNotContain("record_share");
    }

    @Test
    void aDealSharedWithHerAddsTheShareBranch() {
        var keys = keys(Map.of(ana, Set.of("deal")), Set.of());

        assertThat(ScopeSql.branches(ownOrShared, deals, keys, 64)).hasSize(2);
        assertThat(ScopeSql.condition(ownOrShared, deals, keys).toString()).contains("record_share");
    }

    @Test
    void herContactsLookAtListsOnlyOnceSheIsOnOne() {
        assertThat(ScopeSql.branches(ownSharedOrListed, contacts, keys(Map.of(), Set.of()), 64))
                .hasSize(1);
        assertThat(ScopeSql.condition(ownSharedOrListed, contacts, keys(Map.of(), Set.of()))
                        .toString())
                .doesNotContain("list_member");

        var onAList = keys(Map.of(), Set.of(ana));
        assertThat(ScopeSql.branches(ownSharedOrListed, contacts, onAList, 64)).hasSize(2);
        assertThat(ScopeSql.condition(ownSharedOrListed, contacts, onAList).toString())
                .contains("list_member")
                .doesNotContain("record_share");
    }

    private static OwnerUnits.Keys keys(Map<UUID, Set<String>> sharesHeld, Set<UUID> onLists) {
        return OwnerUnits.Keys.of(Map.of(), Set.of(), Map.of(), sharesHeld, onLists);
    }
}
