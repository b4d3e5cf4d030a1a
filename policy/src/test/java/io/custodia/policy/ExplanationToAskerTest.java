package io.custodia.policy;

import static io.custodia.policy.Fixtures.department;
import static io.custodia.policy.Fixtures.role;
import static io.custodia.policy.Fixtures.stage;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.custodia.policy.Condition.Comparison;
import io.custodia.policy.Condition.Op;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An explanation told to an asker from whom fields are hidden (access-model, "Explanations"): no
 * comparison on a hidden field says whether it holds, no path or condition outcome that depends on
 * one is told unless the decision itself settles it, so records differing only in hidden values are
 * explained alike.
 */
class ExplanationToAskerTest {
    private final DepartmentId sales = department();
    private final UserId hal = user();
    private final UserId carla = user();
    private final StageId open = stage();
    private final Organization org =
            Organization.builder().department(sales, null).member(hal, sales).build();
    private final Comparison secretIsCanary = Comparison.of("secret", Op.EQ, Value.text("canary123"));
    private final Comparison amountFrom60 = Comparison.of("amount", Op.GTE, Value.number(60));

    private CompiledAccess halWith(Grant... grants) {
        List<Role> roles = Arrays.stream(grants)
                .map(g -> role("reads " + g)
                        .entity(EntityType.DEAL, Action.READ, g)
                        .build())
                .toList();
        List<Assignment> assignments = roles.stream()
                .map(r -> new Assignment(r.id(), new Assignment.ToDepartment(sales, false)))
                .toList();
        return new WorkspacePolicy(
                        SeedExamplesTest.roles(roles.toArray(Role[]::new)), assignments, ConflictRule.PRECEDENCE, org)
                .compile(hal);
    }

    private RecordFacts deal(UserId owner, String secret, int amount) {
        return new RecordFacts(
                EntityType.DEAL,
                "deal-1",
                owner,
                open,
                Map.of("secret", Value.text(secret), "amount", Value.number(amount)));
    }

    private static Explanation explain(CompiledAccess access, RecordFacts deal, Set<String> hidden) {
        return access.explain(EntityType.DEAL, null, Action.READ, deal, hidden);
    }

    @Test
    void anyOnHiddenFieldsTellsNeitherPartAndTheSummaryNamesNoStage() {
        CompiledAccess access = halWith(Grant.of(Level.ALL, new Condition.Any(List.of(secretIsCanary, amountFrom60))));
        Set<String> hidden = Set.of("secret", "amount", "stageId");

        Explanation guessWrong = explain(access, deal(carla, "bobcanary", 77), hidden);
        Explanation guessRight = explain(access, deal(carla, "canary123", 77), hidden);

        assertThat(guessRight).isEqualTo(guessWrong);
        assertThat(guessWrong.paths().get(0).condition())
                .extracting(Explanation.ComparisonResult::field, c -> c.actual(), c -> c.holds())
                .containsExactly(tuple("secret", null, null), tuple("amount", null, null));
        // Hal reads the deal: the decision itself says the only path admits, hence its condition holds.
        assertThat(guessWrong.paths().get(0).admits()).isTrue();
        assertThat(guessWrong.paths().get(0).detail()).endsWith(" holds");
        assertThat(guessWrong.summary()).doesNotContain(open.toString()).contains("in its stage");
    }

    @Test
    void aVisibleComparisonSettlesAnyOrAllAndTheHiddenOneStaysUntold() {
        Set<String> hidden = Set.of("secret");
        CompiledAccess any = halWith(Grant.of(Level.ALL, new Condition.Any(List.of(secretIsCanary, amountFrom60))));
        CompiledAccess all = halWith(Grant.of(Level.ALL, new Condition.All(List.of(secretIsCanary, amountFrom60))));

        Explanation anyHolds = explain(any, deal(carla, "bobcanary", 77), hidden);
        Explanation allFails = explain(all, deal(carla, "canary123", 10), hidden);

        assertThat(anyHolds).isEqualTo(explain(any, deal(carla, "canary123", 77), hidden));
        assertThat(anyHolds.paths().get(0).condition())
                .extracting(Explanation.ComparisonResult::field, c -> c.holds())
                .containsExactly(tuple("secret", null), tuple("amount", true));
        assertThat(allFails).isEqualTo(explain(all, deal(carla, "bobcanary", 10), hidden));
        assertThat(allFails.allowed()).isFalse();
        assertThat(allFails.paths().get(0).condition())
                .extracting(Explanation.ComparisonResult::field, c -> c.holds())
                .containsExactly(tuple("secret", null), tuple("amount", false));
    }

    @Test
    void nestedConditionsUndecidedByVisibleFieldsAreNotTold() {
        // all[amount >= 60, any[secret = canary123, amount < 0]] on a deal of 77: true exactly when the secret is.
        Condition nested = new Condition.All(List.of(
                amountFrom60,
                new Condition.Any(List.of(secretIsCanary, Comparison.of("amount", Op.LT, Value.number(0))))));
        CompiledAccess access = halWith(Grant.of(Level.ALL, nested), Grant.of(Level.ALL, amountFrom60));
        Set<String> hidden = Set.of("secret");

        Explanation wrong = explain(access, deal(carla, "bobcanary", 77), hidden);
        Explanation right = explain(access, deal(carla, "canary123", 77), hidden);

        assertThat(right).isEqualTo(wrong);
        assertThat(wrong.allowed()).isTrue();
        assertThat(wrong.paths()).extracting(Explanation.PathResult::admits).containsExactly(null, true);
        assertThat(wrong.paths().get(0).detail()).contains("depends on fields hidden from you");
        assertThat(wrong.summary()).contains("admitted by the role grant");
    }

    @Test
    void aDenialSettlesTheOnlyPathButNotTheHiddenComparison() {
        CompiledAccess access = halWith(Grant.of(Level.ALL, secretIsCanary));

        Explanation denied = explain(access, deal(carla, "bobcanary", 77), Set.of("secret"));

        assertThat(denied.allowed()).isFalse();
        assertThat(denied.paths().get(0).admits()).isFalse();
        assertThat(denied.paths().get(0).detail()).endsWith("does not hold");
        assertThat(denied.paths().get(0).condition().get(0).holds()).isNull();
    }

    @Test
    void aLevelIsNotToldToReachWhenTheOwnerIsHidden() {
        CompiledAccess access = halWith(Grant.of(Level.OWN), Grant.of(Level.ALL, amountFrom60));
        Set<String> hidden = Set.of("ownerId");

        Explanation his = explain(access, deal(hal, "x", 77), hidden);
        Explanation hers = explain(access, deal(carla, "x", 77), hidden);

        assertThat(his).isEqualTo(hers);
        assertThat(his.paths()).extracting(Explanation.PathResult::admits).containsExactly(null, true);
        assertThat(his.paths().get(0).detail()).doesNotContain("you own it").contains("hidden from you");
    }

    @Test
    void withNothingHiddenEverythingIsTold() {
        CompiledAccess access = halWith(Grant.of(Level.ALL, new Condition.Any(List.of(secretIsCanary, amountFrom60))));

        Explanation full = explain(access, deal(carla, "canary123", 77), Set.of());

        assertThat(full.paths().get(0).condition())
                .extracting(c -> c.actual(), c -> c.holds())
                .containsExactly(tuple(Value.text("canary123"), true), tuple(Value.number(77), true));
    }
}
