package io.custodia.policy;

import static io.custodia.policy.Fixtures.department;
import static io.custodia.policy.Fixtures.role;
import static io.custodia.policy.Fixtures.stage;
import static io.custodia.policy.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Access-model, "Grants that expire": an assignment counts until its instant, and nowhere from it on. */
class ExpiringGrantsTest {
    private static final Instant T = Instant.parse("2026-12-31T18:00:00Z");
    private final UserId ana = user();
    private final UserId bruno = user();
    private final DepartmentId sales = department();
    private final StageId open = stage();
    private final Organization org =
            Organization.builder().department(sales, null).member(ana, sales).build();
    private final Role readsAll =
            role("Reads all").entity(EntityType.DEAL, Action.READ, Level.ALL).build();
    private final Role auditor = new Role(
            new Ids.RoleId(UUID.randomUUID()),
            "Auditor",
            Map.of(),
            Map.of(),
            Map.of(),
            Set.of(SystemPermission.AUDIT_READ));

    private WorkspacePolicy policy(Assignment... assignments) {
        return new WorkspacePolicy(
                Map.of(readsAll.id(), readsAll, auditor.id(), auditor),
                List.of(assignments),
                ConflictRule.PRECEDENCE,
                org);
    }

    @Test
    void anAssignmentCountsUntilItsInstantAndNotAtIt() {
        WorkspacePolicy policy = policy(new Assignment(readsAll.id(), new Assignment.ToDepartment(sales, false), T));
        RecordFacts deal = Fixtures.deal(bruno, open);

        assertThat(policy.liveAt(T.minusNanos(1000)).compile(ana).allows(Action.READ, deal))
                .isTrue();
        assertThat(policy.liveAt(T).compile(ana).allows(Action.READ, deal)).isFalse();
        assertThat(policy.liveAt(T.plusSeconds(1)).compile(ana).roleScope(EntityType.DEAL, Action.READ))
                .isEqualTo(Scope.NOTHING);
        assertThat(policy.liveAt(T).assignmentsOf(ana)).isEmpty();
    }

    @Test
    void systemPermissionsExpireWithTheirAssignment() {
        WorkspacePolicy policy = policy(new Assignment(auditor.id(), new Assignment.ToUser(ana), T));

        assertThat(policy.liveAt(T.minusSeconds(1)).compile(ana).has(SystemPermission.AUDIT_READ))
                .isTrue();
        assertThat(policy.liveAt(T).compile(ana).has(SystemPermission.AUDIT_READ))
                .isFalse();
    }

    @Test
    void anotherPathThatDoesNotExpireStillCounts() {
        WorkspacePolicy policy = policy(
                new Assignment(readsAll.id(), new Assignment.ToUser(ana), T),
                new Assignment(readsAll.id(), new Assignment.ToDepartment(sales, false)));

        assertThat(policy.liveAt(T.plusSeconds(60)).compile(ana).allows(Action.READ, Fixtures.deal(bruno, open)))
                .isTrue();
    }

    @Test
    void thePolicyStaysRightUntilTheEarliestExpiryStillToCome() {
        Instant later = T.plusSeconds(3600);
        WorkspacePolicy policy = policy(
                new Assignment(readsAll.id(), new Assignment.ToUser(ana), T),
                new Assignment(auditor.id(), new Assignment.ToUser(bruno), later),
                new Assignment(auditor.id(), new Assignment.ToUser(ana)));

        assertThat(policy.nextExpiry(T.minusSeconds(1))).isEqualTo(T);
        assertThat(policy.nextExpiry(T)).isEqualTo(later);
        assertThat(policy.nextExpiry(later)).isNull();
        assertThat(policy.liveAt(T.minusSeconds(1))).isSameAs(policy);
        assertThat(policy.liveAt(T).assignments()).hasSize(2);
    }
}
