package io.custodia.access;

import static io.custodia.platform.ApiContract.json;
import static io.custodia.platform.ApiContract.ref;
import static io.custodia.platform.ApiContract.typed;

import io.custodia.policy.Action;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldAccess;
import io.custodia.policy.Level;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Roles in the OpenAPI document: the {@code Role} schema (as docs/access-model.md writes a role),
 * its record types, actions, levels and permissions taken from the engine's enums, on the
 * operations that read and write one role, and the pages of roles and role templates.
 */
@Component
class RoleContract implements OpenApiCustomizer {
    private static final Map<String, String> ANSWERS =
            Map.of("getRole", "200", "replaceRole", "200", "createRole", "201", "copyRole", "201");
    private static final Set<String> WRITES = Set.of("createRole", "replaceRole");
    private static final Set<String> LISTS = Set.of("listRoles", "listRoleTemplates");

    @Override
    public void customise(OpenAPI api) {
        Schema<Object> grant = typed("object")
                .addProperty("level", names(Level.values(), Level::name))
                .addProperty("condition", ref("Condition"));
        grant.setRequired(List.of("level"));
        Schema<Object> condition = typed("object")
                .description("All of, any of, or one comparison of a field with a value or values")
                .addProperty("all", typed("array").items(ref("Condition")))
                .addProperty("any", typed("array").items(ref("Condition")))
                .addProperty("field", typed("string"))
                .addProperty("op", typed("string"))
                .addProperty("value", typed("string", "number", "boolean", "null"))
                .addProperty("values", typed("array").items(typed("string", "number", "boolean", "null")));
        Schema<Object> byAction = typed("object");
        for (Action action : Action.values()) {
            byAction.addProperty(action.key(), ref("Grant"));
        }
        Schema<Object> entities = typed("object");
        Schema<Object> fields = typed("object");
        for (EntityType type : EntityType.values()) {
            entities.addProperty(type.key(), byAction);
            fields.addProperty(
                    type.key(), typed("object").additionalProperties(names(FieldAccess.values(), FieldAccess::name)));
        }
        Schema<Object> role = typed("object")
                .description("A role: grants per record type and action, per pipeline stage, field access and"
                        + " system permissions (docs/access-model.md)")
                .addProperty("id", typed("string").format("uuid"))
                .addProperty("template", typed("string", "null"))
                .addProperty("name", typed("string"))
                .addProperty("entities", entities)
                .addProperty("stages", typed("object").additionalProperties(byAction))
                .addProperty("fields", fields)
                .addProperty("system", typed("array").items(names(SystemPermission.values(), SystemPermission::key)));
        role.setRequired(List.of("name"));
        api.getComponents()
                .addSchemas("Grant", grant)
                .addSchemas("Condition", condition)
                .addSchemas("Role", role)
                .addSchemas(
                        "RoleItems",
                        typed("object").addProperty("items", typed("array").items(ref("Role"))));
        api.getPaths().values().forEach(item -> item.readOperations().forEach(this::typeRole));
    }

    private void typeRole(Operation operation) {
        if (LISTS.contains(operation.getOperationId())) {
            operation.getResponses().get("200").setContent(json(ref("RoleItems")));
            return;
        }
        String status = ANSWERS.get(operation.getOperationId());
        if (status == null) {
            return;
        }
        operation.getResponses().get(status).setContent(json(ref("Role")));
        if (WRITES.contains(operation.getOperationId())) {
            operation.setRequestBody(new RequestBody().required(true).content(json(ref("Role"))));
        }
    }

    private static <E> Schema<Object> names(E[] values, Function<E, String> name) {
        Schema<Object> schema = typed("string");
        schema.setEnum(new ArrayList<>(Arrays.stream(values).map(name).toList()));
        return schema;
    }
}
