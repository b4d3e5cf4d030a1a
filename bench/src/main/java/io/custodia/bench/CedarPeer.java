package io.custodia.bench;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The same grants as Cedar policies: one permit per (role, action, entity, level) with deal stages
 * grouped, the owner test written against entity attributes (the owner's departments, the
 * principal's departments and the departments below them). The policy set is parsed once and
 * reused; each call sends the principal, the owner and the record as entities, as Cedar expects.
 */
public final class CedarPeer {
    private static final EntityTypeName USER = EntityTypeName.parse("User").orElseThrow();
    private static final EntityTypeName ROLE = EntityTypeName.parse("Role").orElseThrow();
    private static final EntityTypeName ACTION = EntityTypeName.parse("Action").orElseThrow();
    private static final Map<EntityType, EntityTypeName> TYPES = new HashMap<>();

    static {
        for (EntityType e : EntityType.values()) {
            String name = e.key().substring(0, 1).toUpperCase() + e.key().substring(1);
            TYPES.put(e, EntityTypeName.parse(name).orElseThrow());
        }
    }

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;
    private final Map<UserId, Entity> users = new HashMap<>();
    private final Map<Action, EntityUID> actions = new HashMap<>();
    private final String text;

    public CedarPeer(World world) {
        StringBuilder cedar = new StringBuilder();
        for (Role role : world.roles.values()) {
            String principal = "principal in Role::\"" + role.id() + "\"";
            for (Action action : Action.values()) {
                String act = "action == Action::\"" + action.key() + "\"";
                for (EntityType entity : EntityType.values()) {
                    String resource = "resource is " + TYPES.get(entity).toString();
                    Grant entityEntry = role.entityEntry(entity, action);
                    if (entity != EntityType.DEAL) {
                        if (entityEntry != null && entityEntry.level() != Level.NONE) {
                            permit(cedar, principal, act, resource, levelExpression(entityEntry.level()));
                        }
                        continue;
                    }
                    Map<Level, List<String>> stagesByLevel = new LinkedHashMap<>();
                    for (StageId stage : world.stages) {
                        Grant stageEntry = role.stageEntry(stage, action);
                        Grant grant = stageEntry != null ? stageEntry : entityEntry;
                        if (grant != null && grant.level() != Level.NONE) {
                            stagesByLevel
                                    .computeIfAbsent(grant.level(), l -> new ArrayList<>())
                                    .add("\"" + stage + "\"");
                        }
                    }
                    stagesByLevel.forEach((level, stages) -> permit(
                            cedar,
                            principal,
                            act,
                            resource,
                            "[" + String.join(", ", stages) + "].contains(resource.stage) && "
                                    + levelExpression(level)));
                }
            }
        }
        this.text = cedar.toString();
        try {
            this.policies = PolicySet.parsePolicies(text);
            // Parsed once on the Rust side and referred to by key, instead of re-sent with every call.
            this.policies.cache();
        } catch (InternalException | CacheException e) {
            throw new IllegalStateException(e);
        }
        for (Action action : Action.values()) {
            actions.put(action, new EntityUID(ACTION, action.key()));
        }
        for (UserId u : world.users) {
            Set<Value> own = new HashSet<>();
            Set<Value> below = new HashSet<>();
            for (DepartmentId d : world.org.departmentsOf(u)) {
                own.add(new PrimString(d.toString()));
                world.org.departmentsIn(world.org.subtreeOf(d)).forEach(x -> below.add(new PrimString(x.toString())));
            }
            Map<String, Value> attributes = new HashMap<>();
            attributes.put("departments", new CedarList(new ArrayList<>(own)));
            attributes.put("subtree", new CedarList(new ArrayList<>(below)));
            Set<EntityUID> parents = world.policy.assignmentsOf(u).stream()
                    .map(Assignment::role)
                    .map(r -> new EntityUID(ROLE, r.toString()))
                    .collect(Collectors.toSet());
            users.put(u, new Entity(new EntityUID(USER, u.toString()), attributes, parents));
        }
    }

    private static void permit(StringBuilder cedar, String principal, String action, String resource, String when) {
        cedar.append("permit(")
                .append(principal)
                .append(", ")
                .append(action)
                .append(", ")
                .append(resource)
                .append(")");
        if (!when.equals("true")) {
            cedar.append(" when { ").append(when).append(" }");
        }
        cedar.append(";\n");
    }

    private static String levelExpression(Level level) {
        return switch (level) {
            case ALL -> "true";
            case OWN -> "resource.owner == principal";
            case DEPARTMENT ->
                "(resource.owner == principal || resource.owner.departments.containsAny(principal.departments))";
            case SUBDEPARTMENTS ->
                "(resource.owner == principal || resource.owner.departments.containsAny(principal.subtree))";
            case NONE -> "false";
        };
    }

    public int policyCount() {
        return policies.policies.size();
    }

    /** The record as a Cedar entity (made once per record by callers that reuse it). */
    public Entity resource(RecordFacts record) {
        Map<String, Value> attributes = new HashMap<>();
        attributes.put("owner", new EntityUID(USER, record.owner().toString()));
        if (record.stage() != null) {
            attributes.put("stage", new PrimString(record.stage().toString()));
        }
        return new Entity(new EntityUID(TYPES.get(record.entity()), record.id()), attributes, Set.of());
    }

    public boolean allows(UserId user, Action action, RecordFacts record, Entity resource) {
        Entity principal = users.get(user);
        Set<Entity> entities = new HashSet<>();
        entities.add(principal);
        entities.add(users.get(record.owner()));
        entities.add(resource);
        AuthorizationRequest request =
                new AuthorizationRequest(principal.getEUID(), actions.get(action), resource.getEUID(), Map.of());
        try {
            AuthorizationResponse response = engine.isAuthorized(request, policies, entities);
            return response.success
                    .orElseThrow(() -> new IllegalStateException(response.toString()))
                    .isAllowed();
        } catch (AuthException e) {
            throw new IllegalStateException(e);
        }
    }
}
