package io.custodia.records;

import static io.custodia.platform.db.Tables.DEAL;
import static io.custodia.platform.db.Tables.JOB;
import static io.custodia.platform.db.Tables.OWNER_OVERLAY;
import static io.custodia.platform.db.Tables.ROLE_ASSIGNMENT;
import static io.custodia.platform.db.Tables.USER_UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Action;
import io.custodia.policy.Condition;
import io.custodia.policy.EntityType;
import io.custodia.policy.Grant;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Level;
import io.custodia.policy.Role;
import io.custodia.policy.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Offboardings caught while their jobs run, in a random world (access-model, "Offboarding"): some
 * users' records are read as a successor's through an owner overlay, none of the successors being
 * offboarded themselves (chains are refused), and a role whose condition reads the owner field.
 */
final class RandomOverlays {
    private RandomOverlays() {}

    /** Lays zero to two overlays (none in a quarter of the worlds); answers them, person to successor. */
    static Map<UUID, UUID> lay(DSLContext db, UUID ws, UUID admin, List<UUID> users, Random random) {
        Map<UUID, UUID> overlay = new HashMap<>();
        if (users.size() < 2 || random.nextInt(4) == 0) {
            return overlay;
        }
        List<UUID> shuffled = new ArrayList<>(users);
        Collections.shuffle(shuffled, random);
        int persons = Math.min(1 + random.nextInt(2), shuffled.size() - 1);
        List<UUID> successors = shuffled.subList(persons, shuffled.size());
        for (UUID person : shuffled.subList(0, persons)) {
            UUID successor = successors.get(random.nextInt(successors.size()));
            UUID job = UUID.randomUUID();
            db.insertInto(JOB)
                    .set(JOB.WORKSPACE_ID, ws)
                    .set(JOB.ID, job)
                    .set(JOB.KIND, "users.offboard")
                    .set(JOB.STATE, "RUNNING")
                    .set(JOB.CREATED_BY, admin)
                    .execute();
            db.insertInto(OWNER_OVERLAY)
                    .set(OWNER_OVERLAY.WORKSPACE_ID, ws)
                    .set(OWNER_OVERLAY.FROM_USER, person)
                    .set(OWNER_OVERLAY.TO_USER, successor)
                    .set(OWNER_OVERLAY.JOB_ID, job)
                    .execute();
            overlay.put(person, successor);
        }
        // Some of a person's deals already moved by the job, with the successor's key as it writes it.
        for (Map.Entry<UUID, UUID> e : overlay.entrySet()) {
            List<UUID> moved = db
                    .select(DEAL.ID)
                    .from(DEAL)
                    .where(DEAL.WORKSPACE_ID.eq(ws).and(DEAL.OWNER_ID.eq(e.getKey())))
                    .fetch(DEAL.ID)
                    .stream()
                    .filter(id -> random.nextBoolean())
                    .toList();
            db.update(DEAL)
                    .set(DEAL.OWNER_ID, e.getValue())
                    .set(
                            DEAL.OWNER_UNIT,
                            DSL.field(DSL.select(USER_UNIT.UNIT_ID)
                                    .from(USER_UNIT)
                                    .where(USER_UNIT.WORKSPACE_ID.eq(ws))
                                    .and(USER_UNIT.USER_ID.eq(e.getValue()))))
                    .where(DEAL.WORKSPACE_ID.eq(ws))
                    .and(DEAL.ID.in(moved))
                    .execute();
        }
        return overlay;
    }

    /**
     * A role reading deals by a condition on the owner (a person, a successor or anyone else),
     * assigned to one user: the condition must see the effective owner in SQL as in the engine.
     */
    static void ownerConditionRole(DSLContext db, UUID ws, List<UUID> users, Random random, Consumer<Role> store) {
        UUID named = users.get(random.nextInt(users.size()));
        Condition.Op op = List.of(Condition.Op.EQ, Condition.Op.NE, Condition.Op.IN, Condition.Op.NOT_IN)
                .get(random.nextInt(4));
        Role role = new Role(
                new RoleId(UUID.randomUUID()),
                "Owner condition",
                Map.of(
                        EntityType.DEAL,
                        Map.of(
                                Action.READ,
                                Grant.of(
                                        Level.ALL,
                                        Condition.Comparison.of("ownerId", op, Value.text(named.toString()))),
                                Action.UPDATE,
                                Grant.of(Level.OWN))),
                Map.of(),
                Map.of(),
                Set.of());
        store.accept(role);
        db.insertInto(ROLE_ASSIGNMENT)
                .set(ROLE_ASSIGNMENT.WORKSPACE_ID, ws)
                .set(ROLE_ASSIGNMENT.ID, UUID.randomUUID())
                .set(ROLE_ASSIGNMENT.ROLE_ID, role.id().value())
                .set(ROLE_ASSIGNMENT.USER_ID, users.get(random.nextInt(users.size())))
                .execute();
    }

    /** Each deal is read with its effective owner: the stored one, or its successor under an overlay. */
    static void requireEffectiveOwners(
            DSLContext db, UUID ws, Map<UUID, UUID> overlay, List<RecordRow> rows, long seed) {
        Map<UUID, UUID> stored = db.select(DEAL.ID, DEAL.OWNER_ID)
                .from(DEAL)
                .where(DEAL.WORKSPACE_ID.eq(ws))
                .fetchMap(DEAL.ID, DEAL.OWNER_ID);
        for (RecordRow row : rows) {
            UUID owner = stored.get(row.id());
            assertThat(row.ownerId())
                    .as("seed %d: deal %s is read with its effective owner", seed, row.id())
                    .isEqualTo(overlay.getOrDefault(owner, owner));
        }
    }
}
