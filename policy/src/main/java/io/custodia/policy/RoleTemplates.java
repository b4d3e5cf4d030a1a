package io.custodia.policy;

import io.custodia.policy.Ids.RoleId;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** The five built-in roles of access-model section 2 (seed 001), which every workspace starts with. */
public final class RoleTemplates {
    private RoleTemplates() {}

    public static final String ADMINISTRATOR = "Administrator";
    public static final String MANAGER = "Manager";
    public static final String SALESPERSON = "Salesperson";
    public static final String CUSTOMER_SERVICE = "Customer service";
    public static final String READ_ONLY = "Read only";

    /** The pristine templates, with stable ids derived from their names. */
    public static List<Role> all() {
        return List.of(administrator(), manager(), salesperson(), customerService(), readOnly());
    }

    public static Role administrator() {
        return role(
                ADMINISTRATOR,
                e -> levels(Level.ALL, Level.ALL, Level.ALL, Level.ALL, Level.ALL),
                EnumSet.allOf(SystemPermission.class));
    }

    public static Role manager() {
        return role(MANAGER, e -> levels(Level.ALL, Level.ALL, Level.ALL, Level.SUBDEPARTMENTS, Level.ALL), Set.of());
    }

    public static Role salesperson() {
        return role(SALESPERSON, e -> levels(Level.DEPARTMENT, Level.OWN, Level.OWN, Level.NONE, Level.NONE), Set.of());
    }

    public static Role customerService() {
        return role(
                CUSTOMER_SERVICE,
                e -> {
                    // Logs activities and adds notes (the records that belong to another), changes nothing else.
                    Level write = e.standsAlone() ? Level.NONE : Level.OWN;
                    return levels(Level.ALL, write, write, Level.NONE, Level.NONE);
                },
                Set.of());
    }

    public static Role readOnly() {
        return role(READ_ONLY, e -> levels(Level.ALL, Level.NONE, Level.NONE, Level.NONE, Level.NONE), Set.of());
    }

    private static Map<Action, Grant> levels(Level read, Level create, Level update, Level delete, Level exportImport) {
        Map<Action, Grant> byAction = new EnumMap<>(Action.class);
        byAction.put(Action.READ, Grant.of(read));
        byAction.put(Action.CREATE, Grant.of(create));
        byAction.put(Action.UPDATE, Grant.of(update));
        byAction.put(Action.DELETE, Grant.of(delete));
        byAction.put(Action.EXPORT, Grant.of(exportImport));
        byAction.put(Action.IMPORT, Grant.of(exportImport));
        return byAction;
    }

    private static Role role(
            String name, Function<EntityType, Map<Action, Grant>> perEntity, Set<SystemPermission> system) {
        Map<EntityType, Map<Action, Grant>> entities = new EnumMap<>(EntityType.class);
        for (EntityType entity : EntityType.values()) {
            entities.put(entity, perEntity.apply(entity));
        }
        RoleId id = new RoleId(UUID.nameUUIDFromBytes(("custodia-template:" + name).getBytes(StandardCharsets.UTF_8)));
        return new Role(id, name, entities, Map.of(), Map.of(), system);
    }
}
