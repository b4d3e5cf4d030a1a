package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import io.custodia.platform.JsonBodyValues;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every SCIM request must be before the SDK reads it, so that odd input is a SCIM 400 and
 * never reaches the SDK's own parsing, which would answer some of it with a 500: a body in UTF-8,
 * that is a JSON object, whose values keep the rules every JSON body's values keep ({@link
 * JsonBodyValues}); {@code startIndex} and {@code count} whole numbers.
 */
final class ScimRequestChecks {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,9}");

    private ScimRequestChecks() {}

    /** The body as text; a refusal when it is not UTF-8, not JSON, or holds a text that breaks the rules. */
    static String body(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            throw new ScimRefusal(400, ScimType.RFC7644.INVALID_SYNTAX, "the body is not UTF-8");
        }
        if (text.isBlank()) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JacksonException malformed) {
            throw new ScimRefusal(400, ScimType.RFC7644.INVALID_SYNTAX, "the body is not JSON");
        }
        if (!tree.isObject()) {
            throw new ScimRefusal(400, ScimType.RFC7644.INVALID_SYNTAX, "the body is not a JSON object");
        }
        // The rules every JSON body's values keep (the API's own check, one place).
        JsonBodyValues.problems(bytes, StandardCharsets.UTF_8).stream()
                .findFirst()
                .ifPresent(p -> {
                    throw ScimRefusal.invalidValue(p.field() + ": " + p.message());
                });
        JsonNode schemas = tree.get("schemas");
        if (schemas != null) {
            for (JsonNode schema : schemas) {
                if (!schema.isString() || !KNOWN_SCHEMAS.contains(schema.asString())) {
                    throw ScimRefusal.invalidValue("$.schemas: unknown schema " + clipped(schema.toString()));
                }
            }
        }
        return text;
    }

    /** The schemas a request may name: what this server serves and the requests it reads. */
    private static final Set<String> KNOWN_SCHEMAS = Set.of(
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:ietf:params:scim:schemas:core:2.0:Group",
            "urn:ietf:params:scim:api:messages:2.0:PatchOp",
            "urn:ietf:params:scim:api:messages:2.0:SearchRequest",
            "urn:ietf:params:scim:api:messages:2.0:BulkRequest");

    private static String clipped(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }

    /** Refuses a {@code startIndex} or {@code count} that is not a whole number the SDK can read. */
    static void paging(Map<String, String[]> parameters) {
        parameters.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("startindex") || lower.equals("count")) {
                for (String value : values) {
                    if (!WHOLE.matcher(value).matches()) {
                        throw ScimRefusal.invalidValue(name + ": expected a whole number");
                    }
                }
            }
        });
    }
}
