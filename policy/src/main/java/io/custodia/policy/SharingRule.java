package io.custodia.policy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A sharing rule (access-model, "Sharing rules"): the records of one type owned by members of a
 * department (or on which a condition holds) are shared with a department's members, a team or
 * everyone, at a record share's level. Workspace configuration, not a role: it takes no part in the
 * conflict rule, and whom it reaches and which records it covers are read from the organisation at
 * the moment asked about. {@code audience} names the group it reaches, for explanations.
 */
public record SharingRule(
        UUID id, String name, EntityType entity, From from, To to, ShareLevel level, String audience) {
    public SharingRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(level, "level");
    }

    /** Which records the rule shares. */
    public sealed interface From {}

    /** Records whose owner is a member of the department (or, with its subdepartments, of one below it). */
    public record FromDepartment(DepartmentId department, boolean includeSubdepartments) implements From {
        public FromDepartment {
            Objects.requireNonNull(department, "department");
        }
    }

    /** Records on which the condition holds. */
    public record FromCondition(Condition condition) implements From {
        public FromCondition {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** Whom the rule shares them with. */
    public sealed interface To {}

    /** The department's direct members. */
    public record ToDepartment(DepartmentId department) implements To {
        public ToDepartment {
            Objects.requireNonNull(department, "department");
        }
    }

    /** The team's members (supervisors are members). */
    public record ToTeam(TeamId team) implements To {
        public ToTeam {
            Objects.requireNonNull(team, "team");
        }
    }

    /** Every user of the workspace. */
    public record ToEveryone() implements To {}

    /** Whether the rule reaches the user in this organisation, now. */
    public boolean reaches(UserId user, Organization org) {
        if (to instanceof ToDepartment d) {
            return org.isMember(user, d.department());
        }
        if (to instanceof ToTeam t) {
            return org.membersOf(t.team()).contains(user);
        }
        return to instanceof ToEveryone;
    }

    /**
     * Whether the rule shares this record (its type, and its owner or its fields), now: its scope's
     * own verdict, so that a single record and a list are decided by one rule.
     */
    public boolean covers(RecordFacts record, Organization org) {
        return record.entity() == entity && scope(org).admits(record, org);
    }

    /**
     * The records the rule covers, as a scope: owners by the departments' unit keys, as department
     * levels are (so a list stays an index range), or the condition, as roles' conditions are.
     */
    Scope scope(Organization org) {
        if (from instanceof FromDepartment d) {
            // INVARIANT: a department that is no longer there shares nothing.
            if (!org.hasDepartment(d.department())) {
                return Scope.NOTHING;
            }
            return new Scope.OwnedByMembersOf(
                    d.includeSubdepartments()
                            ? org.departmentsIn(org.subtreeOf(d.department()))
                            : Set.of(d.department()));
        }
        return new Scope.Matches(((FromCondition) from).condition());
    }
}
