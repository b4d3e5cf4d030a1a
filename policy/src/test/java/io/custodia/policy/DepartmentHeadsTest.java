package io.custodia.policy;

import static io.custodia.policy.Fixtures.deal;
import static io.custodia.policy.Fixtures.department;
import static io.custodia.policy.Fixtures.role;
import static io.custodia.policy.Fixtures.stage;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.UserId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A role given to the heads of a department (seed 002, Bitrix24's "heads of department"): it reaches
 * the members flagged head of the department, or of it and its subdepartments, and nobody else.
 */
class DepartmentHeadsTest {
    private final DepartmentId sales = department();
    private final DepartmentId south = department();
    private final UserId salesHead = user();
    private final UserId southHead = user();
    private final UserId seller = user();
    private final Role allDeals = role("Heads see every deal")
            .entity(EntityType.DEAL, Action.READ, Level.ALL)
            .build();

    private Organization org() {
        return Organization.builder()
                .department(sales, null)
                .department(south, sales)
                .member(salesHead, sales)
                .head(salesHead, sales)
                .member(southHead, south)
                .head(southHead, south)
                .member(seller, sales)
                .build();
    }

    private WorkspacePolicy headsOfSales(boolean subdepartments, Organization org) {
        return new WorkspacePolicy(
                Map.of(allDeals.id(), allDeals),
                List.of(new Assignment(allDeals.id(), new Assignment.ToDepartmentHeads(sales, subdepartments))),
                ConflictRule.PRECEDENCE,
                org);
    }

    private boolean readsAnyDeal(WorkspacePolicy policy, UserId user) {
        return policy.compile(user).decide(Action.READ, deal(user(), stage())).allowed();
    }

    @Test
    void theHeadsOfTheDepartmentHoldTheRoleAndItsOrdinaryMembersDoNot() {
        WorkspacePolicy policy = headsOfSales(false, org());

        assertThat(readsAnyDeal(policy, salesHead)).isTrue();
        assertThat(readsAnyDeal(policy, seller)).isFalse();
        assertThat(readsAnyDeal(policy, southHead))
                .as("a head of a subdepartment")
                .isFalse();
        assertThat(policy.compile(salesHead).roles()).containsExactly(new CompiledAccess.Held(allDeals, Source.GROUP));
    }

    @Test
    void withSubdepartmentsTheHeadsBelowHoldItToo() {
        WorkspacePolicy policy = headsOfSales(true, org());

        assertThat(readsAnyDeal(policy, salesHead)).isTrue();
        assertThat(readsAnyDeal(policy, southHead)).isTrue();
        assertThat(readsAnyDeal(policy, seller)).isFalse();
    }

    @Test
    void aHeadWhoLeavesTheDepartmentOrIsUnflaggedLosesTheRoleAndAMemberFlaggedGainsIt() {
        WorkspacePolicy policy = headsOfSales(false, org());

        assertThat(readsAnyDeal(policy.withOrganization(org().withMembership(salesHead, sales, false)), salesHead))
                .isFalse();
        assertThat(readsAnyDeal(policy.withOrganization(org().withHead(salesHead, sales, false)), salesHead))
                .isFalse();
        assertThat(readsAnyDeal(policy.withOrganization(org().withHead(seller, sales, true)), seller))
                .isTrue();
        assertThat(org().withMembership(salesHead, sales, false)
                        .withMembership(salesHead, sales, true)
                        .isHead(salesHead, sales))
                .as("joining again does not make one a head again")
                .isFalse();
    }

    @Test
    void aHeadMustBeAMemberOfTheDepartment() {
        Organization.Builder b = Organization.builder().department(sales, null).head(seller, sales);

        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class);
    }
}
