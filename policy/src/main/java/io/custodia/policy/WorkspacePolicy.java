package io.custodia.policy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything that decides access in one workspace: its roles, their assignments, the conflict rule,
 * the organisation and the sharing rules. Immutable; {@link #compile} turns it into one user's compiled access.
 */
public final class WorkspacePolicy {
    private final Map<RoleId, Role> roles;
    private final List<Assignment> assignments;
    private final ConflictRule rule;
    private final Organization org;
    private final List<SharingRule> sharingRules;
    private final Map<UserId, List<Assignment>> personal = new HashMap<>();
    private final Map<DepartmentId, List<Assignment>> byDepartment = new HashMap<>();
    private final Map<DepartmentId, List<Assignment>> byDepartmentTree = new HashMap<>();
    private final Map<DepartmentId, List<Assignment>> byHeads = new HashMap<>();
    private final Map<DepartmentId, List<Assignment>> byHeadsTree = new HashMap<>();
    private final Map<TeamId, List<Assignment>> byTeam = new HashMap<>();
    private final List<Assignment> everyone = new ArrayList<>();
    private final Map<Effective, Effective> effectives = new ConcurrentHashMap<>();

    public WorkspacePolicy(Map<RoleId, Role> roles, List<Assignment> assignments, ConflictRule rule, Organization org) {
        this(roles, assignments, rule, org, List.of());
    }

    public WorkspacePolicy(
            Map<RoleId, Role> roles,
            List<Assignment> assignments,
            ConflictRule rule,
            Organization org,
            List<SharingRule> sharingRules) {
        this.sharingRules = List.copyOf(sharingRules);
        this.roles = Map.copyOf(roles);
        this.assignments = List.copyOf(assignments);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.org = Objects.requireNonNull(org, "org");
        for (Assignment a : this.assignments) {
            if (!this.roles.containsKey(a.role())) {
                throw new IllegalArgumentException("assignment of unknown role " + a.role());
            }
            Assignment.Target t = a.target();
            if (t instanceof Assignment.ToUser u) {
                personal.computeIfAbsent(u.user(), k -> new ArrayList<>()).add(a);
            } else if (t instanceof Assignment.ToDepartment d) {
                (d.includeSubdepartments() ? byDepartmentTree : byDepartment)
                        .computeIfAbsent(d.department(), k -> new ArrayList<>())
                        .add(a);
            } else if (t instanceof Assignment.ToDepartmentHeads h) {
                (h.includeSubdepartments() ? byHeadsTree : byHeads)
                        .computeIfAbsent(h.department(), k -> new ArrayList<>())
                        .add(a);
            } else if (t instanceof Assignment.ToTeam team) {
                byTeam.computeIfAbsent(team.team(), k -> new ArrayList<>()).add(a);
            } else {
                everyone.add(a);
            }
        }
    }

    public Map<RoleId, Role> roles() {
        return roles;
    }

    public List<Assignment> assignments() {
        return assignments;
    }

    public ConflictRule rule() {
        return rule;
    }

    public Organization organization() {
        return org;
    }

    public List<SharingRule> sharingRules() {
        return sharingRules;
    }

    /** One instance per distinct effective grant, shared by every user compiled from this policy. */
    private Effective shared(Effective effective) {
        Effective existing = effectives.putIfAbsent(effective, effective);
        return existing == null ? effective : existing;
    }

    /**
     * The policy as it stands at {@code now}: without the assignments that have expired by then
     * (access-model, "Grants that expire"). The same policy when none has.
     */
    public WorkspacePolicy liveAt(Instant now) {
        List<Assignment> live = assignments.stream().filter(a -> a.liveAt(now)).toList();
        return live.size() == assignments.size() ? this : withAssignments(live);
    }

    /**
     * The earliest expiry still to come after {@code now}, or null when none is: what {@link
     * #liveAt} answers stays right until that instant, so that is how long it may be kept.
     */
    public Instant nextExpiry(Instant now) {
        Instant next = null;
        for (Assignment a : assignments) {
            Instant at = a.expiresAt();
            if (at != null && at.isAfter(now) && (next == null || at.isBefore(next))) {
                next = at;
            }
        }
        return next;
    }

    /** A copy with other assignments (for simulations). */
    public WorkspacePolicy withAssignments(List<Assignment> other) {
        return new WorkspacePolicy(roles, other, rule, org, sharingRules);
    }

    /** A copy with another organisation (for simulations, and after a membership change). */
    public WorkspacePolicy withOrganization(Organization other) {
        return new WorkspacePolicy(roles, assignments, rule, other, sharingRules);
    }

    /** A copy with another conflict rule. */
    public WorkspacePolicy withRule(ConflictRule other) {
        return new WorkspacePolicy(roles, assignments, other, org, sharingRules);
    }

    /** A copy with other sharing rules (for simulations). */
    public WorkspacePolicy withSharingRules(List<SharingRule> other) {
        return new WorkspacePolicy(roles, assignments, rule, org, other);
    }

    /** The assignments that reach the user now, personal ones first. */
    public List<Assignment> assignmentsOf(UserId user) {
        Set<Assignment> found = new LinkedHashSet<>(personal.getOrDefault(user, List.of()));
        for (DepartmentId d : org.departmentsOf(user)) {
            found.addAll(byDepartment.getOrDefault(d, List.of()));
            for (DepartmentId a = d; a != null; a = org.parentOf(a)) {
                found.addAll(byDepartmentTree.getOrDefault(a, List.of()));
            }
        }
        for (DepartmentId d : org.departmentsHeadedBy(user)) {
            found.addAll(byHeads.getOrDefault(d, List.of()));
            for (DepartmentId a = d; a != null; a = org.parentOf(a)) {
                found.addAll(byHeadsTree.getOrDefault(a, List.of()));
            }
        }
        for (TeamId team : org.teamsOf(user)) {
            found.addAll(byTeam.getOrDefault(team, List.of()));
        }
        found.addAll(everyone);
        return List.copyOf(found);
    }

    /**
     * Compiles the user's access: per (entity, stage, action) the effective grant and where it came
     * from. Every assignment of this policy counts, so compile the policy {@link #liveAt} the instant
     * asked about.
     */
    public CompiledAccess compile(UserId user) {
        List<CompiledAccess.Held> held = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Assignment a : assignmentsOf(user)) {
            // The same role reaching the user twice by the same kind of path adds nothing to a union.
            if (seen.add(a.role() + "/" + a.source())) {
                held.add(new CompiledAccess.Held(roles.get(a.role()), a.source()));
            }
        }
        List<SharingRule> reaching =
                sharingRules.stream().filter(r -> r.reaches(user, org)).toList();
        return new CompiledAccess(user, rule, org, held, reaching, this::shared);
    }
}
