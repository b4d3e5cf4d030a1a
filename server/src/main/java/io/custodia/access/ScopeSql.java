package io.custodia.access;

import static io.custodia.platform.db.Tables.DEPARTMENT_MEMBER;
import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.policy.Condition;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Scope;
import io.custodia.policy.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The one place where the engine's {@link Scope} becomes SQL. Every query that reads records
 * filters with what this returns; tests hold it to the engine's decisions on the same cases.
 *
 * <p>A comparison with a missing value is false in the engine; in SQL it is NULL, which a WHERE
 * clause treats as false. The algebra has no negation around comparisons, so the two agree.
 */
public final class ScopeSql {
    private ScopeSql() {}

    public static org.jooq.Condition condition(Scope scope, RecordColumns table) {
        if (scope instanceof Scope.Everything) {
            return DSL.trueCondition();
        }
        if (scope instanceof Scope.Nothing) {
            return DSL.falseCondition();
        }
        if (scope instanceof Scope.OwnedBy owned) {
            return table.ownerId().eq(owned.user().value());
        }
        if (scope instanceof Scope.OwnedByMembersOf members) {
            // Membership is read now, so moving a user or a department changes lists at once.
            List<UUID> departments =
                    members.departments().stream().map(DepartmentId::value).toList();
            return table.ownerId()
                    .in(DSL.select(DEPARTMENT_MEMBER.USER_ID)
                            .from(DEPARTMENT_MEMBER)
                            .where(DEPARTMENT_MEMBER.WORKSPACE_ID.eq(table.workspaceId()))
                            .and(DEPARTMENT_MEMBER.DEPARTMENT_ID.in(departments)));
        }
        if (scope instanceof Scope.SharedWith shared) {
            return DSL.exists(DSL.selectOne()
                    .from(RECORD_SHARE)
                    .where(RECORD_SHARE.WORKSPACE_ID.eq(table.workspaceId()))
                    .and(RECORD_SHARE.RECORD_TYPE.eq(table.entityKey()))
                    .and(RECORD_SHARE.RECORD_ID.eq(table.id()))
                    .and(RECORD_SHARE.USER_ID.eq(shared.user().value()))
                    .and(RECORD_SHARE.SHARE_LEVEL.in(
                            shared.levels().stream().map(Enum::name).toList())));
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
            return condition(matches.condition(), table);
        }
        if (scope instanceof Scope.AnyOf any) {
            List<org.jooq.Condition> parts = new ArrayList<>();
            any.parts().forEach(p -> parts.add(condition(p, table)));
            return DSL.or(parts);
        }
        Scope.AllOf all = (Scope.AllOf) scope;
        List<org.jooq.Condition> parts = new ArrayList<>();
        all.parts().forEach(p -> parts.add(condition(p, table)));
        return DSL.and(parts);
    }

    private static org.jooq.Condition condition(Condition condition, RecordColumns table) {
        if (condition instanceof Condition.All all) {
            return DSL.and(
                    all.conditions().stream().map(c -> condition(c, table)).toList());
        }
        if (condition instanceof Condition.Any any) {
            return DSL.or(
                    any.conditions().stream().map(c -> condition(c, table)).toList());
        }
        return comparison((Condition.Comparison) condition, table);
    }

    @SuppressWarnings("unchecked")
    private static org.jooq.Condition comparison(Condition.Comparison c, RecordColumns table) {
        Field<Object> field = (Field<Object>) table.field(c.field());
        if (field == null || table.typeOf(c.field()) != c.values().get(0).type()) {
            // The engine finds no comparable value here either: the comparison is false.
            return DSL.falseCondition();
        }
        if (c.op().isOrdering() && table.typeOf(c.field()) == io.custodia.policy.FieldType.TEXT) {
            // Code-point order, as the engine compares text, whatever the database's collation.
            field = (Field<Object>) (Field<?>) field.collate("C");
        }
        List<Object> values = c.values().stream().map(Value::raw).toList();
        Object value = values.get(0);
        return switch (c.op()) {
            case EQ -> field.eq(value);
            case NE -> field.ne(value);
            case IN -> field.in(values);
            case NOT_IN -> field.notIn(values);
            case GT -> field.gt(value);
            case GTE -> field.ge(value);
            case LT -> field.lt(value);
            case LTE -> field.le(value);
        };
    }
}
