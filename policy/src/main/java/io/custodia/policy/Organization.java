package io.custodia.policy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The structure of one workspace as the engine needs it: the department tree, who is a member of
 * which department and who is flagged head of which, and the teams. Immutable; a change in the organisation makes a new snapshot.
 * Departments are numbered internally so that membership tests are bit tests.
 */
public final class Organization {
    private static final int[] NO_DEPARTMENTS = new int[0];

    private final List<DepartmentId> departments;
    private final Map<DepartmentId, Integer> index;
    private final int[] parent;
    private final BitSet[] subtree;
    /** Who is a direct member of which departments, by index. */
    private final LayeredMap<UserId, int[]> departmentsOfUser;
    /** Who is flagged head of which departments, by index (always among the user's own departments). */
    private final LayeredMap<UserId, int[]> headedByUser;

    private final Map<TeamId, Set<UserId>> teamMembers;
    private final Map<TeamId, Set<UserId>> teamSupervisors;
    private final Map<TeamId, TeamVisibility> teamVisibility;
    private final Map<UserId, Set<TeamId>> teamsOfUser;

    private Organization(Builder builder) {
        this.departments = List.copyOf(builder.parents.keySet());
        this.index = new HashMap<>();
        for (int i = 0; i < departments.size(); i++) {
            index.put(departments.get(i), i);
        }
        this.parent = new int[departments.size()];
        for (int i = 0; i < departments.size(); i++) {
            DepartmentId p = builder.parents.get(departments.get(i));
            if (p != null && !index.containsKey(p)) {
                throw new IllegalArgumentException("department " + departments.get(i) + " has an unknown parent " + p);
            }
            parent[i] = p == null ? -1 : index.get(p);
        }
        this.subtree = new BitSet[departments.size()];
        for (int i = 0; i < departments.size(); i++) {
            subtree[i] = new BitSet(departments.size());
        }
        for (int i = 0; i < departments.size(); i++) {
            int steps = 0;
            for (int a = i; a != -1; a = parent[a]) {
                if (++steps > departments.size()) {
                    throw new IllegalArgumentException("the department tree has a cycle through " + departments.get(i));
                }
                subtree[a].set(i);
            }
        }
        Map<UserId, int[]> memberships = new HashMap<>();
        builder.memberships.forEach((user, depts) -> memberships.put(
                user, depts.stream().mapToInt(this::indexOf).distinct().sorted().toArray()));
        this.departmentsOfUser = LayeredMap.of(memberships);
        Map<UserId, int[]> heads = new HashMap<>();
        builder.heads.forEach((user, depts) -> {
            for (DepartmentId d : depts) {
                if (!builder.memberships.getOrDefault(user, List.of()).contains(d)) {
                    throw new IllegalArgumentException("user " + user + " heads " + d + " without being a member");
                }
            }
            heads.put(
                    user,
                    depts.stream().mapToInt(this::indexOf).distinct().sorted().toArray());
        });
        this.headedByUser = LayeredMap.of(heads);
        builder.teamMembers.keySet().forEach(team -> {
            if (!builder.teamVisibility.containsKey(team)) {
                throw new IllegalArgumentException("team " + team + " has members but was never declared");
            }
        });
        this.teamVisibility = Map.copyOf(builder.teamVisibility);
        this.teamMembers = freeze(builder.teamMembers);
        this.teamSupervisors = freeze(builder.teamSupervisors);
        Map<UserId, Set<TeamId>> teams = new HashMap<>();
        builder.teamMembers.forEach((team, members) -> members.forEach(
                u -> teams.computeIfAbsent(u, k -> new LinkedHashSet<>()).add(team)));
        this.teamsOfUser = freeze(teams);
    }

    /**
     * A copy in which the user is, or is not, a direct member of the department (for simulations,
     * and for a membership change applied to a cached snapshot). Only the user's own entries are
     * new; the tree and the teams are shared with this snapshot, which stays as it was. A user who
     * joins is not a head (a head flag comes with a fresh snapshot); one who leaves heads it no more.
     */
    public Organization withMembership(UserId user, DepartmentId department, boolean member) {
        int d = indexOf(department);
        int[] mine = departmentsOfUser.getOrDefault(user, NO_DEPARTMENTS);
        int[] changed = IntStream.concat(
                        Arrays.stream(mine).filter(i -> i != d), member ? IntStream.of(d) : IntStream.empty())
                .sorted()
                .toArray();
        int[] headed = headedByUser.getOrDefault(user, NO_DEPARTMENTS);
        boolean stopsHeading = !member && Arrays.stream(headed).anyMatch(i -> i == d);
        return new Organization(
                this,
                departmentsOfUser.with(user, changed),
                stopsHeading
                        ? headedByUser.with(
                                user, Arrays.stream(headed).filter(i -> i != d).toArray())
                        : headedByUser);
    }

    /**
     * A copy in which the user is, or is not, flagged head of the department (for simulations); a
     * head is a member, so flagging one who is not makes them one.
     */
    public Organization withHead(UserId user, DepartmentId department, boolean head) {
        int d = indexOf(department);
        Organization joined = head ? withMembership(user, department, true) : this;
        int[] headed = headedByUser.getOrDefault(user, NO_DEPARTMENTS);
        int[] changed = IntStream.concat(
                        Arrays.stream(headed).filter(i -> i != d), head ? IntStream.of(d) : IntStream.empty())
                .sorted()
                .toArray();
        return new Organization(joined, joined.departmentsOfUser, headedByUser.with(user, changed));
    }

    private Organization(
            Organization shared, LayeredMap<UserId, int[]> departmentsOfUser, LayeredMap<UserId, int[]> headedByUser) {
        this.departments = shared.departments;
        this.index = shared.index;
        this.parent = shared.parent;
        this.subtree = shared.subtree;
        this.departmentsOfUser = departmentsOfUser;
        this.headedByUser = headedByUser;
        this.teamMembers = shared.teamMembers;
        this.teamSupervisors = shared.teamSupervisors;
        this.teamVisibility = shared.teamVisibility;
        this.teamsOfUser = shared.teamsOfUser;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Organization empty() {
        return builder().build();
    }

    public boolean hasDepartment(DepartmentId department) {
        return index.containsKey(department);
    }

    /** The departments the user is a direct member of. */
    public List<DepartmentId> departmentsOf(UserId user) {
        return ids(departmentsOfUser.getOrDefault(user, NO_DEPARTMENTS));
    }

    /** The departments the user is flagged head of. */
    public List<DepartmentId> departmentsHeadedBy(UserId user) {
        return ids(headedByUser.getOrDefault(user, NO_DEPARTMENTS));
    }

    /** Whether the user is flagged head of the department. */
    public boolean isHead(UserId user, DepartmentId department) {
        Integer i = index.get(department);
        return i != null
                && Arrays.stream(headedByUser.getOrDefault(user, NO_DEPARTMENTS))
                        .anyMatch(d -> d == i);
    }

    /** Whether the user is flagged head of the department or of one below it. */
    public boolean headsInSubtree(UserId user, DepartmentId department) {
        BitSet below = subtree[indexOf(department)];
        return Arrays.stream(headedByUser.getOrDefault(user, NO_DEPARTMENTS)).anyMatch(below::get);
    }

    public DepartmentId parentOf(DepartmentId department) {
        int p = parent[indexOf(department)];
        return p == -1 ? null : departments.get(p);
    }

    /** The department and every department below it. */
    public BitSet subtreeOf(DepartmentId department) {
        return (BitSet) subtree[indexOf(department)].clone();
    }

    /** The departments the user is a member of, as bits. */
    public BitSet departmentBitsOf(UserId user) {
        BitSet bits = new BitSet(departments.size());
        for (int d : departmentsOfUser.getOrDefault(user, NO_DEPARTMENTS)) {
            bits.set(d);
        }
        return bits;
    }

    /** The user's departments and every department below them, as bits. */
    public BitSet subtreeBitsOf(UserId user) {
        BitSet bits = new BitSet(departments.size());
        for (int d : departmentsOfUser.getOrDefault(user, NO_DEPARTMENTS)) {
            bits.or(subtree[d]);
        }
        return bits;
    }

    /** Whether the user is a member of the department or of one below it. */
    public boolean isInSubtree(UserId user, DepartmentId department) {
        BitSet below = subtree[indexOf(department)];
        for (int d : departmentsOfUser.getOrDefault(user, NO_DEPARTMENTS)) {
            if (below.get(d)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user is a direct member of the department. */
    public boolean isMember(UserId user, DepartmentId department) {
        Integer i = index.get(department);
        if (i == null) {
            return false;
        }
        for (int d : departmentsOfUser.getOrDefault(user, NO_DEPARTMENTS)) {
            if (d == i) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user is a member of any department whose bit is set. */
    public boolean isMemberOfAny(UserId user, BitSet departmentBits) {
        for (int d : departmentsOfUser.getOrDefault(user, NO_DEPARTMENTS)) {
            if (departmentBits.get(d)) {
                return true;
            }
        }
        return false;
    }

    /** The department ids whose bits are set, in a stable order. */
    public Set<DepartmentId> departmentsIn(BitSet bits) {
        Set<DepartmentId> ids = new LinkedHashSet<>();
        bits.stream().forEach(i -> ids.add(departments.get(i)));
        return Collections.unmodifiableSet(ids);
    }

    public Set<TeamId> teamsOf(UserId user) {
        return teamsOfUser.getOrDefault(user, Set.of());
    }

    public Set<UserId> membersOf(TeamId team) {
        return teamMembers.getOrDefault(team, Set.of());
    }

    public Set<UserId> supervisorsOf(TeamId team) {
        return teamSupervisors.getOrDefault(team, Set.of());
    }

    /** The team's conversation visibility; a team the snapshot does not know shows its conversations to nobody but attendants. */
    public TeamVisibility visibilityOf(TeamId team) {
        return teamVisibility.getOrDefault(team, TeamVisibility.ATTENDANT);
    }

    /** The teams whose setting is {@code visibility}. */
    public Set<TeamId> teamsWith(TeamVisibility visibility) {
        Set<TeamId> teams = new LinkedHashSet<>();
        teamVisibility.forEach((team, v) -> {
            if (v == visibility) {
                teams.add(team);
            }
        });
        return teams;
    }

    private int indexOf(DepartmentId department) {
        Integer i = index.get(department);
        if (i == null) {
            throw new IllegalArgumentException("unknown department " + department);
        }
        return i;
    }

    private List<DepartmentId> ids(int[] indexes) {
        List<DepartmentId> ids = new ArrayList<>(indexes.length);
        for (int i : indexes) {
            ids.add(departments.get(i));
        }
        return ids;
    }

    private static <K, V> Map<K, Set<V>> freeze(Map<K, ? extends Set<V>> source) {
        Map<K, Set<V>> copy = new HashMap<>();
        source.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        return copy;
    }

    /** Collects departments, memberships and teams; {@link #build()} checks the tree. */
    public static final class Builder {
        private final Map<DepartmentId, DepartmentId> parents = new LinkedHashMap<>();
        private final Map<UserId, List<DepartmentId>> memberships = new HashMap<>();
        private final Map<UserId, List<DepartmentId>> heads = new HashMap<>();
        private final Map<TeamId, Set<UserId>> teamMembers = new LinkedHashMap<>();
        private final Map<TeamId, Set<UserId>> teamSupervisors = new LinkedHashMap<>();
        private final Map<TeamId, TeamVisibility> teamVisibility = new LinkedHashMap<>();

        public Builder department(DepartmentId id, DepartmentId parent) {
            parents.put(Objects.requireNonNull(id), parent);
            return this;
        }

        public Builder member(UserId user, DepartmentId department) {
            memberships.computeIfAbsent(user, u -> new ArrayList<>()).add(department);
            return this;
        }

        /** The user, a member of the department, is flagged its head. */
        public Builder head(UserId user, DepartmentId department) {
            heads.computeIfAbsent(user, u -> new ArrayList<>()).add(department);
            return this;
        }

        public Builder team(TeamId team, TeamVisibility visibility) {
            teamVisibility.put(Objects.requireNonNull(team), Objects.requireNonNull(visibility));
            teamMembers.computeIfAbsent(team, t -> new LinkedHashSet<>());
            return this;
        }

        public Builder teamMember(TeamId team, UserId user, boolean supervisor) {
            teamMembers.computeIfAbsent(team, t -> new LinkedHashSet<>()).add(user);
            if (supervisor) {
                teamSupervisors
                        .computeIfAbsent(team, t -> new LinkedHashSet<>())
                        .add(user);
            }
            return this;
        }

        public Organization build() {
            return new Organization(this);
        }
    }
}
