package io.custodia.policy;

import static io.custodia.policy.Fixtures.deal;
import static io.custodia.policy.Fixtures.department;
import static io.custodia.policy.Fixtures.role;
import static io.custodia.policy.Fixtures.stage;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The two examples of access-model section 4 (seed 002), word for word. */
class SeedExamplesTest {
    private final StageId newDeal = stage();
    private final StageId negotiation = stage();
    private final DepartmentId a = department();
    private final DepartmentId b = department();
    private final UserId employee = user();
    private final UserId colleague = user();

    private WorkspacePolicy twoDepartments(ConflictRule rule) {
        Role denyStages = role("Stages denied")
                .stage(newDeal, Action.READ, Level.NONE)
                .stage(negotiation, Action.READ, Level.NONE)
                .build();
        Role allDeals = role("All deals")
                .entity(EntityType.DEAL, Action.READ, Level.ALL)
                .build();
        Organization org = Organization.builder()
                .department(a, null)
                .department(b, null)
                .member(employee, a)
                .member(employee, b)
                .member(colleague, b)
                .build();
        return new WorkspacePolicy(
                roles(denyStages, allDeals),
                List.of(
                        new Assignment(denyStages.id(), new Assignment.ToDepartment(a, false)),
                        new Assignment(allDeals.id(), new Assignment.ToDepartment(b, false))),
                rule,
                org);
    }

    @Test
    void detailedNoneOnEveryStageBeatsInheritedAllSoTheEmployeeSeesNoDeal() {
        CompiledAccess access = twoDepartments(ConflictRule.PRECEDENCE).compile(employee);

        assertThat(access.decide(Action.READ, deal(colleague, newDeal)).allowed())
                .isFalse();
        assertThat(access.decide(Action.READ, deal(employee, negotiation)).allowed())
                .isFalse();
        Resolution r = access.resolution(EntityType.DEAL, newDeal, Action.READ);
        assertThat(r.winningClass()).isEqualTo(CandidateClass.DETAILED_GROUP);
        assertThat(r.effective()).isEmpty();
        assertThat(r.why()).contains("detailed beats inherited");
    }

    @Test
    void underMostPermissiveTheSameEmployeeSeesEveryDeal() {
        CompiledAccess access = twoDepartments(ConflictRule.MOST_PERMISSIVE).compile(employee);

        assertThat(access.decide(Action.READ, deal(colleague, newDeal)).allowed())
                .isTrue();
        assertThat(access.resolution(EntityType.DEAL, negotiation, Action.READ).effective())
                .containsExactly(Grant.of(Level.ALL));
    }

    @Test
    void personalHeadOfDepartmentRoleWinsWhereItSetsEntriesOverManagerFromTheDepartment() {
        UserId head = user();
        UserId stranger = user();
        DepartmentId sales = department();
        DepartmentId other = department();
        Role manager = RoleTemplates.manager();
        Role headOfDepartment = role("Head of department")
                .entity(EntityType.DEAL, Action.READ, Level.DEPARTMENT)
                .entity(EntityType.DEAL, Action.DELETE, Level.ALL)
                .build();
        Organization org = Organization.builder()
                .department(sales, null)
                .department(other, null)
                .member(head, sales)
                .member(stranger, other)
                .build();
        WorkspacePolicy policy = new WorkspacePolicy(
                roles(manager, headOfDepartment),
                List.of(
                        new Assignment(manager.id(), new Assignment.ToDepartment(sales, false)),
                        new Assignment(headOfDepartment.id(), new Assignment.ToUser(head))),
                ConflictRule.PRECEDENCE,
                org);
        CompiledAccess access = policy.compile(head);
        StageId anyStage = stage();

        // The personal role sets read: its DEPARTMENT beats the Manager's ALL.
        assertThat(access.decide(Action.READ, deal(stranger, anyStage)).allowed())
                .isFalse();
        assertThat(access.resolution(EntityType.DEAL, null, Action.READ).winningClass())
                .isEqualTo(CandidateClass.DETAILED_PERSONAL);
        // It sets delete too: ALL beats the Manager's SUBDEPARTMENTS.
        assertThat(access.decide(Action.DELETE, deal(stranger, anyStage)).allowed())
                .isTrue();
        // It says nothing of update: the Manager's ALL applies.
        assertThat(access.decide(Action.UPDATE, deal(stranger, anyStage)).allowed())
                .isTrue();
        assertThat(access.resolution(EntityType.DEAL, null, Action.UPDATE).winners())
                .extracting(Candidate::roleName)
                .containsExactly(RoleTemplates.MANAGER);
    }

    static Map<Ids.RoleId, Role> roles(Role... roles) {
        return List.of(roles).stream().collect(Collectors.toMap(Role::id, Function.identity()));
    }
}
