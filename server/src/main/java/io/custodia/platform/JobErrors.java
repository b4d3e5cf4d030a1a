package io.custodia.platform;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Why a job failed or stopped, as its result keeps it (issue #28): {@code error} in English, for
 * whoever reads the table itself, and {@code errorText}, the words as a template with their
 * arguments, which a read writes as {@code error} in the reader's language.
 */
final class JobErrors {
    private static final String WORDS = "errorText";

    private JobErrors() {}

    /** A result saying only why the job ended. */
    static Map<String, Object> of(ProblemText why) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("error", why.toString());
        result.put(WORDS, why.stored());
        return result;
    }

    /**
     * The result as the reader reads it: its {@code error} in their language. Results kept before
     * (or by work that wrote its own error) keep their words as they are.
     */
    static JsonNode inLanguage(JsonNode result, Locale reader) {
        if (!(result instanceof ObjectNode object) || !object.has(WORDS)) {
            return result;
        }
        ObjectNode read = object.deepCopy();
        ProblemText.fromStored(read.remove(WORDS)).ifPresent(why -> read.put("error", why.in(reader)));
        return read;
    }
}
