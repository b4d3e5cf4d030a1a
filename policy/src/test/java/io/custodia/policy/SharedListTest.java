package io.custodia.policy;

import static io.custodia.policy.Fixtures.department;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.UserId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shared contact lists (section 7) as a third path to a contact, next to roles and shares. */
class SharedListTest {
    private final DepartmentId sales = department();
    private final DepartmentId support = department();
    private final UserId ana = user();
    private final UserId carla = user();
    private final Organization org = Organization.builder()
            .department(sales, null)
            .department(support, null)
            .member(ana, sales)
            .member(carla, support)
            .build();

    private CompiledAccess anaAsSalesperson() {
        Role salesperson = RoleTemplates.salesperson();
        return new WorkspacePolicy(
                        SeedExamplesTest.roles(salesperson),
                        List.of(new Assignment(salesperson.id(), new Assignment.ToDepartment(sales, false))),
                        ConflictRule.PRECEDENCE,
                        org)
                .compile(ana);
    }

    private RecordFacts carlasContact(ListLevel level, Set<String> hidden) {
        return new RecordFacts(EntityType.CONTACT, "c1", carla, null, Map.of())
                .withLists(Map.of(ana, ListAccess.of(ListEntry.lendingAll("l1", "Key accounts", level, hidden))));
    }

    @Test
    void aViewMemberReadsTheContactButNeitherEditsNorDeletesNorComments() {
        CompiledAccess access = anaAsSalesperson();
        RecordFacts contact = carlasContact(ListLevel.VIEW, Set.of());

        assertThat(access.allows(Action.READ, contact)).isTrue();
        assertThat(access.allows(Action.UPDATE, contact)).isFalse();
        assertThat(access.allows(Action.DELETE, contact)).isFalse();
        assertThat(access.mayComment(contact)).isFalse();
        assertThat(access.scope(EntityType.CONTACT, Action.READ).admits(contact, org))
                .isTrue();
        assertThat(access.scope(EntityType.CONTACT, Action.UPDATE).admits(contact, org))
                .isFalse();
    }

    @Test
    void eachLevelAddsItsAbilityAndNoneGivesTheContactAway() {
        CompiledAccess access = anaAsSalesperson();

        assertThat(access.allows(Action.UPDATE, carlasContact(ListLevel.EDIT, Set.of())))
                .isTrue();
        assertThat(access.mayComment(carlasContact(ListLevel.EDIT, Set.of()))).isTrue();
        assertThat(access.allows(Action.DELETE, carlasContact(ListLevel.EDIT, Set.of())))
                .isFalse();
        assertThat(access.allows(Action.DELETE, carlasContact(ListLevel.DELETE, Set.of())))
                .isTrue();
        RecordFacts managed = carlasContact(ListLevel.OWNER, Set.of());
        RecordFacts givenAway =
                new RecordFacts(EntityType.CONTACT, "c1", ana, null, Map.of()).withLists(managed.lists());
        assertThat(access.mayChange(managed, givenAway)).isFalse();
        assertThat(access.allows(Action.EXPORT, carlasContact(ListLevel.VIEW, Set.of())))
                .isTrue();
        assertThat(access.allows(Action.CREATE, managed)).isFalse();
    }

    @Test
    void listsNeverReachDeals() {
        CompiledAccess access = anaAsSalesperson();

        assertThat(access.scope(EntityType.DEAL, Action.READ).toString()).doesNotContain("OnListsOf");
    }

    @Test
    void aContactReadOnlyThroughAListHidesThatListsHiddenFieldsAndTheExplanationNamesTheList() {
        CompiledAccess access = anaAsSalesperson();
        RecordFacts contact = carlasContact(ListLevel.EDIT, Set.of("phone"));

        assertThat(access.hiddenFields(contact)).containsExactly("phone");
        Explanation why = access.explain(EntityType.CONTACT, null, Action.UPDATE, contact, Set.of());
        assertThat(why.allowed()).isTrue();
        assertThat(why.paths()).extracting(Explanation.PathResult::path).contains("list");
        assertThat(why.summary()).contains("a shared list");
        assertThat(access.decide(Action.READ, contact).reasons().get(0)).contains("Key accounts at EDIT");
    }

    @Test
    void aFieldTheListHidesStaysVisibleWhenTheRoleAlsoReadsTheContact() {
        CompiledAccess access = anaAsSalesperson();
        RecordFacts own = new RecordFacts(EntityType.CONTACT, "c2", ana, null, Map.of())
                .withLists(Map.of(
                        ana,
                        ListAccess.of(ListEntry.lendingAll("l1", "Key accounts", ListLevel.VIEW, Set.of("phone")))));

        assertThat(access.hiddenFields(own)).isEmpty();
    }

    /** Carla's contact on Ana's own list, added by someone whose roles gave only what {@code lends} says. */
    private RecordFacts lentBy(ListLevel member, ListLevel lends, Set<String> withheld, Set<String> readOnly) {
        return new RecordFacts(EntityType.CONTACT, "c1", carla, null, Map.of())
                .withLists(Map.of(
                        ana, ListAccess.of(new ListEntry("l1", "Mine", member, lends, Set.of(), withheld, readOnly))));
    }

    @Test
    void aListGivesNoMoreThanItsAdderHeldWhateverTheMembersLevel() {
        CompiledAccess access = anaAsSalesperson();
        RecordFacts readOnlyLoan = lentBy(ListLevel.OWNER, ListLevel.VIEW, Set.of(), Set.of());

        assertThat(access.allows(Action.READ, readOnlyLoan)).isTrue();
        assertThat(access.allows(Action.UPDATE, readOnlyLoan)).isFalse();
        assertThat(access.allows(Action.DELETE, readOnlyLoan)).isFalse();
        assertThat(access.scope(EntityType.CONTACT, Action.UPDATE).admits(readOnlyLoan, org))
                .isFalse();
        RecordFacts editLoan = lentBy(ListLevel.MANAGER, ListLevel.EDIT, Set.of(), Set.of());
        assertThat(access.allows(Action.UPDATE, editLoan)).isTrue();
        assertThat(access.allows(Action.DELETE, editLoan)).isFalse();
        assertThat(access.explain(EntityType.CONTACT, null, Action.DELETE, editLoan, Set.of())
                        .paths())
                .anySatisfy(p -> assertThat(p.detail()).contains("could give only EDIT"));
    }

    @Test
    void whatTheAdderCouldNotSeeOrEditStaysSoForTheOwnerToo() {
        CompiledAccess access = anaAsSalesperson();
        RecordFacts contact = lentBy(ListLevel.OWNER, ListLevel.EDIT, Set.of("email"), Set.of("phone"));

        assertThat(access.hiddenFields(contact)).containsExactly("email");
        assertThat(access.readOnlyFields(contact)).contains("phone");
        assertThat(access.fieldScope(EntityType.CONTACT, "email").admits(contact, org))
                .isFalse();
        assertThat(access.fieldScope(EntityType.CONTACT, "phone").admits(contact, org))
                .isTrue();
    }

    @Test
    void twoListsDoNotMixOneListsLevelWithTheOthersLoan() {
        CompiledAccess access = anaAsSalesperson();
        RecordFacts contact = new RecordFacts(EntityType.CONTACT, "c1", carla, null, Map.of())
                .withLists(Map.of(
                        ana,
                        ListAccess.of(
                                new ListEntry("l1", "A", ListLevel.OWNER, ListLevel.VIEW, Set.of(), Set.of(), Set.of()),
                                new ListEntry(
                                        "l2", "B", ListLevel.EDIT, ListLevel.DELETE, Set.of(), Set.of(), Set.of()))));

        assertThat(access.allows(Action.UPDATE, contact)).isTrue();
        assertThat(access.allows(Action.DELETE, contact)).isFalse();
        assertThat(access.scope(EntityType.CONTACT, Action.DELETE).admits(contact, org))
                .isFalse();
    }

    @Test
    void aListsManagerCannotGrantAccessToItsContacts() {
        CompiledAccess access = anaAsSalesperson();

        assertThat(access.mayGrantAccess(carlasContact(ListLevel.OWNER, Set.of())))
                .isFalse();
    }
}
