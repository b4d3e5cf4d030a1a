package io.custodia.records;

import static io.custodia.platform.ApiContract.json;
import static io.custodia.platform.ApiContract.ref;
import static io.custodia.platform.ApiContract.typed;

import io.custodia.policy.BuiltInField;
import io.custodia.policy.EntityType;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * The records' part of the OpenAPI document, derived from the registry ({@link EntityType}): the
 * handlers serve {@code /api/v1/{type}} for every type, and the document lists one path per type
 * instead ({@code /api/v1/deals}), with operation ids, tags and schemas of that type: {@code Deal}
 * (the record as answered, built-in fields typed, custom fields a map), {@code DealInput} and
 * {@code DealPage}. A type added to the registry appears here without more code.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RecordContract implements OpenApiCustomizer {
    private static final String TEMPLATE = "/api/v1/{type}";

    @Override
    public void customise(OpenAPI api) {
        for (EntityType type : EntityType.values()) {
            schemas(api, type);
        }
        Paths expanded = new Paths();
        api.getPaths().forEach((path, item) -> {
            if (!path.startsWith(TEMPLATE)) {
                expanded.addPathItem(path, item);
                return;
            }
            boolean comments = path.contains("/comments");
            for (EntityType type : comments ? EntityType.standalone() : List.of(EntityType.values())) {
                expanded.addPathItem("/api/v1/" + type.path() + path.substring(TEMPLATE.length()), forType(item, type));
            }
        });
        api.setPaths(expanded);
        // The recycle bin names the type in its path too: one of the registry's paths.
        PathItem restore = api.getPaths().get("/api/v1/trash/{type}/{id}/restore");
        if (restore != null) {
            restore.readOperations()
                    .forEach(o -> o.getParameters().stream()
                            .filter(p -> p.getName().equals("type"))
                            .forEach(p -> p.setSchema(typePaths())));
        }
    }

    private static Schema<Object> typePaths() {
        Schema<Object> paths = typed("string");
        paths.setEnum(new ArrayList<>(List.of(EntityType.PATHS.split("\\|"))));
        return paths;
    }

    /** A copy of the template's operations, for one type. */
    private static PathItem forType(PathItem template, EntityType type) {
        PathItem item = Json31.mapper().convertValue(template, PathItem.class);
        String one = singular(type);
        String many = capitalised(type.path());
        item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getParameters() != null) {
                operation.getParameters().removeIf(p -> p.getName().equals("type") && "path".equals(p.getIn()));
            }
            operation.setOperationId(operation
                    .getOperationId()
                    .replace("Records", many)
                    .replace("Record", one)
                    .replace("Comment", one + "Comment"));
            operation.setSummary(operation
                    .getSummary()
                    .replace("records", type.path())
                    .replace("a record's", "a " + type.key() + "'s")
                    .replace("a record", "a " + type.key()));
            if (operation.getTags() != null && operation.getTags().contains("Records")) {
                operation.setTags(List.of(many));
            }
            typeAnswers(operation, type);
        });
        return item;
    }

    /** Bodies and answers of the record itself take the type's schemas; its version is the ETag. */
    private static void typeAnswers(Operation operation, EntityType type) {
        String one = singular(type);
        String id = operation.getOperationId();
        Header etag =
                new Header().description("The record's version, for If-Match").schema(typed("string"));
        if (id.equals("create" + one) || id.equals("update" + one)) {
            operation.setRequestBody(new RequestBody().required(true).content(json(ref(one + "Input"))));
        }
        if (id.equals("create" + one) || id.equals("update" + one) || id.equals("get" + one)) {
            String status = id.startsWith("create") ? "201" : "200";
            ApiResponse answer = operation.getResponses().get(status);
            answer.setContent(json(ref(one)));
            answer.addHeaderObject(HttpHeaders.ETAG, etag);
        }
        if (id.equals("list" + capitalised(type.path()))) {
            operation.getResponses().get("200").setContent(json(ref(one + "Page")));
        }
        if (id.equals("import" + capitalised(type.path()))) {
            operation.getResponses().get("200").setContent(json(ref("ImportResult")));
            operation
                    .getResponses()
                    .addApiResponse(
                            "202",
                            new ApiResponse()
                                    .description("With async=true: the import runs as a job; Location names it")
                                    .addHeaderObject(HttpHeaders.LOCATION, new Header().schema(typed("string")))
                                    .content(json(ref("Job"))));
        }
        if (id.equals("export" + capitalised(type.path()))) {
            operation
                    .getResponses()
                    .get("200")
                    .setContent(new Content().addMediaType("text/csv", new MediaType().schema(typed("string"))));
        }
    }

    private static void schemas(OpenAPI api, EntityType type) {
        String one = singular(type);
        Schema<Object> record = typed("object")
                .description("A " + type.key() + " as the caller may see it: a field it may not read is left out")
                .addProperty("id", uuid());
        record.addProperty("ownerId", uuid());
        Schema<Object> input = typed("object")
                .description("A " + type.key() + "'s fields to set; a create needs "
                        + String.join(", ", type.keys(BuiltInField.Trait.REQUIRED)))
                .addProperty("ownerId", uuid());
        for (BuiltInField field : type.fields()) {
            record.addProperty(field.key(), field(field));
            input.addProperty(field.key(), field(field));
        }
        record.addProperty("fields", customFields());
        input.addProperty("fields", customFields());
        if (type == EntityType.DEAL) {
            record.addProperty("contactIds", typed("array").items(uuid()));
            input.addProperty("contactIds", typed("array").items(uuid()));
        }
        record.addProperty("version", typed("integer").format("int64"));
        record.addProperty("createdAt", typed("string").format("date-time"));
        record.addProperty("updatedAt", typed("string").format("date-time"));
        Schema<Object> can = typed("object")
                .description("What the caller may do with the record, as the engine decides")
                .addProperty("update", typed("boolean"))
                .addProperty("delete", typed("boolean"))
                .addProperty("share", typed("boolean"))
                .addProperty("comment", typed("boolean"));
        if (type == EntityType.CONTACT) {
            can.addProperty("list", typed("boolean").description("Whether the caller may put it on a shared list"));
        }
        record.addProperty("can", can);
        record.setRequired(List.of("id"));
        Schema<Object> page = typed("object")
                .addProperty("items", typed("array").items(ref(one)))
                .addProperty("nextCursor", typed("string").description("Absent on the last page"))
                .addProperty(
                        "can",
                        typed("object")
                                .description("What the caller may do with records of the type, as the engine decides")
                                .addProperty("create", typed("boolean"))
                                .addProperty("import", typed("boolean"))
                                .addProperty("export", typed("boolean")));
        page.setRequired(List.of("items", "can"));
        api.getComponents()
                .addSchemas(one, record)
                .addSchemas(one + "Input", input)
                .addSchemas(one + "Page", page);
        if (!api.getComponents().getSchemas().containsKey("ImportResult")) {
            Schema<Object> failure =
                    typed("object").addProperty("line", typed("integer")).addProperty("message", typed("string"));
            api.getComponents()
                    .addSchemas(
                            "ImportResult",
                            typed("object")
                                    .addProperty("created", typed("integer"))
                                    .addProperty("failed", typed("array").items(failure)));
            api.getComponents()
                    .addSchemas(
                            "Job",
                            typed("object")
                                    .addProperty("id", uuid())
                                    .addProperty("state", typed("string"))
                                    .addProperty("done", typed("integer"))
                                    .addProperty("total", typed("integer")));
        }
    }

    /** A built-in field's value as JSON carries it; null when empty. */
    private static Schema<Object> field(BuiltInField field) {
        return switch (field.kind()) {
            case TEXT -> typed("string", "null").maxLength(field.maxLength());
            case CHOICE -> {
                Schema<Object> choice = typed("string", "null");
                List<Object> values = new ArrayList<>(field.choices());
                values.add(null);
                choice.setEnum(values);
                yield choice;
            }
            case NUMBER -> typed("number", "null");
            case TIMESTAMP -> typed("string", "null").format("date-time");
            case BOOLEAN -> typed("boolean", "null");
            case REFERENCE -> typed("string", "null").format("uuid");
        };
    }

    /** Custom fields by key (GET /api/v1/fields lists them); a value is text, a number, a boolean or null. */
    private static Schema<Object> customFields() {
        Schema<Object> fields = typed("object").description("Custom fields by key");
        fields.setAdditionalProperties(typed("string", "number", "boolean", "null"));
        return fields;
    }

    private static Schema<Object> uuid() {
        return typed("string").format("uuid");
    }

    private static String singular(EntityType type) {
        return capitalised(type.key());
    }

    private static String capitalised(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
