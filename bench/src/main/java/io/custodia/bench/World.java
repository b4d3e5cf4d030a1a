package io.custodia.bench;

import io.custodia.policy.Action;
import io.custodia.policy.Assignment;
import io.custodia.policy.ConflictRule;
import io.custodia.policy.EntityType;
import io.custodia.policy.Grant;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Level;
import io.custodia.policy.Organization;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Role;
import io.custodia.policy.WorkspacePolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A generated workspace of the benchmark's size: users, a department tree of the given depth,
 * roles with entries for every entity and action and stage entries for deals, 1 to 3 group roles
 * (through the user's department) and 0 or 1 personal role per user, and records to ask about.
 */
public final class World {
    public final List<UserId> users = new ArrayList<>();
    public final List<DepartmentId> departments = new ArrayList<>();
    public final Map<DepartmentId, Integer> depth = new HashMap<>();
    public final List<StageId> stages = new ArrayList<>();
    public final Map<RoleId, Role> roles = new LinkedHashMap<>();
    public final List<Assignment> assignments = new ArrayList<>();
    public final List<RecordFacts> records = new ArrayList<>();
    public final Organization org;
    public final WorkspacePolicy policy;

    public World(
            long seed,
            int userCount,
            int departmentCount,
            int maxDepth,
            int roleCount,
            int stageCount,
            int recordCount,
            ConflictRule rule) {
        Random random = new Random(seed);
        Organization.Builder b = Organization.builder();
        for (int i = 0; i < departmentCount; i++) {
            DepartmentId d = new DepartmentId(uuid(random));
            DepartmentId parent = null;
            if (i > 0) {
                // Pick a parent above the maximum depth so the tree stays within it.
                do {
                    parent = departments.get(random.nextInt(i));
                } while (depth.get(parent) >= maxDepth - 1);
            }
            departments.add(d);
            depth.put(d, parent == null ? 0 : depth.get(parent) + 1);
            b.department(d, parent);
        }
        for (int i = 0; i < userCount; i++) {
            UserId u = new UserId(uuid(random));
            users.add(u);
            b.member(u, departments.get(random.nextInt(departmentCount)));
        }
        org = b.build();
        for (int i = 0; i < stageCount; i++) {
            stages.add(new StageId(uuid(random)));
        }
        List<RoleId> roleIds = new ArrayList<>();
        for (int i = 0; i < roleCount; i++) {
            Role role = role(random, "role-" + i);
            roles.put(role.id(), role);
            roleIds.add(role.id());
        }
        for (DepartmentId d : departments) {
            int groupRoles = 1 + random.nextInt(3);
            for (int i = 0; i < groupRoles; i++) {
                assignments.add(
                        new Assignment(roleIds.get(random.nextInt(roleCount)), new Assignment.ToDepartment(d, false)));
            }
        }
        for (UserId u : users) {
            if (random.nextBoolean()) {
                assignments.add(new Assignment(roleIds.get(random.nextInt(roleCount)), new Assignment.ToUser(u)));
            }
        }
        policy = new WorkspacePolicy(roles, assignments, rule, org);
        for (int i = 0; i < recordCount; i++) {
            EntityType entity = random.nextInt(3) == 0 ? EntityType.CONTACT : EntityType.DEAL;
            StageId stage = entity == EntityType.DEAL ? stages.get(random.nextInt(stageCount)) : null;
            records.add(new RecordFacts(entity, "r" + i, users.get(random.nextInt(userCount)), stage, Map.of()));
        }
    }

    /** The benchmark world of issue 3: 5,000 users, 200 departments of depth 4, 50 roles, 10 stages. */
    public static World standard(ConflictRule rule) {
        return new World(42, 5_000, 200, 4, 50, 10, 100_000, rule);
    }

    private Role role(Random random, String name) {
        Map<EntityType, Map<Action, Grant>> entities = new EnumMap<>(EntityType.class);
        for (EntityType entity : EntityType.values()) {
            Map<Action, Grant> byAction = new EnumMap<>(Action.class);
            for (Action action : Action.values()) {
                byAction.put(action, Grant.of(level(random)));
            }
            entities.put(entity, byAction);
        }
        Map<StageId, Map<Action, Grant>> stageEntries = new HashMap<>();
        for (StageId stage : stages) {
            if (random.nextInt(3) == 0) {
                Map<Action, Grant> byAction = new EnumMap<>(Action.class);
                for (Action action : Action.values()) {
                    if (random.nextBoolean()) {
                        byAction.put(action, Grant.of(level(random)));
                    }
                }
                stageEntries.put(stage, byAction);
            }
        }
        return new Role(new RoleId(uuid(random)), name, entities, stageEntries, Map.of(), Set.of());
    }

    private static Level level(Random random) {
        return Level.values()[random.nextInt(Level.values().length)];
    }

    private static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
