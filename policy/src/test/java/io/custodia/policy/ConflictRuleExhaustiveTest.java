package io.custodia.policy;

import static io.custodia.policy.Fixtures.department;
import static io.custodia.policy.Fixtures.stage;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every combination of two and of three roles, each personal or group, with its deal entry unset
 * or at any level and its stage entry unset or at any level, under both rules, against the
 * reference evaluator: the effective level per stage and the decision for owners at every distance.
 */
class ConflictRuleExhaustiveTest {
    private static final Level[] OPTIONS = {
        null, Level.NONE, Level.OWN, Level.DEPARTMENT, Level.SUBDEPARTMENTS, Level.ALL
    };

    private final DepartmentId root = department();
    private final DepartmentId sales = department();
    private final DepartmentId salesSouth = department();
    private final DepartmentId support = department();
    private final UserId me = user();
    private final UserId sameDepartment = user();
    private final UserId below = user();
    private final UserId elsewhere = user();
    private final Organization org = Organization.builder()
            .department(root, null)
            .department(sales, root)
            .department(salesSouth, sales)
            .department(support, root)
            .member(me, sales)
            .member(sameDepartment, sales)
            .member(below, salesSouth)
            .member(elsewhere, support)
            .build();
    private final StageId detailedStage = stage();
    private final StageId otherStage = stage();
    private final List<UserId> owners = List.of(me, sameDepartment, below, elsewhere);

    @Test
    void everyCombinationOfTwoRolesAgreesWithTheReference() {
        assertThat(enumerate(2)).isEqualTo(72 * 72 * 2);
    }

    @Test
    void everyCombinationOfThreeRolesAgreesWithTheReference() {
        assertThat(enumerate(3)).isEqualTo(72 * 72 * 72 * 2);
    }

    private int enumerate(int roleCount) {
        int configurations = 1;
        for (int i = 0; i < roleCount; i++) {
            configurations *= 72;
        }
        int checked = 0;
        for (int config = 0; config < configurations; config++) {
            int rest = config;
            Map<RoleId, Role> roles = new HashMap<>();
            List<Assignment> assignments = new ArrayList<>();
            for (int r = 0; r < roleCount; r++) {
                int one = rest % 72;
                rest /= 72;
                Source source = (one % 2 == 0) ? Source.PERSONAL : Source.GROUP;
                Level entityLevel = OPTIONS[(one / 2) % 6];
                Level stageLevel = OPTIONS[(one / 12) % 6];
                Role role = role(r, entityLevel, stageLevel);
                roles.put(role.id(), role);
                assignments.add(new Assignment(
                        role.id(),
                        source == Source.PERSONAL
                                ? new Assignment.ToUser(me)
                                : new Assignment.ToDepartment(sales, false)));
            }
            for (ConflictRule rule : ConflictRule.values()) {
                check(new WorkspacePolicy(roles, assignments, rule, org));
                checked++;
            }
        }
        return checked;
    }

    private void check(WorkspacePolicy policy) {
        CompiledAccess access = policy.compile(me);
        List<ReferenceEvaluator.RoleSource> held = ReferenceEvaluator.rolesOf(me, policy);
        for (StageId stage : new StageId[] {detailedStage, otherStage, null}) {
            Level expected = ReferenceEvaluator.effectiveLevel(
                    ReferenceEvaluator.winningGrants(held, EntityType.DEAL, stage, Action.READ, policy.rule()));
            Effective actual = access.effective(EntityType.DEAL, stage, Action.READ);
            assertThat(actual.unconditionalLevel())
                    .as(
                            "%s at stage %s for %s",
                            policy.rule(), stage, policy.roles().values())
                    .isEqualTo(expected);
        }
        for (UserId owner : owners) {
            for (StageId stage : List.of(detailedStage, otherStage)) {
                RecordFacts deal = new RecordFacts(EntityType.DEAL, "d", owner, stage, Map.of());
                assertThat(access.decide(Action.READ, deal).allowed())
                        .as(
                                "%s owner %s stage %s roles %s",
                                policy.rule(), owner, stage, policy.roles().values())
                        .isEqualTo(ReferenceEvaluator.allows(me, policy, Action.READ, deal));
                assertThat(access.scope(EntityType.DEAL, Action.READ).admits(deal, org))
                        .isEqualTo(ReferenceEvaluator.allows(me, policy, Action.READ, deal));
            }
        }
    }

    private Role role(int n, Level entityLevel, Level stageLevel) {
        Map<EntityType, Map<Action, Grant>> entities = new EnumMap<>(EntityType.class);
        if (entityLevel != null) {
            entities.put(EntityType.DEAL, Map.of(Action.READ, Grant.of(entityLevel)));
        }
        Map<StageId, Map<Action, Grant>> stages = new HashMap<>();
        if (stageLevel != null) {
            stages.put(detailedStage, Map.of(Action.READ, Grant.of(stageLevel)));
        }
        return new Role(new RoleId(UUID.randomUUID()), "role" + n, entities, stages, Map.of(), Set.of());
    }
}
