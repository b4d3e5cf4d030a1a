package io.custodia.bench;

import com.googlecode.aviator.runtime.type.AviatorBoolean;
import com.googlecode.aviator.runtime.type.AviatorObject;
import io.custodia.policy.Action;
import io.custodia.policy.Assignment;
import io.custodia.policy.EntityType;
import io.custodia.policy.Grant;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Level;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.util.function.CustomFunction;

/**
 * The same grants in jCasbin's RBAC-with-domains model: roles as casbin roles per workspace
 * domain, one policy per (role, object, action) carrying the level, and the owner test as a
 * custom matcher function over plain maps of departments. Casbin's effect "some allow" is the
 * union of candidates, so the world is compared under MOST_PERMISSIVE.
 */
public final class CasbinPeer {
    private static final String MODEL = """
            [request_definition]
            r = sub, dom, obj, act, owner

            [policy_definition]
            p = sub, dom, obj, act, lvl

            [role_definition]
            g = _, _, _

            [policy_effect]
            e = some(where (p.eft == allow))

            [matchers]
            m = g(r.sub, p.sub, r.dom) && r.dom == p.dom && r.obj == p.obj && r.act == p.act && reaches(r.sub, r.owner, p.lvl)
            """;
    private static final String DOMAIN = "ws";

    private final Enforcer enforcer;
    private final Map<String, Integer> stageIndex = new HashMap<>();

    public CasbinPeer(World world) {
        for (int i = 0; i < world.stages.size(); i++) {
            stageIndex.put(world.stages.get(i).toString(), i);
        }
        Map<String, Set<String>> departmentsOf = new HashMap<>();
        Map<String, Set<String>> subtreeOf = new HashMap<>();
        for (UserId u : world.users) {
            Set<String> own = new HashSet<>();
            Set<String> below = new HashSet<>();
            for (DepartmentId d : world.org.departmentsOf(u)) {
                own.add(d.toString());
                world.org.departmentsIn(world.org.subtreeOf(d)).forEach(x -> below.add(x.toString()));
            }
            departmentsOf.put(u.toString(), own);
            subtreeOf.put(u.toString(), below);
        }
        Model model = new Model();
        model.loadModelFromText(MODEL);
        enforcer = new Enforcer(model);
        enforcer.addFunction("reaches", new Reaches(departmentsOf, subtreeOf));
        List<List<String>> policies = new ArrayList<>();
        for (Role role : world.roles.values()) {
            for (EntityType entity : EntityType.values()) {
                for (Action action : Action.values()) {
                    Grant entityEntry = role.entityEntry(entity, action);
                    if (entity != EntityType.DEAL) {
                        add(policies, role, entity.key(), action, entityEntry);
                        continue;
                    }
                    for (StageId stage : world.stages) {
                        Grant stageEntry = role.stageEntry(stage, action);
                        add(
                                policies,
                                role,
                                object(entity, stage),
                                action,
                                stageEntry != null ? stageEntry : entityEntry);
                    }
                }
            }
        }
        enforcer.addPolicies(policies);
        List<List<String>> groupings = new ArrayList<>();
        for (UserId u : world.users) {
            for (Assignment a : world.policy.assignmentsOf(u)) {
                groupings.add(List.of(u.toString(), a.role().toString(), DOMAIN));
            }
        }
        enforcer.addGroupingPolicies(groupings);
    }

    private static void add(List<List<String>> policies, Role role, String object, Action action, Grant grant) {
        if (grant != null && grant.level() != Level.NONE) {
            policies.add(List.of(
                    role.id().toString(),
                    DOMAIN,
                    object,
                    action.key(),
                    grant.level().name()));
        }
    }

    private static String object(EntityType entity, StageId stage) {
        return stage == null ? entity.key() : entity.key() + ":" + stage;
    }

    public boolean allows(UserId user, Action action, RecordFacts record) {
        return enforcer.enforce(
                user.toString(),
                DOMAIN,
                object(record.entity(), record.stage()),
                action.key(),
                record.owner().toString());
    }

    /** reaches(subject, owner, level): the owner test of access-model section 5. */
    private static final class Reaches extends CustomFunction {
        private final Map<String, Set<String>> departmentsOf;
        private final Map<String, Set<String>> subtreeOf;

        Reaches(Map<String, Set<String>> departmentsOf, Map<String, Set<String>> subtreeOf) {
            this.departmentsOf = departmentsOf;
            this.subtreeOf = subtreeOf;
        }

        @Override
        public AviatorObject call(
                Map<String, Object> env, AviatorObject sub, AviatorObject owner, AviatorObject level) {
            String s = (String) sub.getValue(env);
            String o = (String) owner.getValue(env);
            String l = (String) level.getValue(env);
            boolean result = switch (l) {
                case "ALL" -> true;
                case "OWN" -> s.equals(o);
                case "DEPARTMENT" -> s.equals(o) || intersects(departmentsOf.get(s), departmentsOf.get(o));
                case "SUBDEPARTMENTS" -> s.equals(o) || intersects(subtreeOf.get(s), departmentsOf.get(o));
                default -> false;
            };
            return AviatorBoolean.valueOf(result);
        }

        private static boolean intersects(Set<String> a, Set<String> b) {
            for (String x : b) {
                if (a.contains(x)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String getName() {
            return "reaches";
        }
    }
}
