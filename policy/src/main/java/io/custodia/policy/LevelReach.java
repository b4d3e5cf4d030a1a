package io.custodia.policy;

import io.custodia.policy.Ids.UserId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Whom one user's levels reach: as a test on a record's owner (deciding) and as a scope (lists),
 * side by side so the two say the same thing. Levels nest: each includes the user's own records.
 */
final class LevelReach {
    private final UserId user;
    private final Organization org;
    private final BitSet ownDepartments;
    private final BitSet ownSubtree;

    LevelReach(UserId user, Organization org) {
        this.user = user;
        this.org = org;
        this.ownDepartments = org.departmentBitsOf(user);
        this.ownSubtree = org.subtreeBitsOf(user);
    }

    /** Whether the level reaches records of this owner. */
    boolean reaches(Level level, UserId owner) {
        return switch (level) {
            case NONE -> false;
            case OWN -> owner.equals(user);
            case DEPARTMENT -> owner.equals(user) || org.isMemberOfAny(owner, ownDepartments);
            case SUBDEPARTMENTS -> owner.equals(user) || org.isMemberOfAny(owner, ownSubtree);
            case ALL -> true;
        };
    }

    /** The records the grants reach, each level with its condition, as one scope. */
    Scope grantsScope(List<Grant> grants) {
        List<Scope> parts = new ArrayList<>();
        for (Grant g : grants) {
            Scope level = levelScope(g.level());
            parts.add(g.isConditional() ? Scope.allOf(level, new Scope.Matches(g.condition())) : level);
        }
        return Scope.anyOf(parts);
    }

    /** The owners a level reaches, as a scope. */
    private Scope levelScope(Level level) {
        return switch (level) {
            case NONE -> Scope.NOTHING;
            case OWN -> new Scope.OwnedBy(user);
            case DEPARTMENT -> ownerOrMembers(ownDepartments);
            case SUBDEPARTMENTS -> ownerOrMembers(ownSubtree);
            case ALL -> Scope.EVERYTHING;
        };
    }

    /**
     * The user's own records and their departments' members'. The departments are the user's own
     * (and those below), so the user is one of those members: no separate owner branch is needed.
     */
    private Scope ownerOrMembers(BitSet departments) {
        if (departments.isEmpty()) {
            return new Scope.OwnedBy(user);
        }
        return new Scope.OwnedByMembersOf(org.departmentsIn(departments));
    }
}
