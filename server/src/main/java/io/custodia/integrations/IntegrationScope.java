package io.custodia.integrations;

import io.custodia.policy.Action;
import io.custodia.policy.EntityType;
import io.custodia.policy.Grant;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Level;
import io.custodia.policy.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The scopes an app may ask for (access-model section 8), what each means in plain words on the
 * consent page, and the access it gives: {@code X:read} reads ALL of X; {@code X:write} creates and
 * updates ALL of X (and reads X, since an update starts by reading the record). No scope deletes.
 */
record IntegrationScope(String key, EntityType entity, boolean write) {
    /** The record types' scopes as the registry names them ({@link EntityType#appScopes()}), then users:read. */
    private static final List<IntegrationScope> VALUES = derive();

    // What each scope allows is said to people on the consent page, in their language
    // (scope.* in the console's messages).
    private static List<IntegrationScope> derive() {
        List<IntegrationScope> scopes = new ArrayList<>();
        for (EntityType entity : EntityType.values()) {
            for (String key : entity.appScopes()) {
                scopes.add(new IntegrationScope(key, entity, key.endsWith(":write")));
            }
        }
        scopes.add(new IntegrationScope("users:read", null, false));
        return List.copyOf(scopes);
    }

    static List<IntegrationScope> values() {
        return VALUES;
    }

    static Optional<IntegrationScope> fromKey(String key) {
        for (IntegrationScope scope : VALUES) {
            if (scope.key.equals(key)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /** Whether these scopes read records of the entity (every scope on an entity reads it). */
    static boolean reads(Collection<String> scopes, EntityType entity) {
        for (String key : scopes) {
            if (fromKey(key).map(s -> s.entity == entity).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The role an authorisation with these scopes gives its app: the engine decides for apps as it
     * does for people. It lives only in the compiled policy, so nobody can widen it by editing roles.
     */
    static Role roleOf(UUID appId, String appName, Collection<String> scopes) {
        Map<EntityType, Map<Action, Grant>> entities = new EnumMap<>(EntityType.class);
        for (String key : scopes) {
            fromKey(key).filter(s -> s.entity != null).ifPresent(s -> {
                Map<Action, Grant> actions = entities.computeIfAbsent(s.entity, e -> new EnumMap<>(Action.class));
                actions.put(Action.READ, Grant.of(Level.ALL));
                if (s.write) {
                    actions.put(Action.CREATE, Grant.of(Level.ALL));
                    actions.put(Action.UPDATE, Grant.of(Level.ALL));
                }
            });
        }
        return new Role(
                new RoleId(appId),
                "App " + appName + " (" + String.join(" ", scopes) + ")",
                entities,
                Map.of(),
                Map.of(),
                Set.of());
    }
}
