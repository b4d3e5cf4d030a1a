package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A membership changed on a snapshot gives the snapshot the organisation would have been built as. */
class OrganizationTest {

    @Test
    void aMembershipChangedOnASnapshotEqualsTheOrganisationBuiltWithIt() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            List<DepartmentId> departments = new ArrayList<>();
            Map<DepartmentId, DepartmentId> parents = new HashMap<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                DepartmentId d = new DepartmentId(UUID.randomUUID());
                parents.put(
                        d,
                        departments.isEmpty() || random.nextInt(3) == 0
                                ? null
                                : departments.get(random.nextInt(departments.size())));
                departments.add(d);
            }
            List<UserId> users = new ArrayList<>();
            Map<UserId, Set<DepartmentId>> memberships = new HashMap<>();
            // Some runs change more people than a snapshot keeps apart before folding them in.
            boolean many = trial % 10 == 0;
            int people = many ? 100 : 1 + random.nextInt(6);
            for (int i = 0; i < people; i++) {
                UserId u = new UserId(UUID.randomUUID());
                users.add(u);
                memberships.put(u, new HashSet<>());
                if (random.nextBoolean()) {
                    memberships.get(u).add(departments.get(random.nextInt(departments.size())));
                }
            }
            Organization snapshot = build(departments, parents, memberships);
            Organization built = snapshot;
            for (int step = 0; step < (many ? 300 : 10); step++) {
                UserId u = users.get(random.nextInt(users.size()));
                DepartmentId d = departments.get(random.nextInt(departments.size()));
                boolean member = random.nextBoolean();
                Organization before = snapshot;
                Organization builtBefore = built;
                snapshot = snapshot.withMembership(u, d, member);
                for (UserId user : users) {
                    assertThat(before.departmentsOf(user))
                            .as("the snapshot changed from stays as it was")
                            .containsExactlyElementsOf(builtBefore.departmentsOf(user));
                }
                if (member) {
                    memberships.get(u).add(d);
                } else {
                    memberships.get(u).remove(d);
                }
                built = build(departments, parents, memberships);
                for (UserId user : users) {
                    assertThat(snapshot.departmentsOf(user)).containsExactlyElementsOf(built.departmentsOf(user));
                    assertThat(snapshot.departmentBitsOf(user)).isEqualTo(built.departmentBitsOf(user));
                    assertThat(snapshot.subtreeBitsOf(user)).isEqualTo(built.subtreeBitsOf(user));
                }
            }
        }
    }

    @Test
    void aMembershipOfAnUnknownDepartmentIsRefused() {
        Organization org = Organization.empty();
        assertThatThrownBy(() ->
                        org.withMembership(new UserId(UUID.randomUUID()), new DepartmentId(UUID.randomUUID()), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Departments in creation order, so that a parent is always declared before its children. */
    private static Organization build(
            List<DepartmentId> departments,
            Map<DepartmentId, DepartmentId> parents,
            Map<UserId, Set<DepartmentId>> memberships) {
        Organization.Builder b = Organization.builder();
        departments.forEach(d -> b.department(d, parents.get(d)));
        memberships.forEach((u, ds) -> ds.forEach(d -> b.member(u, d)));
        return b.build();
    }
}
