package io.custodia.access;

import static io.custodia.platform.db.Tables.ROLE;
import static io.custodia.platform.db.Tables.ROLE_ASSIGNMENT;

import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Role;
import io.custodia.policy.RoleDocument;
import io.custodia.policy.RoleTemplates;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The roles of each workspace, stored as the engine's role documents. */
@Repository
public class Roles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;

    Roles(DSLContext db) {
        this.db = db;
    }

    /** Gives a new workspace its copies of the five templates; answers their ids by template name. */
    public Map<String, UUID> installTemplates(UUID workspaceId) {
        Map<String, UUID> ids = new LinkedHashMap<>();
        for (Role template : RoleTemplates.all()) {
            UUID id = UUID.randomUUID();
            Role copy = template.copy(new RoleId(id), template.name());
            db.insertInto(ROLE)
                    .set(ROLE.WORKSPACE_ID, workspaceId)
                    .set(ROLE.ID, id)
                    .set(ROLE.NAME, copy.name())
                    .set(ROLE.TEMPLATE_KEY, templateKey(template.name()))
                    .set(ROLE.BODY, JSONB.valueOf(JSON.writeValueAsString(RoleDocument.write(copy))))
                    .execute();
            ids.put(template.name(), id);
        }
        return ids;
    }

    /** Gives a role to one user. */
    public UUID assignPersonally(UUID workspaceId, UUID roleId, UUID userId) {
        UUID id = UUID.randomUUID();
        db.insertInto(ROLE_ASSIGNMENT)
                .set(ROLE_ASSIGNMENT.WORKSPACE_ID, workspaceId)
                .set(ROLE_ASSIGNMENT.ID, id)
                .set(ROLE_ASSIGNMENT.ROLE_ID, roleId)
                .set(ROLE_ASSIGNMENT.USER_ID, userId)
                .execute();
        return id;
    }

    /** Every role of the workspace, read back through the engine. */
    Map<RoleId, Role> all(UUID workspaceId) {
        Map<RoleId, Role> roles = new LinkedHashMap<>();
        db.select(ROLE.ID, ROLE.BODY)
                .from(ROLE)
                .where(ROLE.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> {
                    RoleId id = new RoleId(r.value1());
                    Object tree = JSON.readValue(r.value2().data(), Object.class);
                    // Stored bodies were validated on write; stages removed since then simply never match.
                    roles.put(id, RoleDocument.parse(id, tree, FieldCatalog.builtIn(), stage -> true));
                });
        return roles;
    }

    private static String templateKey(String name) {
        return name.toLowerCase(Locale.ROOT).replace(' ', '_');
    }
}
