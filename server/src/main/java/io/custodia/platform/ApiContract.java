package io.custodia.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;

/**
 * What the OpenAPI document says of every operation beyond its handler's own description: the
 * problems (RFC 9457) it may answer, each with the {@code Problem} schema; {@code Location} on a
 * 201; {@code Idempotency-Key} on creating POSTs; and that signing up and signing in need no
 * token. Documentation only: no answer changes.
 */
public final class ApiContract {
    public static final String BEARER = "bearer";
    public static final String PROBLEM = "Problem";

    /** Every problem status an operation may declare, with what it means (docs/api.md, "Errors"). */
    private static final Map<String, String> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put(
                "400",
                "Malformed request: bad JSON, a wrong type, an unknown property, a bad limit or cursor, bytes that are not UTF-8");
        PROBLEMS.put("401", "No or bad credentials");
        PROBLEMS.put("403", "A missing permission or app scope; detail names it");
        PROBLEMS.put("404", "An unknown id, an id of another workspace, or one the caller may not read");
        PROBLEMS.put("409", "A conflict: a taken name, a changed version, an idempotent request still running");
        PROBLEMS.put("413", "A body over the size limit");
        PROBLEMS.put("415", "A media type the operation does not take");
        PROBLEMS.put("422", "A value that breaks a rule; errors name the fields");
        PROBLEMS.put("429", "Too many failed sign-ins; Retry-After says when to try again");
    }

    /** Operations anyone may call, without a token. */
    private static final Set<String> PUBLIC = Set.of("signUp", "signIn");

    private ApiContract() {}

    /** A JSON Schema (OpenAPI 3.1) of these types, {@code "null"} among them for a nullable value. */
    public static Schema<Object> typed(String... types) {
        Schema<Object> schema = new JsonSchema();
        schema.setTypes(new LinkedHashSet<>(List.of(types)));
        return schema;
    }

    /** A reference to a schema of the document's components. */
    public static Schema<Object> ref(String schema) {
        Schema<Object> ref = new JsonSchema();
        ref.set$ref("#/components/schemas/" + schema);
        return ref;
    }

    /** JSON content of this schema. */
    public static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }

    static void declareProblems(OpenAPI api) {
        Schema<Object> fieldError =
                typed("object").addProperty("field", typed("string")).addProperty("message", typed("string"));
        fieldError.setRequired(List.of("field", "message"));
        Schema<Object> problem = typed("object")
                .description("RFC 9457 problem details")
                .addProperty("type", typed("string"))
                .addProperty("title", typed("string"))
                .addProperty("status", typed("integer"))
                .addProperty("detail", typed("string"))
                .addProperty("errors", typed("array").items(ref("FieldError")))
                .addProperty(
                        "secondFactorRequired",
                        typed("boolean")
                                .description("sign-in only: the password was right, and a code or recovery code"
                                        + " is wanted (or the one sent was wrong)"));
        problem.setRequired(List.of("type", "title", "status", "detail"));
        api.getComponents().addSchemas("FieldError", fieldError).addSchemas(PROBLEM, problem);
        PROBLEMS.forEach((status, why) -> api.getComponents()
                .addResponses(
                        "Problem" + status,
                        new ApiResponse()
                                .description(why)
                                .content(new Content()
                                        .addMediaType(
                                                "application/problem+json", new MediaType().schema(ref(PROBLEM))))));
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    declare(path, method, operation);
                }));
    }

    private static void declare(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        boolean anonymous = PUBLIC.contains(operation.getOperationId());
        if (anonymous) {
            operation.setSecurity(List.of());
        }
        boolean body = operation.getRequestBody() != null;
        boolean changes = method != PathItem.HttpMethod.GET;
        problem(responses, "400", true);
        problem(responses, "401", !anonymous);
        problem(responses, "403", true);
        problem(responses, "404", path.contains("{"));
        problem(responses, "409", changes);
        problem(responses, "413", body);
        problem(responses, "415", body);
        problem(
                responses,
                "422",
                body
                        || (operation.getParameters() != null
                                && !operation.getParameters().isEmpty()));
        problem(responses, "429", operation.getOperationId().equals("signIn"));
        ApiResponse created = responses.get("201");
        if (created != null) {
            created.addHeaderObject(
                    HttpHeaders.LOCATION,
                    new Header().description("Where the created thing is").schema(typed("string")));
            if (method == PathItem.HttpMethod.POST && !anonymous) {
                operation.addParametersItem(new Parameter()
                        .in("header")
                        .name(IdempotencyFilter.HEADER)
                        .description("1 to 200 characters; the same key with the same body answers the first"
                                + " answer again and creates nothing (docs/api.md, \"Idempotent creates\")")
                        .required(false)
                        .schema(typed("string").minLength(1).maxLength(200)));
            }
        }
    }

    private static void problem(ApiResponses responses, String status, boolean applies) {
        if (applies && !responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref("#/components/responses/Problem" + status));
        }
    }
}
