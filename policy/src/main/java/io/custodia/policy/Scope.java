package io.custodia.policy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The records a user may act on, as a small algebra the server turns into one SQL condition. For
 * every record, {@link #admits} is true exactly when the engine's decision allows.
 */
public sealed interface Scope {

    /** Evaluates the scope on one record, the way the SQL translation must. */
    boolean admits(RecordFacts record, Organization org);

    record Everything() implements Scope {
        @Override
        public boolean admits(RecordFacts record, Organization org) {
            return true;
        }
    }

    record Nothing() implements Scope {
        @Override
        public boolean admits(RecordFacts record, Organization org) {
            return false;
        }
    }

    /** Records owned by this user. */
    record OwnedBy(UserId user) implements Scope {
        @Override
        public boolean admits(RecordFacts record, Organization org) {
            return record.owner().equals(user);
        }
    }

    /** Records whose owner is, now, a member of one of these departments. */
    record OwnedByMembersOf(Set<DepartmentId> departments) implements Scope {
        public OwnedByMembersOf {
            departments = Set.copyOf(departments);
        }

        @Override
        public boolean admits(RecordFacts record, Organization org) {
            for (DepartmentId d : org.departmentsOf(record.owner())) {
                if (departments.contains(d)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Records shared with this user at one of these levels. */
    record SharedWith(UserId user, Set<ShareLevel> levels) implements Scope {
        public SharedWith {
            levels = Set.copyOf(levels);
        }

        @Override
        public boolean admits(RecordFacts record, Organization org) {
            ShareLevel level = record.shares().get(user);
            return level != null && levels.contains(level);
        }
    }

    /**
     * Contacts on a shared list where this user holds one of these levels and whose entry lends one
     * of them too (an entry gives no more than its adder held).
     */
    record OnListsOf(UserId user, Set<ListLevel> levels) implements Scope {
        public OnListsOf {
            levels = Set.copyOf(levels);
        }

        @Override
        public boolean admits(RecordFacts record, Organization org) {
            ListAccess access = record.lists().get(user);
            if (access == null) {
                return false;
            }
            for (ListEntry e : access.entries()) {
                if (levels.contains(e.member()) && levels.contains(e.lends())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Contacts on a shared list of this user's through which the field is visible to them. */
    record OnListsShowing(UserId user, String field) implements Scope {
        @Override
        public boolean admits(RecordFacts record, Organization org) {
            ListAccess access = record.lists().get(user);
            if (access == null) {
                return false;
            }
            for (ListEntry e : access.entries()) {
                if (e.shows(field)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Records whose parent (the record their link field names, of this entity) the scope admits: an
     * activity whose deal the user may read.
     */
    record ParentAdmits(String link, EntityType entity, Scope scope) implements Scope {
        @Override
        public boolean admits(RecordFacts record, Organization org) {
            RecordFacts parent = record.parent();
            return parent != null && parent.entity() == entity && scope.admits(parent, org);
        }
    }

    /** Deals in one of these stages. */
    record StageIn(Set<StageId> stages) implements Scope {
        public StageIn {
            stages = Set.copyOf(stages);
        }

        @Override
        public boolean admits(RecordFacts record, Organization org) {
            return record.stage() != null && stages.contains(record.stage());
        }
    }

    /** Deals in none of these stages. */
    record StageNotIn(Set<StageId> stages) implements Scope {
        public StageNotIn {
            stages = Set.copyOf(stages);
        }

        @Override
        public boolean admits(RecordFacts record, Organization org) {
            return record.stage() != null && !stages.contains(record.stage());
        }
    }

    /** Records on which the condition holds. */
    record Matches(Condition condition) implements Scope {
        @Override
        public boolean admits(RecordFacts record, Organization org) {
            return condition.test(record::field);
        }
    }

    record AnyOf(List<Scope> parts) implements Scope {
        public AnyOf {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean admits(RecordFacts record, Organization org) {
            for (Scope part : parts) {
                if (part.admits(record, org)) {
                    return true;
                }
            }
            return false;
        }
    }

    record AllOf(List<Scope> parts) implements Scope {
        public AllOf {
            parts = List.copyOf(parts);
        }

        @Override
        public boolean admits(RecordFacts record, Organization org) {
            for (Scope part : parts) {
                if (!part.admits(record, org)) {
                    return false;
                }
            }
            return true;
        }
    }

    Scope EVERYTHING = new Everything();
    Scope NOTHING = new Nothing();

    /** The union, simplified: nothing drops out, everything absorbs. */
    static Scope anyOf(List<Scope> parts) {
        List<Scope> kept = new ArrayList<>();
        for (Scope part : parts) {
            if (part instanceof Everything) {
                return EVERYTHING;
            }
            if (part instanceof AnyOf any) {
                kept.addAll(any.parts());
            } else if (!(part instanceof Nothing) && !kept.contains(part)) {
                kept.add(part);
            }
        }
        if (kept.isEmpty()) {
            return NOTHING;
        }
        return kept.size() == 1 ? kept.get(0) : new AnyOf(kept);
    }

    /** The intersection, simplified: everything drops out, nothing absorbs. */
    static Scope allOf(List<Scope> parts) {
        List<Scope> kept = new ArrayList<>();
        for (Scope part : parts) {
            if (part instanceof Nothing) {
                return NOTHING;
            }
            if (part instanceof AllOf all) {
                kept.addAll(all.parts());
            } else if (!(part instanceof Everything) && !kept.contains(part)) {
                kept.add(part);
            }
        }
        if (kept.isEmpty()) {
            return EVERYTHING;
        }
        return kept.size() == 1 ? kept.get(0) : new AllOf(kept);
    }

    /** The records shared with the user at a level that admits the action. */
    static Scope sharedWith(UserId user, Action action) {
        Set<ShareLevel> levels = EnumSet.noneOf(ShareLevel.class);
        for (ShareLevel level : ShareLevel.values()) {
            if (level.admits(action)) {
                levels.add(level);
            }
        }
        return levels.isEmpty() ? NOTHING : new SharedWith(user, levels);
    }

    /** The contacts on lists where the user holds a level that admits the action. */
    static Scope onListsOf(UserId user, Action action) {
        Set<ListLevel> levels = EnumSet.noneOf(ListLevel.class);
        for (ListLevel level : ListLevel.values()) {
            if (level.admits(action)) {
                levels.add(level);
            }
        }
        return levels.isEmpty() ? NOTHING : new OnListsOf(user, levels);
    }

    static Scope anyOf(Scope... parts) {
        return anyOf(List.of(parts));
    }

    static Scope allOf(Scope... parts) {
        return allOf(List.of(parts));
    }
}
