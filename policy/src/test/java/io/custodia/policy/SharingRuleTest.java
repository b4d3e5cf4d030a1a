package io.custodia.policy;

import static io.custodia.policy.Fixtures.department;
import static io.custodia.policy.Fixtures.role;
import static io.custodia.policy.Fixtures.stage;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sharing rules, one behaviour at a time (access-model, "Sharing rules"). */
class SharingRuleTest {
    private final DepartmentId marketing = department();
    private final DepartmentId events = department();
    private final DepartmentId sales = department();
    private final TeamId support = new TeamId(UUID.randomUUID());
    private final UserId ana = user();
    private final UserId bruno = user();
    private final UserId carla = user();
    private final UserId davi = user();
    private final StageId open = stage();
    private final Organization org = Organization.builder()
            .department(marketing, null)
            .department(events, marketing)
            .department(sales, null)
            .member(ana, sales)
            .member(bruno, marketing)
            .member(carla, events)
            .team(support, TeamVisibility.TEAM)
            .teamMember(support, davi, false)
            .build();
    private final Role salesperson = RoleTemplates.salesperson();

    private WorkspacePolicy policy(SharingRule... rules) {
        return new WorkspacePolicy(
                SeedExamplesTest.roles(salesperson),
                List.of(new Assignment(salesperson.id(), new Assignment.ToDepartment(sales, false))),
                ConflictRule.PRECEDENCE,
                org,
                List.of(rules));
    }

    private static SharingRule rule(SharingRule.From from, SharingRule.To to, ShareLevel level) {
        return new SharingRule(UUID.randomUUID(), "Marketing to Vendas", EntityType.DEAL, from, to, level, "Vendas");
    }

    private SharingRule marketingToSales(boolean subtree, ShareLevel level) {
        return rule(new SharingRule.FromDepartment(marketing, subtree), new SharingRule.ToDepartment(sales), level);
    }

    @Test
    void aRuleFromADepartmentSharesItsMembersRecordsWithTheOtherDepartment() {
        CompiledAccess ana = policy(marketingToSales(false, ShareLevel.READ)).compile(this.ana);
        RecordFacts brunos = Fixtures.deal(bruno, open);
        RecordFacts carlas = Fixtures.deal(carla, open);

        assertThat(ana.allows(Action.READ, brunos)).isTrue();
        assertThat(ana.allows(Action.READ, carlas))
                .as("events is below marketing, not in it")
                .isFalse();
        assertThat(ana.allows(Action.UPDATE, brunos)).as("READ only reads").isFalse();
        assertThat(ana.scope(EntityType.DEAL, Action.READ).admits(brunos, org)).isTrue();
        assertThat(ana.scope(EntityType.DEAL, Action.READ).admits(carlas, org)).isFalse();
        assertThat(ana.allows(Action.READ, contactOf(bruno)))
                .as("a deal rule shares no contact")
                .isFalse();
    }

    @Test
    void withSubdepartmentsItReachesOwnersBelowTheDepartment() {
        CompiledAccess ana = policy(marketingToSales(true, ShareLevel.READ)).compile(this.ana);
        RecordFacts carlas = Fixtures.deal(carla, open);

        assertThat(ana.allows(Action.READ, carlas)).isTrue();
        assertThat(ana.scope(EntityType.DEAL, Action.READ))
                .isEqualTo(Scope.anyOf(
                        salesScope(ana),
                        Scope.sharedWith(this.ana, Action.READ),
                        new Scope.OwnedByMembersOf(Set.of(marketing, events))));
    }

    @Test
    void editUpdatesLikeAShareAndNeverDeletesExportsSharesOrGivesAway() {
        CompiledAccess ana = policy(marketingToSales(false, ShareLevel.EDIT)).compile(this.ana);
        RecordFacts brunos = Fixtures.deal(bruno, open);
        RecordFacts givenToAna = new RecordFacts(EntityType.DEAL, brunos.id(), this.ana, open, Map.of());

        assertThat(ana.allows(Action.UPDATE, brunos)).isTrue();
        assertThat(ana.decide(Action.UPDATE, brunos).sharedByRule().name()).isEqualTo("Marketing to Vendas");
        assertThat(ana.allows(Action.DELETE, brunos)).isFalse();
        assertThat(ana.allows(Action.EXPORT, brunos)).isFalse();
        assertThat(ana.mayShare(brunos)).isFalse();
        assertThat(ana.mayGrantAccess(brunos)).isFalse();
        assertThat(ana.mayChange(brunos, givenToAna))
                .as("a new owner takes the roles")
                .isFalse();
        assertThat(ana.mayComment(brunos)).isTrue();
    }

    @Test
    void itReachesOnlyTheGroupItNames() {
        SharingRule toTeam = rule(
                new SharingRule.FromDepartment(marketing, false), new SharingRule.ToTeam(support), ShareLevel.READ);
        RecordFacts brunos = Fixtures.deal(bruno, open);

        assertThat(policy(toTeam).compile(davi).allows(Action.READ, brunos)).isTrue();
        assertThat(policy(toTeam).compile(ana).allows(Action.READ, brunos)).isFalse();
        assertThat(policy(marketingToSales(false, ShareLevel.READ))
                        .compile(davi)
                        .allows(Action.READ, brunos))
                .isFalse();
        SharingRule toEveryone =
                rule(new SharingRule.FromDepartment(marketing, false), new SharingRule.ToEveryone(), ShareLevel.READ);
        assertThat(policy(toEveryone).compile(davi).allows(Action.READ, brunos)).isTrue();
        assertThat(policy(toEveryone).compile(davi).sharingRules()).containsExactly(toEveryone);
    }

    @Test
    void leavingTheGroupOrTheOwnerLeavingTheDepartmentStopsIt() {
        WorkspacePolicy policy = policy(marketingToSales(false, ShareLevel.READ));
        RecordFacts brunos = Fixtures.deal(bruno, open);

        WorkspacePolicy anaLeft = policy.withOrganization(org.withMembership(ana, sales, false));
        WorkspacePolicy brunoLeft = policy.withOrganization(org.withMembership(bruno, marketing, false));

        assertThat(anaLeft.compile(ana).allows(Action.READ, brunos)).isFalse();
        assertThat(brunoLeft.compile(ana).allows(Action.READ, brunos)).isFalse();
        assertThat(brunoLeft.compile(ana).scope(EntityType.DEAL, Action.READ).admits(brunos, brunoLeft.organization()))
                .isFalse();
    }

    @Test
    void aConditionRuleSharesTheRecordsItHoldsOn() {
        Condition big = Condition.Comparison.of("amount", Condition.Op.GTE, Value.number(1000));
        CompiledAccess ana = policy(
                        rule(new SharingRule.FromCondition(big), new SharingRule.ToDepartment(sales), ShareLevel.READ))
                .compile(this.ana);
        RecordFacts bigDeal = Fixtures.deal(carla, open, Map.of("amount", Value.number(5000)));
        RecordFacts small = Fixtures.deal(carla, open, Map.of("amount", Value.number(10)));
        RecordFacts none = Fixtures.deal(carla, open);

        assertThat(ana.allows(Action.READ, bigDeal)).isTrue();
        assertThat(ana.allows(Action.READ, small)).isFalse();
        assertThat(ana.allows(Action.READ, none))
                .as("a missing value holds nothing")
                .isFalse();
        assertThat(ana.scope(EntityType.DEAL, Action.READ))
                .isEqualTo(
                        Scope.anyOf(salesScope(ana), Scope.sharedWith(this.ana, Action.READ), new Scope.Matches(big)));
    }

    @Test
    void aDetailedNoneOfARoleTakesNothingARuleGives() {
        Role noStage = role("No stage").stage(open, Action.READ, Level.NONE).build();
        WorkspacePolicy policy = new WorkspacePolicy(
                SeedExamplesTest.roles(noStage),
                List.of(new Assignment(noStage.id(), new Assignment.ToUser(ana))),
                ConflictRule.PRECEDENCE,
                org,
                List.of(marketingToSales(false, ShareLevel.READ)));

        assertThat(policy.compile(ana).allows(Action.READ, Fixtures.deal(bruno, open)))
                .isTrue();
    }

    @Test
    void fieldsFollowTheRolesFieldEntriesAsForAShare() {
        Role hidesAmount = role("Hides amount")
                .entity(EntityType.DEAL, Action.READ, Level.OWN)
                .field(EntityType.DEAL, "amount", FieldAccess.HIDDEN)
                .field(EntityType.DEAL, "title", FieldAccess.READ)
                .build();
        WorkspacePolicy policy = new WorkspacePolicy(
                SeedExamplesTest.roles(hidesAmount),
                List.of(new Assignment(hidesAmount.id(), new Assignment.ToUser(ana))),
                ConflictRule.PRECEDENCE,
                org,
                List.of(marketingToSales(false, ShareLevel.EDIT)));
        CompiledAccess access = policy.compile(ana);
        RecordFacts brunos = Fixtures.deal(bruno, open);

        assertThat(access.hiddenFields(brunos)).containsExactly("amount");
        assertThat(access.readOnlyFields(brunos)).containsExactly("title");
        assertThat(access.fieldScope(EntityType.DEAL, "amount")).isEqualTo(Scope.NOTHING);
    }

    @Test
    void aChildFollowsItsParent() {
        SharingRule activities = new SharingRule(
                UUID.randomUUID(),
                "Activities",
                EntityType.ACTIVITY,
                new SharingRule.FromDepartment(marketing, false),
                new SharingRule.ToDepartment(sales),
                ShareLevel.READ,
                "Vendas");
        CompiledAccess ana = policy(activities).compile(this.ana);
        RecordFacts unreadableDeal = Fixtures.deal(carla, open);
        RecordFacts call = new RecordFacts(
                        EntityType.ACTIVITY, "a1", bruno, null, Map.of("dealId", Value.text(unreadableDeal.id())))
                .withParent(unreadableDeal);

        assertThat(ana.allows(Action.READ, call)).isFalse();
        assertThat(ana.allows(Action.READ, call.withParent(Fixtures.deal(this.ana, open))))
                .isTrue();
    }

    @Test
    void aDeletedDepartmentSharesNothing() {
        SharingRule gone =
                rule(new SharingRule.FromDepartment(department(), true), new SharingRule.ToEveryone(), ShareLevel.READ);

        CompiledAccess davi = policy(gone).compile(this.davi);

        assertThat(davi.allows(Action.READ, Fixtures.deal(bruno, open))).isFalse();
        assertThat(davi.scope(EntityType.DEAL, Action.READ)).isEqualTo(Scope.sharedWith(this.davi, Action.READ));
    }

    @Test
    void theExplanationNamesTheRuleAndHidesWhatTheAskerMayNotSee() {
        CompiledAccess ana = policy(marketingToSales(false, ShareLevel.READ)).compile(this.ana);
        RecordFacts brunos = Fixtures.deal(bruno, open);

        Explanation told = ana.explain(EntityType.DEAL, null, Action.READ, brunos, Set.of());
        Explanation ownerHidden = ana.explain(EntityType.DEAL, null, Action.READ, brunos, Set.of("ownerId"));

        assertThat(told.allowed()).isTrue();
        assertThat(told.summary()).contains("the rule Marketing to Vendas");
        assertThat(told.paths())
                .filteredOn(p -> p.path().equals("rule"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.admits()).isTrue();
                    assertThat(p.detail()).contains("with Vendas", "covers this record");
                });
        assertThat(ana.decide(Action.READ, brunos).reasons().get(0))
                .contains("shared with Vendas by the rule Marketing to Vendas");
        // With the owner hidden, neither her department level nor the rule is told to admit.
        assertThat(ownerHidden.allowed()).isTrue();
        assertThat(ownerHidden.summary()).contains("one of the paths below");
        assertThat(ownerHidden.paths())
                .filteredOn(p -> p.path().equals("rule"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.admits()).isNull();
                    assertThat(p.detail()).contains("depends on what is hidden from you");
                });
    }

    private Scope salesScope(CompiledAccess access) {
        return access.roleScope(EntityType.DEAL, Action.READ);
    }

    private static RecordFacts contactOf(UserId owner) {
        return new RecordFacts(EntityType.CONTACT, "c-" + UUID.randomUUID(), owner, null, Map.of());
    }
}
