package io.custodia.policy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * access-model sections 3-5 written as plainly as possible, with no precomputation and no
 * sharing of code with the engine, so that the engine can be checked against it.
 */
public final class ReferenceEvaluator {
    private ReferenceEvaluator() {}

    record RoleSource(Role role, Source source) {}

    /** Section 3: personal assignments plus the group ones whose group contains the user now. */
    static List<RoleSource> rolesOf(UserId user, WorkspacePolicy policy) {
        return rolesOf(user, policy, Instant.now());
    }

    /** The same at {@code now}: an assignment whose expiry is not after {@code now} is not held at all. */
    static List<RoleSource> rolesOf(UserId user, WorkspacePolicy policy, Instant now) {
        List<RoleSource> result = new ArrayList<>();
        Organization org = policy.organization();
        for (Assignment a : policy.assignments()) {
            if (a.expiresAt() != null && a.expiresAt().compareTo(now) <= 0) {
                continue;
            }
            boolean applies;
            Source source;
            if (a.target() instanceof Assignment.ToUser t) {
                applies = t.user().equals(user);
                source = Source.PERSONAL;
            } else if (a.target() instanceof Assignment.ToDepartment t) {
                applies = false;
                for (DepartmentId d : org.departmentsOf(user)) {
                    if (d.equals(t.department())) {
                        applies = true;
                    }
                    if (t.includeSubdepartments()) {
                        for (DepartmentId up = org.parentOf(d); up != null; up = org.parentOf(up)) {
                            if (up.equals(t.department())) {
                                applies = true;
                            }
                        }
                    }
                }
                source = Source.GROUP;
            } else if (a.target() instanceof Assignment.ToDepartmentHeads t) {
                applies = false;
                for (DepartmentId d : org.departmentsHeadedBy(user)) {
                    for (DepartmentId up = d; up != null; up = t.includeSubdepartments() ? org.parentOf(up) : null) {
                        if (up.equals(t.department())) {
                            applies = true;
                        }
                    }
                }
                source = Source.GROUP;
            } else if (a.target() instanceof Assignment.ToTeam t) {
                applies = org.membersOf(t.team()).contains(user);
                source = Source.GROUP;
            } else {
                applies = true;
                source = Source.GROUP;
            }
            if (applies) {
                result.add(new RoleSource(policy.roles().get(a.role()), source));
            }
        }
        return result;
    }

    /** Section 4: the grants in the winning class (or all, under MOST_PERMISSIVE). */
    static List<Grant> winningGrants(
            List<RoleSource> roles, EntityType entity, StageId stage, Action action, ConflictRule rule) {
        List<Grant> grants = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (RoleSource rs : roles) {
            Grant stageEntry = stage == null ? null : rs.role().stageEntry(stage, action);
            Grant grant;
            boolean detailed;
            if (stageEntry != null) {
                grant = stageEntry;
                detailed = true;
            } else if (rs.role().entityEntry(entity, action) != null) {
                grant = rs.role().entityEntry(entity, action);
                detailed = stage == null;
            } else {
                continue;
            }
            // 0 = detailed personal, 1 = detailed group, 2 = inherited personal, 3 = inherited group
            int cls = (detailed ? 0 : 2) + (rs.source() == Source.PERSONAL ? 0 : 1);
            grants.add(grant);
            classes.add(cls);
        }
        if (rule == ConflictRule.MOST_PERMISSIVE) {
            return grants;
        }
        int best = 4;
        for (int c : classes) {
            best = Math.min(best, c);
        }
        List<Grant> winners = new ArrayList<>();
        for (int i = 0; i < grants.size(); i++) {
            if (classes.get(i) == best) {
                winners.add(grants.get(i));
            }
        }
        return winners;
    }

    /** The best plain level among the winners, as section 4 says for plain levels. */
    static Level effectiveLevel(List<Grant> winners) {
        Level max = Level.NONE;
        for (Grant g : winners) {
            if (g.condition() == null && g.level().compareTo(max) > 0) {
                max = g.level();
            }
        }
        return max;
    }

    /** Section 5: does any path (role grant, record share, sharing rule, shared list) admit the action on the record. */
    public static boolean allows(UserId user, WorkspacePolicy policy, Action action, RecordFacts record) {
        return allows(user, policy, action, record, Instant.now());
    }

    /** The same at the instant {@code now}, which decides which assignments have expired. */
    public static boolean allows(UserId user, WorkspacePolicy policy, Action action, RecordFacts record, Instant now) {
        // Controlled by parent: an activity or a note is reachable only while its deal, contact or
        // company is readable; without that record, nothing admits it.
        boolean hasParents = record.entity() == EntityType.ACTIVITY || record.entity() == EntityType.NOTE;
        if (hasParents && (record.parent() == null || !allows(user, policy, Action.READ, record.parent(), now))) {
            return false;
        }
        ShareLevel share = record.shares().get(user);
        if (share != null && (action == Action.READ || (action == Action.UPDATE && share == ShareLevel.EDIT))) {
            return true;
        }
        // Sharing rules: a rule for this record type whose group holds the user now and which covers
        // the record (its owner in the department, or below it; or its condition holding), at a
        // share's levels: READ reads, EDIT also updates, nothing else.
        for (SharingRule rule : policy.sharingRules()) {
            boolean levelAdmits = action == Action.READ || (action == Action.UPDATE && rule.level() == ShareLevel.EDIT);
            if (rule.entity() == record.entity()
                    && levelAdmits
                    && ruleReaches(rule, user, policy.organization())
                    && ruleCovers(rule, record, policy.organization())) {
                return true;
            }
        }
        // Section 7: VIEW reads (and exports what it reads); EDIT also edits; DELETE also deletes;
        // and a list's entry gives no more than its adder held: both levels must admit.
        ListAccess listed = record.lists().get(user);
        if (listed != null) {
            for (ListEntry entry : listed.entries()) {
                if (listLevelAdmits(entry.member().name(), action)
                        && listLevelAdmits(entry.lends().name(), action)) {
                    return true;
                }
            }
        }
        return roleAllows(user, policy, action, record, now);
    }

    private static boolean ruleReaches(SharingRule rule, UserId user, Organization org) {
        if (rule.to() instanceof SharingRule.ToDepartment d) {
            return org.departmentsOf(user).contains(d.department());
        }
        if (rule.to() instanceof SharingRule.ToTeam t) {
            return org.teamsOf(user).contains(t.team());
        }
        return true;
    }

    private static boolean ruleCovers(SharingRule rule, RecordFacts record, Organization org) {
        if (rule.from() instanceof SharingRule.FromCondition c) {
            return holds(c.condition(), record);
        }
        SharingRule.FromDepartment from = (SharingRule.FromDepartment) rule.from();
        for (DepartmentId d : org.departmentsOf(record.owner())) {
            for (DepartmentId up = d; up != null; up = from.includeSubdepartments() ? org.parentOf(up) : null) {
                if (up.equals(from.department())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean listLevelAdmits(String level, Action action) {
        return switch (action) {
            case READ, EXPORT -> true;
            case UPDATE -> !level.equals("VIEW");
            case DELETE -> !level.equals("VIEW") && !level.equals("EDIT");
            default -> false;
        };
    }

    /** Section 5, path 1: the role grant alone (the parent rule above comes first). */
    static boolean roleAllows(UserId user, WorkspacePolicy policy, Action action, RecordFacts record, Instant now) {
        List<Grant> winners =
                winningGrants(rolesOf(user, policy, now), record.entity(), record.stage(), action, policy.rule());
        for (Grant g : winners) {
            if (levelAdmits(user, policy.organization(), g.level(), record.owner())
                    && (g.condition() == null || holds(g.condition(), record))) {
                return true;
            }
        }
        return false;
    }

    /**
     * access-model "Conditions", written apart from the engine's {@code Value} and {@code Condition}:
     * a missing value or one of another type makes any comparison false; text compares code point
     * by code point; a timestamp compared with a date is the day (in UTC) it falls on.
     */
    static boolean holds(Condition condition, RecordFacts record) {
        if (condition instanceof Condition.All all) {
            for (Condition part : all.conditions()) {
                if (!holds(part, record)) {
                    return false;
                }
            }
            return true;
        }
        if (condition instanceof Condition.Any any) {
            for (Condition part : any.conditions()) {
                if (holds(part, record)) {
                    return true;
                }
            }
            return false;
        }
        Condition.Comparison c = (Condition.Comparison) condition;
        Value actual = record.field(c.field());
        List<Integer> orders = new ArrayList<>();
        for (Value operand : c.values()) {
            Integer order = actual == null ? null : order(actual, operand);
            if (order == null) {
                return false;
            }
            orders.add(order);
        }
        int first = orders.get(0);
        return switch (c.op()) {
            case EQ -> first == 0;
            case NE -> first != 0;
            case GT -> first > 0;
            case GTE -> first >= 0;
            case LT -> first < 0;
            case LTE -> first <= 0;
            case IN -> orders.contains(0);
            case NOT_IN -> !orders.contains(0);
        };
    }

    /** The sign of actual minus operand, or null when the two cannot be compared. */
    private static Integer order(Value actual, Value operand) {
        if (actual instanceof Value.Text a && operand instanceof Value.Text b) {
            return Integer.signum(Arrays.compare(
                    a.value().codePoints().toArray(), b.value().codePoints().toArray()));
        }
        if (actual instanceof Value.Number a && operand instanceof Value.Number b) {
            return a.value().subtract(b.value()).signum();
        }
        if (actual instanceof Value.Date a && operand instanceof Value.Date b) {
            return Long.signum(a.value().toEpochDay() - b.value().toEpochDay());
        }
        if (actual instanceof Value.Timestamp a && operand instanceof Value.Date b) {
            long day = Math.floorDiv(a.value().getEpochSecond(), 86_400L);
            return Long.signum(day - b.value().toEpochDay());
        }
        if (actual instanceof Value.Bool a && operand instanceof Value.Bool b) {
            return a.value() == b.value() ? 0 : a.value() ? 1 : -1;
        }
        return null;
    }

    static boolean levelAdmits(UserId user, Organization org, Level level, UserId owner) {
        switch (level) {
            case NONE:
                return false;
            case OWN:
                return owner.equals(user);
            case DEPARTMENT: {
                if (owner.equals(user)) {
                    return true;
                }
                Set<DepartmentId> mine = new HashSet<>(org.departmentsOf(user));
                for (DepartmentId d : org.departmentsOf(owner)) {
                    if (mine.contains(d)) {
                        return true;
                    }
                }
                return false;
            }
            case SUBDEPARTMENTS: {
                if (owner.equals(user)) {
                    return true;
                }
                Set<DepartmentId> mine = new HashSet<>(org.departmentsOf(user));
                for (DepartmentId d : org.departmentsOf(owner)) {
                    for (DepartmentId up = d; up != null; up = org.parentOf(up)) {
                        if (mine.contains(up)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            default:
                return true;
        }
    }
}
