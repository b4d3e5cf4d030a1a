package io.custodia.policy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A role given to one user (personal) or to a group (department, department tree, the heads of a
 * department or of a department tree, team, everyone), until {@code expiresAt} when set: from that
 * instant on it counts nowhere (access-model, "Grants that expire").
 */
public record Assignment(RoleId role, Target target, Instant expiresAt) {
    public Assignment {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(target, "target");
    }

    /** An assignment that does not expire. */
    public Assignment(RoleId role, Target target) {
        this(role, target, null);
    }

    /** Whether the assignment counts at this instant: it has no expiry, or the expiry is later. */
    public boolean liveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    public Source source() {
        return target instanceof ToUser ? Source.PERSONAL : Source.GROUP;
    }

    /** Whether the assignment reaches the user in this organisation, now. */
    public boolean reaches(UserId user, Organization org) {
        if (target instanceof ToUser t) {
            return t.user().equals(user);
        }
        if (target instanceof ToDepartment t) {
            if (!org.hasDepartment(t.department())) {
                return false;
            }
            return t.includeSubdepartments()
                    ? org.isInSubtree(user, t.department())
                    : org.isMember(user, t.department());
        }
        if (target instanceof ToDepartmentHeads t) {
            if (!org.hasDepartment(t.department())) {
                return false;
            }
            return t.includeSubdepartments()
                    ? org.headsInSubtree(user, t.department())
                    : org.isHead(user, t.department());
        }
        if (target instanceof ToTeam t) {
            return org.membersOf(t.team()).contains(user);
        }
        return target instanceof ToEveryone;
    }

    /** Whom an assignment is for. */
    public sealed interface Target {}

    public record ToUser(UserId user) implements Target {
        public ToUser {
            Objects.requireNonNull(user, "user");
        }
    }

    public record ToDepartment(DepartmentId department, boolean includeSubdepartments) implements Target {
        public ToDepartment {
            Objects.requireNonNull(department, "department");
        }
    }

    /**
     * The members flagged head of the department (Bitrix24's "heads of department"), or, with
     * subdepartments, of the department or of any department below it.
     */
    public record ToDepartmentHeads(DepartmentId department, boolean includeSubdepartments) implements Target {
        public ToDepartmentHeads {
            Objects.requireNonNull(department, "department");
        }
    }

    public record ToTeam(TeamId team) implements Target {
        public ToTeam {
            Objects.requireNonNull(team, "team");
        }
    }

    public record ToEveryone() implements Target {}
}
