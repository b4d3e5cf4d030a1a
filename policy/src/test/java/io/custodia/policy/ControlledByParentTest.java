package io.custodia.policy;

import static io.custodia.policy.Fixtures.role;
import static io.custodia.policy.Fixtures.stage;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Activities and notes are readable, and acted on, only while the record they belong to is readable. */
class ControlledByParentTest {
    private final UserId ana = user();
    private final UserId bruno = user();
    private final StageId open = stage();

    /** Ana reads her own deals only, and every activity. */
    private CompiledAccess ana() {
        Role role = role("own deals, every activity")
                .entity(EntityType.DEAL, Action.READ, Level.OWN)
                .entity(EntityType.ACTIVITY, Action.READ, Level.ALL)
                .entity(EntityType.ACTIVITY, Action.UPDATE, Level.ALL)
                .build();
        return new WorkspacePolicy(
                        SeedExamplesTest.roles(role),
                        List.of(new Assignment(role.id(), new Assignment.ToUser(ana))),
                        ConflictRule.PRECEDENCE,
                        Organization.builder().build())
                .compile(ana);
    }

    private static RecordFacts activityOf(RecordFacts deal, UserId owner) {
        return new RecordFacts(
                EntityType.ACTIVITY,
                "a1",
                owner,
                null,
                deal == null ? Map.of() : Map.of("dealId", Value.text(deal.id())),
                Map.of(),
                Map.of(),
                deal);
    }

    @Test
    void anActivityFollowsItsDeal() {
        CompiledAccess access = ana();
        RecordFacts hers = new RecordFacts(EntityType.DEAL, "d1", ana, open, Map.of());
        RecordFacts his = new RecordFacts(EntityType.DEAL, "d2", bruno, open, Map.of());

        assertThat(access.allows(Action.READ, activityOf(hers, ana))).isTrue();
        assertThat(access.allows(Action.UPDATE, activityOf(hers, bruno))).isTrue();
        assertThat(access.allows(Action.READ, activityOf(his, ana))).isFalse();
        assertThat(access.allows(Action.UPDATE, activityOf(his, ana))).isFalse();
        Scope scope = access.scope(EntityType.ACTIVITY, Action.READ);
        assertThat(scope.admits(activityOf(hers, bruno), Organization.builder().build()))
                .isTrue();
        assertThat(scope.admits(activityOf(his, ana), Organization.builder().build()))
                .isFalse();
        Explanation why = access.explain(EntityType.ACTIVITY, null, Action.READ, activityOf(his, ana), Set.of());
        assertThat(why.allowed()).isFalse();
        assertThat(why.paths().get(0).detail()).contains("a deal you may not read");
        assertThat(access.decide(Action.READ, activityOf(his, ana)).reasons().get(0))
                .contains("belongs to is not readable");
    }

    @Test
    void aShareOfTheChildDoesNotOpenItWhileTheParentIsClosed() {
        CompiledAccess access = ana();
        RecordFacts his = new RecordFacts(EntityType.DEAL, "d2", bruno, open, Map.of());
        RecordFacts shared = activityOf(his, bruno).withShares(Map.of(ana, ShareLevel.EDIT));

        assertThat(access.allows(Action.READ, shared)).isFalse();
        assertThat(access.allows(Action.READ, shared.withParent(his.withShares(Map.of(ana, ShareLevel.READ)))))
                .isTrue();
    }

    @Test
    void withoutItsParentsFactsAChildIsAdmittedByNothing() {
        assertThat(ana().allows(Action.READ, activityOf(null, ana))).isFalse();
    }
}
