package io.custodia.records;

import static io.custodia.platform.db.Tables.ACTIVITY;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest.Tenant;
import io.custodia.policy.Action;
import io.custodia.policy.Condition;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldEdges;
import io.custodia.policy.Grant;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Level;
import io.custodia.policy.Role;
import io.custodia.policy.Value;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

/**
 * Activities with a field of every kind, built-in and custom, for {@link
 * ScopeSqlAgreesWithTheEngineTest}: text (the built-in subject, a custom note), select (a custom
 * region), number (a custom score), date (a custom close date), timestamp (the built-in dueAt) and
 * yes/no (the built-in done), valued at the edges {@link FieldEdges} chooses, some absent; and roles
 * whose conditions are mostly on one kind of field, the world's focus.
 */
final class FieldKindWorld {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The fields of each kind that activities carry: built-in first, then custom. */
    static final Map<FieldEdges.Kind, List<String>> FIELDS = new EnumMap<>(Map.of(
            FieldEdges.Kind.TEXT, List.of("subject", "note"),
            FieldEdges.Kind.SELECT, List.of("region"),
            FieldEdges.Kind.NUMBER, List.of("score"),
            FieldEdges.Kind.DATE, List.of("closeDate"),
            FieldEdges.Kind.TIMESTAMP, List.of("dueAt"),
            FieldEdges.Kind.BOOLEAN, List.of("done")));

    /** Time zones of the database session, up to 14 hours either side of UTC and at odd offsets. */
    static final List<String> ZONES =
            List.of("UTC", "America/Sao_Paulo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu");

    private FieldKindWorld() {}

    /** The activity's custom fields of every kind the workspace can define. */
    static void defineFields(Api api, Tenant t) {
        field(api, t, "note", "text", null);
        field(api, t, "region", "select", FieldEdges.CHOICES);
        field(api, t, "score", "number", null);
        field(api, t, "closeDate", "date", null);
    }

    private static void field(Api api, Tenant t, String key, String type, List<String> options) {
        Map<String, Object> body = new HashMap<>(Map.of("entity", "activity", "key", key, "label", key, "type", type));
        if (options != null) {
            body.put("options", options);
        }
        Api.Response response = api.post("/api/v1/fields", t.adminToken(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    /** A role on activities whose grants mostly carry a condition, mostly on the focus kind. */
    static Role role(Random random, FieldEdges.Kind focus) {
        Map<Action, Grant> byAction = new EnumMap<>(Action.class);
        for (Action action : List.of(Action.READ, Action.UPDATE, Action.DELETE)) {
            if (random.nextInt(5) == 0) {
                continue;
            }
            Level level = List.of(Level.ALL, Level.ALL, Level.ALL, Level.OWN, Level.NONE)
                    .get(random.nextInt(5));
            if (random.nextInt(5) == 0) {
                byAction.put(action, Grant.of(level));
                continue;
            }
            Condition condition = comparison(random, focus);
            if (random.nextInt(4) == 0) {
                List<Condition> both = List.of(condition, comparison(random, focus));
                condition = random.nextBoolean() ? new Condition.All(both) : new Condition.Any(both);
            }
            byAction.put(action, Grant.of(level, condition));
        }
        return new Role(
                new RoleId(UUID.randomUUID()),
                "R " + UUID.randomUUID(),
                Map.of(EntityType.ACTIVITY, byAction),
                Map.of(),
                Map.of(),
                Set.of());
    }

    private static Condition.Comparison comparison(Random random, FieldEdges.Kind focus) {
        FieldEdges.Kind kind = random.nextInt(5) != 0
                ? focus
                : FieldEdges.Kind.values()[random.nextInt(FieldEdges.Kind.values().length)];
        List<String> fields = FIELDS.get(kind);
        return FieldEdges.comparison(fields.get(random.nextInt(fields.size())), kind, random);
    }

    /** An activity owned by the owner, each field at an edge of its kind or (where it may be) absent. */
    static void insert(DSLContext db, UUID ws, UUID owner, Random random) {
        Map<String, Object> custom = new HashMap<>();
        put(custom, "note", FieldEdges.Kind.TEXT, random);
        put(custom, "region", FieldEdges.Kind.SELECT, random);
        put(custom, "score", FieldEdges.Kind.NUMBER, random);
        put(custom, "closeDate", FieldEdges.Kind.DATE, random);
        Value.Timestamp due =
                random.nextInt(4) == 0 ? null : (Value.Timestamp) FieldEdges.value(FieldEdges.Kind.TIMESTAMP, random);
        db.insertInto(ACTIVITY)
                .set(ACTIVITY.WORKSPACE_ID, ws)
                .set(ACTIVITY.ID, UUID.randomUUID())
                .set(ACTIVITY.OWNER_ID, owner)
                .set(ACTIVITY.TYPE, "task")
                .set(ACTIVITY.SUBJECT, (String)
                        FieldEdges.value(FieldEdges.Kind.TEXT, random).raw())
                .set(ACTIVITY.DUE_AT, due == null ? null : OffsetDateTime.ofInstant(due.value(), ZoneOffset.UTC))
                .set(ACTIVITY.DONE, random.nextBoolean())
                .set(ACTIVITY.FIELDS, JSONB.valueOf(JSON.writeValueAsString(custom)))
                .execute();
    }

    private static void put(Map<String, Object> custom, String key, FieldEdges.Kind kind, Random random) {
        if (random.nextInt(4) != 0) {
            Object raw = FieldEdges.value(kind, random).raw();
            // Stored as the API stores it: dates as YYYY-MM-DD, numbers as JSON numbers.
            custom.put(key, raw instanceof LocalDate d ? d.toString() : raw);
        }
    }
}
