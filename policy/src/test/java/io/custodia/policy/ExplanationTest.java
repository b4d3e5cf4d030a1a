package io.custodia.policy;

import static io.custodia.policy.Fixtures.department;
import static io.custodia.policy.Fixtures.role;
import static io.custodia.policy.Fixtures.stage;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExplanationTest {
    private final DepartmentId sales = department();
    private final DepartmentId support = department();
    private final UserId ana = user();
    private final UserId bruno = user();
    private final UserId carla = user();
    private final StageId open = stage();
    private final Organization org = Organization.builder()
            .department(sales, null)
            .department(support, null)
            .member(ana, sales)
            .member(bruno, sales)
            .member(carla, support)
            .build();

    @Test
    void salespersonSeesOnlyHerDepartmentsDealsAndTheExplanationSaysWhy() {
        Role salesperson = RoleTemplates.salesperson();
        WorkspacePolicy policy = new WorkspacePolicy(
                SeedExamplesTest.roles(salesperson),
                List.of(new Assignment(salesperson.id(), new Assignment.ToDepartment(sales, false))),
                ConflictRule.PRECEDENCE,
                org);
        CompiledAccess access = policy.compile(ana);

        Explanation colleague =
                access.explain(EntityType.DEAL, null, Action.READ, Fixtures.deal(bruno, open), Set.of());
        Explanation stranger = access.explain(EntityType.DEAL, null, Action.READ, Fixtures.deal(carla, open), Set.of());

        assertThat(colleague.allowed()).isTrue();
        assertThat(colleague.paths())
                .singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("its owner is a member of one of your departments"));
        assertThat(stranger.allowed()).isFalse();
        assertThat(stranger.summary()).startsWith("denied");
        assertThat(stranger.candidates()).extracting(Candidate::roleName).containsExactly("Salesperson");
        assertThat(stranger.candidates()).extracting(Candidate::specificity).containsExactly(Specificity.INHERITED);
    }

    @Test
    void aRecordSharedWithHerIsReadableAndExplainedAsAShareButNeverDeletable() {
        Role salesperson = RoleTemplates.salesperson();
        WorkspacePolicy policy = new WorkspacePolicy(
                SeedExamplesTest.roles(salesperson),
                List.of(new Assignment(salesperson.id(), new Assignment.ToDepartment(sales, false))),
                ConflictRule.PRECEDENCE,
                org);
        CompiledAccess access = policy.compile(ana);
        RecordFacts carlas = Fixtures.deal(carla, open).withShares(Map.of(ana, ShareLevel.EDIT));

        assertThat(access.decide(Action.READ, carlas).allowed()).isTrue();
        assertThat(access.decide(Action.UPDATE, carlas).sharedAt()).isEqualTo(ShareLevel.EDIT);
        assertThat(access.allows(Action.DELETE, carlas)).isFalse();
        assertThat(access.allowsByRole(Action.UPDATE, carlas)).isFalse();
        assertThat(access.scope(EntityType.DEAL, Action.READ).admits(carlas, org))
                .isTrue();
        Explanation why = access.explain(EntityType.DEAL, null, Action.UPDATE, carlas, Set.of());
        assertThat(why.allowed()).isTrue();
        assertThat(why.paths()).extracting(Explanation.PathResult::path).containsExactly("role", "share");
        assertThat(why.summary()).contains("a share");
    }

    @Test
    void aConditionsActualValuesAreShown() {
        Role regional = role("Regional")
                .entity(
                        EntityType.DEAL,
                        Action.READ,
                        Grant.of(
                                Level.ALL,
                                new Condition.All(List.of(
                                        Condition.Comparison.of(
                                                "region", Condition.Op.IN, Value.text("SP"), Value.text("RJ")),
                                        Condition.Comparison.of("amount", Condition.Op.GTE, Value.number(1000))))))
                .build();
        WorkspacePolicy policy = new WorkspacePolicy(
                SeedExamplesTest.roles(regional),
                List.of(new Assignment(regional.id(), new Assignment.ToUser(ana))),
                ConflictRule.PRECEDENCE,
                org);

        Explanation explanation = policy.compile(ana)
                .explain(
                        EntityType.DEAL,
                        null,
                        Action.READ,
                        Fixtures.deal(carla, open, Map.of("region", Value.text("MG"))),
                        Set.of());

        assertThat(explanation.allowed()).isFalse();
        assertThat(explanation.paths().get(0).condition())
                .extracting(
                        Explanation.ComparisonResult::field,
                        Explanation.ComparisonResult::actual,
                        Explanation.ComparisonResult::holds)
                .containsExactly(tuple("region", Value.text("MG"), false), tuple("amount", null, false));
    }

    @Test
    void hiddenFieldsResolveLikeGrantsWithPersonalBeatingGroup() {
        Role groupHides = role("Group hides")
                .field(EntityType.DEAL, "amount", FieldAccess.HIDDEN)
                .build();
        Role personalReads = role("Personal reads")
                .field(EntityType.DEAL, "amount", FieldAccess.READ)
                .build();
        Role otherGroupEdits = role("Group edits")
                .field(EntityType.DEAL, "amount", FieldAccess.EDIT)
                .build();
        List<Assignment> assignments = List.of(
                new Assignment(groupHides.id(), new Assignment.ToEveryone()),
                new Assignment(otherGroupEdits.id(), new Assignment.ToDepartment(support, false)),
                new Assignment(personalReads.id(), new Assignment.ToUser(ana)),
                new Assignment(groupHides.id(), new Assignment.ToUser(carla)));
        WorkspacePolicy precedence = new WorkspacePolicy(
                SeedExamplesTest.roles(groupHides, personalReads, otherGroupEdits),
                assignments,
                ConflictRule.PRECEDENCE,
                org);

        assertThat(precedence.compile(ana).fieldAccess(EntityType.DEAL, "amount"))
                .isEqualTo(FieldAccess.READ);
        assertThat(precedence.compile(bruno).hiddenFields(EntityType.DEAL)).containsExactly("amount");
        // Carla holds the hiding role personally, which beats her department's EDIT, unless the rule unites them.
        assertThat(precedence.compile(carla).fieldAccess(EntityType.DEAL, "amount"))
                .isEqualTo(FieldAccess.HIDDEN);
        assertThat(precedence
                        .withRule(ConflictRule.MOST_PERMISSIVE)
                        .compile(carla)
                        .fieldAccess(EntityType.DEAL, "amount"))
                .isEqualTo(FieldAccess.EDIT);
        assertThat(precedence.compile(ana).fieldAccess(EntityType.DEAL, "title"))
                .isEqualTo(FieldAccess.EDIT);
    }
}
