package io.custodia.records;

import static io.custodia.platform.db.Tables.SHARING_RULE;

import io.custodia.policy.Action;
import io.custodia.policy.Condition;
import io.custodia.policy.EntityType;
import io.custodia.policy.Grant;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Level;
import io.custodia.policy.Role;
import io.custodia.policy.RoleTree;
import io.custodia.policy.Value;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import tools.jackson.databind.json.JsonMapper;

/** Random roles, grants, grant ends and sharing rules for the SQL differential test ({@link ScopeSqlAgreesWithTheEngineTest}). */
final class RandomRoles {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> REGIONS = List.of("SP", "RJ", "MG");

    /**
     * Dates a condition may name: those, and dates outside years 1 to 9999 that roles stored before
     * that rule may hold (years beyond PostgreSQL's range among them, which ScopeSql binds as infinity).
     */
    private static final List<LocalDate> CONDITION_DATES = List.of(
            LocalDate.MIN,
            LocalDate.of(-1, 1, 1),
            LocalDate.of(0, 12, 31),
            LocalDate.of(1, 1, 1),
            LocalDate.of(2026, 6, 15),
            LocalDate.of(9999, 12, 31),
            LocalDate.of(10000, 1, 1),
            LocalDate.MAX);

    private RandomRoles() {}

    /**
     * No end half the time, else an instant one minute to two hours before or after {@code now}: far
     * enough from it that the test's clock, the server's and the database's agree on which have passed.
     */
    static OffsetDateTime expiry(Random ends, OffsetDateTime now) {
        if (ends.nextBoolean()) {
            return null;
        }
        long seconds = 60 + ends.nextInt(7200);
        return ends.nextBoolean() ? now.plusSeconds(seconds) : now.minusSeconds(seconds);
    }

    static Role role(Random random, List<UUID> stages) {
        Map<Action, Grant> byAction = new EnumMap<>(Action.class);
        for (Action action : List.of(Action.READ, Action.UPDATE, Action.DELETE)) {
            if (random.nextInt(4) != 0) {
                byAction.put(action, grant(random));
            }
        }
        Map<StageId, Map<Action, Grant>> stageEntries = new HashMap<>();
        for (UUID stage : stages) {
            if (random.nextInt(3) == 0) {
                stageEntries.put(new StageId(stage), Map.of(Action.READ, grant(random)));
            }
        }
        return new Role(
                new RoleId(UUID.randomUUID()),
                "R" + random.nextInt(1000),
                Map.of(EntityType.DEAL, byAction),
                stageEntries,
                Map.of(),
                Set.of());
    }

    /**
     * Zero to two sharing rules on deals, stored as the API stores them: from a department (with or
     * without those below it) or a condition on a built-in or custom field, to a department or
     * everyone, at READ or EDIT.
     */
    static void sharingRules(DSLContext db, UUID ws, Random random, List<UUID> departments) {
        for (int i = random.nextInt(3); i > 0; i--) {
            boolean fromDepartment = random.nextInt(3) != 0;
            Condition condition = random.nextBoolean()
                    ? Condition.Comparison.of(
                            "region",
                            random.nextBoolean() ? Condition.Op.IN : Condition.Op.NOT_IN,
                            Value.text(REGIONS.get(random.nextInt(3))))
                    : Condition.Comparison.of(
                            "amount",
                            Condition.Op.values()[random.nextInt(Condition.Op.values().length)],
                            Value.number(random.nextInt(3) * 100L));
            boolean toEveryone = random.nextInt(3) == 0;
            db.insertInto(SHARING_RULE)
                    .set(SHARING_RULE.WORKSPACE_ID, ws)
                    .set(SHARING_RULE.ID, UUID.randomUUID())
                    .set(SHARING_RULE.NAME, "S" + i)
                    .set(SHARING_RULE.ENTITY, "deal")
                    .set(SHARING_RULE.FROM_DEPARTMENT_ID, fromDepartment ? pick(random, departments) : null)
                    .set(SHARING_RULE.INCLUDE_SUBDEPARTMENTS, fromDepartment && random.nextBoolean())
                    .set(
                            SHARING_RULE.FROM_CONDITION,
                            fromDepartment
                                    ? null
                                    : JSONB.valueOf(JSON.writeValueAsString(RoleTree.writeCondition(condition))))
                    .set(SHARING_RULE.TO_DEPARTMENT_ID, toEveryone ? null : pick(random, departments))
                    .set(SHARING_RULE.TO_EVERYONE, toEveryone)
                    .set(SHARING_RULE.SHARE_LEVEL, random.nextBoolean() ? "READ" : "EDIT")
                    .execute();
        }
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static Grant grant(Random random) {
        Level level = Level.values()[random.nextInt(Level.values().length)];
        return switch (random.nextInt(6)) {
            case 0 ->
                Grant.of(
                        level,
                        Condition.Comparison.of(
                                "region",
                                random.nextBoolean() ? Condition.Op.IN : Condition.Op.NOT_IN,
                                Value.text(REGIONS.get(random.nextInt(3)))));
            case 1 ->
                Grant.of(
                        level,
                        Condition.Comparison.of(
                                "amount",
                                Condition.Op.values()[random.nextInt(Condition.Op.values().length)],
                                Value.number(random.nextInt(3) * 100L)));
            case 2 ->
                Grant.of(
                        level,
                        new Condition.Any(List.of(
                                Condition.Comparison.of("region", Condition.Op.EQ, Value.text("SP")),
                                Condition.Comparison.of("amount", Condition.Op.GTE, Value.number(100)))));
            case 3 ->
                Grant.of(
                        level,
                        Condition.Comparison.of(
                                "closing",
                                Condition.Op.values()[random.nextInt(Condition.Op.values().length)],
                                new Value.Date(CONDITION_DATES.get(random.nextInt(CONDITION_DATES.size())))));
            default -> Grant.of(level);
        };
    }
}
