package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served OpenAPI document is a contract a client generator can use: it validates with
 * swagger-parser (0 messages), and every operation has a readable unique operation id, a summary,
 * a tag, typed success content, problems (RFC 9457) on its 4xx, and security unless it is public.
 * The document is written to {@code target/openapi.json} for other tools.
 */
class OpenApiContractTest extends ApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z]*");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private JsonNode document() throws Exception {
        Api.Response served = api().get("/v3/api-docs", null);
        assertThat(served.status()).isEqualTo(200);
        Files.writeString(Path.of("target", "openapi.json"), served.body());
        return JSON.readTree(served.body());
    }

    @Test
    void theDocumentValidatesAndEveryOperationKeepsTheContract() throws Exception {
        JsonNode document = document();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document.toString(), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's validation").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");

        assertThat(broken(document)).as("operations that break the contract").isEmpty();
        assertThat(document.get("paths").propertyNames()).hasSizeGreaterThan(80);
    }

    @Test
    void theCheckFindsAnOperationThatLostItsDescription() throws Exception {
        ObjectNode document = (ObjectNode) document();
        ObjectNode listDeals =
                (ObjectNode) document.get("paths").get("/api/v1/deals").get("get");
        listDeals.remove("summary");
        listDeals.put("operationId", "list_14");
        ((ObjectNode) listDeals.get("responses")).remove("400");
        ((ObjectNode) listDeals.get("responses")).remove("401");
        ((ObjectNode) listDeals.get("responses")).remove("403");
        ((ObjectNode) listDeals.get("responses")).remove("422");
        assertThat(broken(document))
                .contains(
                        "GET /api/v1/deals: operationId list_14 is not a readable name",
                        "GET /api/v1/deals: no summary",
                        "GET /api/v1/deals: no 4xx response");
    }

    /** What breaks the contract, one line per fault. */
    static List<String> broken(JsonNode document) {
        List<String> faults = new ArrayList<>();
        JsonNode license = document.path("info").path("license");
        if (!license.has("identifier") && !license.has("url")) {
            faults.add("info.license has neither identifier nor url");
        }
        JsonNode schemes = document.path("components").path("securitySchemes");
        if (!schemes.path("oauth2").path("flows").has("authorizationCode")) {
            faults.add("no oauth2 security scheme with the authorisation code flow");
        }
        boolean secured = document.path("security").size() > 0;
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            if (path.getKey().startsWith("/error")) {
                faults.add(path.getKey() + ": the error page is not an operation");
            }
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                if (METHODS.contains(entry.getKey())) {
                    operation(
                            document,
                            entry.getKey().toUpperCase() + " " + path.getKey(),
                            entry.getValue(),
                            secured,
                            ids,
                            faults);
                }
            }
        }
        return faults;
    }

    private static void operation(
            JsonNode document, String name, JsonNode op, boolean secured, Set<String> ids, List<String> faults) {
        String id = op.path("operationId").asString("");
        if (!OPERATION_ID.matcher(id).matches()) {
            faults.add(name + ": operationId " + id + " is not a readable name");
        } else if (!ids.add(id)) {
            faults.add(name + ": operationId " + id + " is not unique");
        }
        if (op.path("summary").asString("").isBlank()) {
            faults.add(name + ": no summary");
        }
        if (op.path("tags").isEmpty()
                || op.path("tags").valueStream().anyMatch(t -> t.asString().endsWith("-controller"))) {
            faults.add(name + ": no tag of its own");
        }
        if (!secured && !op.has("security")) {
            faults.add(name + ": no security");
        }
        boolean success = false;
        boolean clientError = false;
        for (Map.Entry<String, JsonNode> response : op.path("responses").properties()) {
            String status = response.getKey();
            JsonNode answer = resolve(document, response.getValue());
            if (status.startsWith("2")) {
                success = true;
                for (Map.Entry<String, JsonNode> media : answer.path("content").properties()) {
                    if (media.getKey().equals("*/*") || !typed(media.getValue().path("schema"))) {
                        faults.add(name + ": " + status + " " + media.getKey() + " is not typed");
                    }
                }
                if (status.equals("201") && !answer.path("headers").has("Location")) {
                    faults.add(name + ": 201 without Location");
                }
            }
            if (status.startsWith("4") || status.startsWith("5")) {
                clientError |= status.startsWith("4");
                JsonNode schema =
                        answer.path("content").path("application/problem+json").path("schema");
                if (!schema.path("$ref").asString("").equals("#/components/schemas/Problem")) {
                    faults.add(name + ": " + status + " is not a problem");
                }
            }
        }
        if (!success) {
            faults.add(name + ": no 2xx response");
        }
        if (!clientError) {
            faults.add(name + ": no 4xx response");
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        String ref = node.path("$ref").asString("");
        if (!ref.startsWith("#/")) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    /** A schema a generator turns into a type: a reference, an array of typed items, or a shaped object. */
    private static boolean typed(JsonNode schema) {
        if (schema.has("$ref")) {
            return true;
        }
        Set<String> types = new HashSet<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.valueStream().forEach(t -> types.add(t.asString()));
        } else if (type.isString()) {
            types.add(type.asString());
        }
        if (types.isEmpty()) {
            return false;
        }
        if (types.contains("array")) {
            return typed(schema.path("items"));
        }
        if (types.contains("object")) {
            return schema.has("properties") || typed(schema.path("additionalProperties"));
        }
        return true;
    }
}
