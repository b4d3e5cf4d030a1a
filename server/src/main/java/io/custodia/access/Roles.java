package io.custodia.access;

import static io.custodia.platform.db.Tables.ROLE;
import static io.custodia.platform.db.Tables.ROLE_ASSIGNMENT;

import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Role;
import io.custodia.policy.RoleDocument;
import io.custodia.policy.RoleTemplates;
import io.custodia.policy.RoleTree;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The roles of each workspace, stored as the engine's role documents. */
@Repository
public class Roles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final FieldCatalogs catalogs;
    private final MessageSource messages;

    Roles(DSLContext db, FieldCatalogs catalogs, MessageSource messages) {
        this.db = db;
        this.catalogs = catalogs;
        this.messages = messages;
    }

    /**
     * Gives a new workspace its copies of the five templates, named in the language the workspace
     * was made in ("Vendedor" for a workspace made in Portuguese): the copies are the workspace's
     * own roles, renamed as its people like. Answers their ids by template name.
     */
    public Map<String, UUID> installTemplates(UUID workspaceId, Locale language) {
        Map<String, UUID> ids = new LinkedHashMap<>();
        for (Role template : RoleTemplates.all()) {
            UUID id = UUID.randomUUID();
            String name = messages.getMessage(
                    "roleTemplate." + templateKey(template.name()), null, template.name(), language);
            Role copy = template.copy(new RoleId(id), name);
            db.insertInto(ROLE)
                    .set(ROLE.WORKSPACE_ID, workspaceId)
                    .set(ROLE.ID, id)
                    .set(ROLE.NAME, copy.name())
                    .set(ROLE.TEMPLATE_KEY, templateKey(template.name()))
                    .set(ROLE.BODY, body(copy))
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

    /** A role as the API shows it: its id, whether it came from a template, and its engine document. */
    public record StoredRole(UUID id, String templateKey, Role role) {}

    public List<StoredRole> list(UUID workspaceId) {
        return db.select(ROLE.ID, ROLE.TEMPLATE_KEY, ROLE.BODY)
                .from(ROLE)
                .where(ROLE.WORKSPACE_ID.eq(workspaceId))
                .orderBy(ROLE.NAME, ROLE.ID)
                .fetch(r -> new StoredRole(
                        r.value1(), r.value2(), read(catalogs.catalogOf(workspaceId), r.value1(), r.value3())));
    }

    public Optional<StoredRole> find(UUID workspaceId, UUID id) {
        return db.select(ROLE.ID, ROLE.TEMPLATE_KEY, ROLE.BODY)
                .from(ROLE)
                .where(ROLE.WORKSPACE_ID.eq(workspaceId).and(ROLE.ID.eq(id)))
                .fetchOptional(r -> new StoredRole(
                        r.value1(), r.value2(), read(catalogs.catalogOf(workspaceId), r.value1(), r.value3())));
    }

    boolean exists(UUID workspaceId, UUID id) {
        return db.fetchExists(ROLE, ROLE.WORKSPACE_ID.eq(workspaceId).and(ROLE.ID.eq(id)));
    }

    void create(UUID workspaceId, Role role) {
        db.insertInto(ROLE)
                .set(ROLE.WORKSPACE_ID, workspaceId)
                .set(ROLE.ID, role.id().value())
                .set(ROLE.NAME, role.name())
                .set(ROLE.BODY, body(role))
                .execute();
    }

    void replace(UUID workspaceId, Role role) {
        db.update(ROLE)
                .set(ROLE.NAME, role.name())
                .set(ROLE.BODY, body(role))
                .set(ROLE.UPDATED_AT, OffsetDateTime.now())
                .where(ROLE.WORKSPACE_ID
                        .eq(workspaceId)
                        .and(ROLE.ID.eq(role.id().value())))
                .execute();
    }

    void delete(UUID workspaceId, UUID id) {
        db.deleteFrom(ROLE)
                .where(ROLE.WORKSPACE_ID.eq(workspaceId).and(ROLE.ID.eq(id)))
                .execute();
    }

    private static JSONB body(Role role) {
        return JSONB.valueOf(JSON.writeValueAsString(RoleTree.write(role)));
    }

    private static Role read(FieldCatalog catalog, UUID id, JSONB body) {
        return RoleDocument.readStored(new RoleId(id), JSON.readValue(body.data(), Object.class), catalog);
    }

    /** Every role of the workspace, read back through the engine. */
    Map<RoleId, Role> all(UUID workspaceId) {
        Map<RoleId, Role> roles = new LinkedHashMap<>();
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        db.select(ROLE.ID, ROLE.BODY)
                .from(ROLE)
                .where(ROLE.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> roles.put(new RoleId(r.value1()), read(catalog, r.value1(), r.value2())));
        return roles;
    }

    private static String templateKey(String name) {
        return name.toLowerCase(Locale.ROOT).replace(' ', '_');
    }
}
