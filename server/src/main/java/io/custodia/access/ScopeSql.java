package io.custodia.access;

import static io.custodia.platform.db.Tables.CONTACT_LIST;
import static io.custodia.platform.db.Tables.LIST_CONTACT;
import static io.custodia.platform.db.Tables.LIST_MEMBER;
import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.policy.Condition.All;
import io.custodia.policy.Condition.Any;
import io.custodia.policy.Condition.Comparison;
import io.custodia.policy.FieldType;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.ListLevel;
import io.custodia.policy.Scope;
import io.custodia.policy.Value;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.CaseWhenStep;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where the engine's {@link Scope} becomes SQL. Every query that reads records
 * filters with what this returns; tests hold it to the engine's decisions on the same cases.
 *
 * <p>A comparison with a missing value is false in the engine; in SQL it is NULL, which a WHERE
 * clause treats as false. The algebra has no negation around comparisons, so the two agree.
 */
public final class ScopeSql {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The field key of a record's owner in conditions and visibility. */
    private static final String OWNER_FIELD = "ownerId";

    private ScopeSql() {}

    /**
     * Whether a share or a list membership with this expiry counts now (access-model, "Grants that
     * expire"): it has none, or the statement's instant is still before it. Every read of shares and
     * memberships that decides access goes through here, so lists and single reads agree.
     */
    // INVARIANT: an expired row admits nothing; NULL (no expiry) is the only other way to count.
    public static Condition live(Field<OffsetDateTime> expiresAt) {
        return expiresAt.isNull().or(expiresAt.gt(DSL.field("statement_timestamp()", OffsetDateTime.class)));
    }

    /** The scope as one condition on the record table. */
    public static Condition condition(Scope scope, RecordColumns table, OwnerUnits.Keys keys) {
        return whole(scope, table, keys);
    }

    /**
     * The records a condition from here does not admit: IS NOT TRUE rather than NOT, because a
     * comparison with a missing value is NULL in SQL (false in the engine), and NOT of NULL would
     * leave the record out of both the condition and its complement.
     */
    public static Condition notAdmitted(Condition admitted) {
        return DSL.condition("({0}) is not true", admitted);
    }

    /**
     * The scope as a disjunction of at most {@code max} conjunctions whose OR is exactly {@link
     * #condition}. Each conjunction leads with a condition an index serves in order (one owner, one
     * unit, or none), so a sorted page can read each branch's first rows by index and merge them,
     * instead of sorting everything every branch matches. Past {@code max} it answers one branch.
     */
    public static List<Condition> branches(Scope scope, RecordColumns table, OwnerUnits.Keys keys, int max) {
        List<List<Condition>> dnf = dnf(scope, table, keys, max);
        if (dnf == null || dnf.size() > max) {
            return List.of(whole(scope, table, keys));
        }
        return dnf.stream().map(DSL::and).toList();
    }

    /** Disjunctive normal form, or null when it would have more than {@code max} branches. */
    private static List<List<Condition>> dnf(Scope scope, RecordColumns table, OwnerUnits.Keys keys, int max) {
        if (scope instanceof Scope.Nothing || unheld(scope, table, keys)) {
            return List.of();
        }
        if (scope instanceof Scope.OwnedByMembersOf members) {
            List<List<Condition>> out = new ArrayList<>();
            unitParts(members, table, keys).forEach(c -> out.add(List.of(c)));
            return out.size() > max ? null : out;
        }
        if (scope instanceof Scope.OwnedBy owned) {
            List<List<Condition>> out = new ArrayList<>();
            ownerParts(owned.user().value(), table, keys).forEach(c -> out.add(List.of(c)));
            return out.size() > max ? null : out;
        }
        if (scope instanceof Scope.AnyOf any) {
            List<List<Condition>> out = new ArrayList<>();
            for (Scope part : any.parts()) {
                List<List<Condition>> sub = dnf(part, table, keys, max);
                if (sub == null) {
                    return null;
                }
                out.addAll(sub);
                if (out.size() > max) {
                    return null;
                }
            }
            return out;
        }
        if (scope instanceof Scope.AllOf all) {
            List<List<Condition>> out = List.of(List.of());
            for (Scope part : all.parts()) {
                List<List<Condition>> sub = dnf(part, table, keys, max);
                if (sub == null) {
                    return null;
                }
                List<List<Condition>> product = new ArrayList<>();
                for (List<Condition> left : out) {
                    for (List<Condition> right : sub) {
                        List<Condition> both = new ArrayList<>(left);
                        both.addAll(right);
                        product.add(both);
                    }
                }
                if (product.size() > max) {
                    return null;
                }
                out = product;
            }
            return out;
        }
        return List.of(List.of(whole(scope, table, keys)));
    }

    /**
     * The records the user owns, as every read sees them (access-model, "Offboarding"): the rows
     * naming them, and those naming a person being offboarded to them; none while they are being
     * offboarded themselves (an owner overlay makes their rows the successor's).
     */
    private static List<Condition> ownerParts(UUID user, RecordColumns table, OwnerUnits.Keys keys) {
        List<Condition> parts = new ArrayList<>();
        if (!keys.overlay().containsKey(user)) {
            parts.add(table.ownerId().eq(user));
        }
        keys.overlaidOnto(user).forEach(person -> parts.add(table.ownerId().eq(person)));
        return parts;
    }

    /**
     * The owner column as every read sees it: the successor for a row naming a person being
     * offboarded, the column itself otherwise. Without overlays it is the bare column, so the
     * statements and plans of the common case do not change.
     */
    public static Field<UUID> effectiveOwner(Field<UUID> ownerId, OwnerUnits.Keys keys) {
        if (keys.overlay().isEmpty()) {
            return ownerId;
        }
        Map<UUID, UUID> overlay = new TreeMap<>(keys.overlay());
        CaseWhenStep<UUID, UUID> cases = null;
        for (Map.Entry<UUID, UUID> e : overlay.entrySet()) {
            cases = cases == null
                    ? DSL.case_(ownerId).when(e.getKey(), DSL.val(e.getValue()))
                    : cases.when(e.getKey(), DSL.val(e.getValue()));
        }
        return cases.else_(ownerId);
    }

    /**
     * Records owned by members of the departments: by the unit key for settled users whose unit is
     * one of them, and by owner for the other members (unsettled, or members through a second
     * department). Together exactly the members' records, whatever the rows' keys say. A person
     * being offboarded owns nothing of their own: their rows are the successor's. When the
     * successor is a member and the person's rows carry one of the departments' keys (the common
     * case: both in one department), the key range reaches them as it stands; otherwise they are
     * left out of the key ranges, and reached by owner when the successor is a member. An
     * offboarding elsewhere leaves the statement as it was.
     */
    private static List<Condition> unitParts(
            Scope.OwnedByMembersOf members, RecordColumns table, OwnerUnits.Keys keys) {
        Set<UUID> departments = new TreeSet<>();
        members.departments().forEach(d -> departments.add(d.value()));
        Set<UUID> memberSet = new HashSet<>();
        departments.forEach(d -> memberSet.addAll(keys.membersOf().getOrDefault(d, Set.of())));
        Set<UUID> notByKey = new TreeSet<>(keys.unsettled());
        Set<UUID> byOwner = new TreeSet<>();
        for (UUID member : memberSet) {
            if (keys.overlay().containsKey(member)) {
                continue;
            }
            if (keys.unsettled().contains(member)
                    || !departments.contains(keys.unitOf().get(member))) {
                byOwner.add(member);
            }
        }
        keys.overlay().forEach((person, successor) -> {
            UUID unit = keys.unitOf().get(person);
            boolean keyedHere = unit != null && !keys.unsettled().contains(person) && departments.contains(unit);
            boolean successorHere = memberSet.contains(successor);
            if (keyedHere && !successorHere) {
                notByKey.add(person);
            } else if (!keyedHere && successorHere) {
                // Unsettled (so left out of the key ranges already), or keyed elsewhere.
                byOwner.add(person);
            }
        });
        List<Condition> parts = new ArrayList<>();
        // One array parameter, not a list of them: the statement's text then stays the same however
        // many users are unsettled, so a move elsewhere does not make PostgreSQL plan this list again.
        UUID[] unsettled = notByKey.toArray(UUID[]::new);
        for (UUID department : departments) {
            Condition byUnit = table.ownerUnit().eq(department);
            parts.add(
                    unsettled.length == 0 ? byUnit : byUnit.and(table.ownerId().ne(DSL.all(unsettled))));
        }
        byOwner.forEach(owner -> parts.add(table.ownerId().eq(owner)));
        return parts;
    }

    /**
     * Whether the scope is a way in that the user does not hold: records shared with them while
     * the keys name no share of the table's type, or contacts on their lists while they are on
     * none (or the table is not contacts). Most users hold neither, and their lists then read one
     * index range (their own records, say) instead of also looking for shares and lists.
     */
    private static boolean unheld(Scope scope, RecordColumns table, OwnerUnits.Keys keys) {
        if (scope instanceof Scope.SharedWith shared) {
            return !keys.holdsShares(shared.user().value(), table.entityKey());
        }
        if (scope instanceof Scope.OnListsOf listed) {
            return !keys.onAList(listed.user().value(), table.entityKey());
        }
        if (scope instanceof Scope.OnListsShowing showing) {
            return !keys.onAList(showing.user().value(), table.entityKey());
        }
        return false;
    }

    private static Condition whole(Scope scope, RecordColumns table, OwnerUnits.Keys keys) {
        if (scope instanceof Scope.Everything) {
            return DSL.trueCondition();
        }
        if (scope instanceof Scope.Nothing || unheld(scope, table, keys)) {
            return DSL.falseCondition();
        }
        if (scope instanceof Scope.OwnedBy owned) {
            return DSL.or(ownerParts(owned.user().value(), table, keys));
        }
        if (scope instanceof Scope.OwnedByMembersOf members) {
            // Membership comes from keys of the current access version: a move applies at once.
            return DSL.or(unitParts(members, table, keys));
        }
        if (scope instanceof Scope.SharedWith shared) {
            return DSL.exists(DSL.selectOne()
                    .from(RECORD_SHARE)
                    .where(RECORD_SHARE.WORKSPACE_ID.eq(table.workspaceId()))
                    .and(RECORD_SHARE.RECORD_TYPE.eq(table.entityKey()))
                    .and(RECORD_SHARE.RECORD_ID.eq(table.id()))
                    .and(RECORD_SHARE.USER_ID.eq(shared.user().value()))
                    .and(live(RECORD_SHARE.EXPIRES_AT))
                    .and(RECORD_SHARE.SHARE_LEVEL.in(
                            shared.levels().stream().map(Enum::name).toList())));
        }
        if (scope instanceof Scope.OnListsOf listed) {
            return DSL.exists(DSL.selectOne()
                    .from(LIST_CONTACT)
                    .join(LIST_MEMBER)
                    .on(LIST_MEMBER.WORKSPACE_ID.eq(LIST_CONTACT.WORKSPACE_ID))
                    .and(LIST_MEMBER.LIST_ID.eq(LIST_CONTACT.LIST_ID))
                    .where(LIST_CONTACT.WORKSPACE_ID.eq(table.workspaceId()))
                    .and(LIST_CONTACT.CONTACT_ID.eq(table.id()))
                    .and(LIST_MEMBER.USER_ID.eq(listed.user().value()))
                    .and(live(LIST_MEMBER.EXPIRES_AT))
                    .and(LIST_MEMBER.LIST_LEVEL.in(
                            listed.levels().stream().map(Enum::name).toList()))
                    // An entry gives no more than its adder held: what it lends must admit too.
                    .and(LIST_CONTACT.LENDS.in(
                            listed.levels().stream().map(Enum::name).toList())));
        }
        if (scope instanceof Scope.OnListsShowing showing) {
            JSONB field = JSONB.valueOf(JSON.writeValueAsString(List.of(showing.field())));
            return DSL.exists(DSL.selectOne()
                    .from(LIST_CONTACT)
                    .join(LIST_MEMBER)
                    .on(LIST_MEMBER.WORKSPACE_ID.eq(LIST_CONTACT.WORKSPACE_ID))
                    .and(LIST_MEMBER.LIST_ID.eq(LIST_CONTACT.LIST_ID))
                    .join(CONTACT_LIST)
                    .on(CONTACT_LIST.WORKSPACE_ID.eq(LIST_CONTACT.WORKSPACE_ID))
                    .and(CONTACT_LIST.ID.eq(LIST_CONTACT.LIST_ID))
                    .where(LIST_CONTACT.WORKSPACE_ID.eq(table.workspaceId()))
                    .and(LIST_CONTACT.CONTACT_ID.eq(table.id()))
                    .and(LIST_MEMBER.USER_ID.eq(showing.user().value()))
                    .and(live(LIST_MEMBER.EXPIRES_AT))
                    .and(DSL.not(contains(LIST_CONTACT.WITHHELD, field)))
                    .and(LIST_MEMBER
                            .LIST_LEVEL
                            .in(ListLevel.MANAGER.name(), ListLevel.OWNER.name())
                            .or(DSL.not(contains(CONTACT_LIST.HIDDEN_FIELDS, field)))));
        }
        if (scope instanceof Scope.ParentAdmits parent) {
            RecordColumns of = table.of(parent.entity());
            // "The link is set" says nothing the join does not, but lets a page's branch read the
            // children's own index of those with this parent (V88) instead of every child.
            return table.link(parent.link())
                    .isNotNull()
                    .and(DSL.exists(DSL.selectOne()
                            .from(of.table())
                            .where(of.workspaceId().eq(table.workspaceId()))
                            .and(of.id().eq(table.link(parent.link())))
                            .and(of.live())
                            .and(whole(parent.scope(), of, keys))));
        }
        if (scope instanceof Scope.StageIn in) {
            return table.stageId() == null
                    ? DSL.falseCondition()
                    : table.stageId()
                            .in(in.stages().stream().map(StageId::value).toList());
        }
        if (scope instanceof Scope.StageNotIn notIn) {
            return table.stageId() == null
                    ? DSL.falseCondition()
                    : table.stageId()
                            .notIn(notIn.stages().stream().map(StageId::value).toList());
        }
        if (scope instanceof Scope.Matches matches) {
            return condition(matches.condition(), table, keys);
        }
        if (scope instanceof Scope.AnyOf any) {
            List<Condition> parts = new ArrayList<>();
            any.parts().forEach(p -> parts.add(whole(p, table, keys)));
            return DSL.or(parts);
        }
        Scope.AllOf all = (Scope.AllOf) scope;
        List<Condition> parts = new ArrayList<>();
        all.parts().forEach(p -> parts.add(whole(p, table, keys)));
        return DSL.and(parts);
    }

    /** A JSON array of strings holds this one-element array's string. */
    private static Condition contains(Field<JSONB> array, JSONB element) {
        return DSL.condition("{0} @> {1}", array, DSL.inline(element));
    }

    // The role's condition is named in full: Condition here is jOOQ's, the type every method returns.
    private static Condition condition(
            io.custodia.policy.Condition condition, RecordColumns table, OwnerUnits.Keys keys) {
        if (condition instanceof All all) {
            return DSL.and(all.conditions().stream()
                    .map(c -> condition(c, table, keys))
                    .toList());
        }
        if (condition instanceof Any any) {
            return DSL.or(any.conditions().stream()
                    .map(c -> condition(c, table, keys))
                    .toList());
        }
        return comparison((Comparison) condition, table, keys);
    }

    /**
     * One comparison, by the engine's rules ({@link Value#comparableAs}, {@link Value#compareTo}):
     * text in code-point order ({@code COLLATE "C"}), whatever the database's collation; a timestamp
     * compared with a date as its UTC date, whatever the session's time zone.
     */
    @SuppressWarnings("unchecked")
    private static Condition comparison(Comparison c, RecordColumns table, OwnerUnits.Keys keys) {
        Field<Object> field = (Field<Object>) table.field(c.field());
        if (field != null && c.field().equals(OWNER_FIELD) && !keys.overlay().isEmpty()) {
            // The owner a condition reads is the record's effective owner, as the engine's facts hold it.
            field = (Field<Object>)
                    (Field<?>) effectiveOwner(table.ownerId(), keys).cast(SQLDataType.VARCHAR);
        }
        FieldType type = table.typeOf(c.field());
        if (field == null
                || type == null
                || type.operandType() != c.values().get(0).type()) {
            // The engine finds no comparable value here either: the comparison is false.
            return DSL.falseCondition();
        }
        if (type == FieldType.TIMESTAMP) {
            field = (Field<Object>) (Field<?>) DSL.field("(({0}) at time zone 'UTC')::date", LocalDate.class, field);
        }
        if (c.op().isOrdering() && type == FieldType.TEXT) {
            field = (Field<Object>) (Field<?>) field.collate("C");
        }
        Field<Object> bound = field;
        List<Field<Object>> values =
                c.values().stream().map(v -> operand(v, bound)).toList();
        Field<Object> value = values.get(0);
        return switch (c.op()) {
            case EQ -> field.eq(value);
            case NE -> field.ne(value);
            case IN -> field.in(values.toArray(Field[]::new));
            case NOT_IN -> field.notIn(values.toArray(Field[]::new));
            case GT -> field.gt(value);
            case GTE -> field.ge(value);
            case LT -> field.lt(value);
            case LTE -> field.le(value);
        };
    }

    /**
     * A condition's value as a bind value of the field's type. A date outside years 1 to 9999 (only
     * a role stored before that rule holds one; PostgreSQL cannot even read some of them) becomes
     * {@code infinity} or {@code -infinity}: every date a record can hold lies within those years,
     * so it compares with that bound exactly as with the stored date, as the engine compares.
     */
    @SuppressWarnings("unchecked")
    private static Field<Object> operand(Value v, Field<Object> field) {
        if (v instanceof Value.Date d && !Value.Date.accepted(d.value())) {
            return (Field<Object>)
                    (Field<?>) DSL.field(d.value().isAfter(Value.Date.LAST) ? "'infinity'::date" : "'-infinity'::date");
        }
        return DSL.val(v.raw(), field);
    }
}
