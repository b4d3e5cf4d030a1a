package io.custodia.reliability;

import io.custodia.Api;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer as one line that is the same in every run of the same world: what differs from run to
 * run replaced by labels, and nothing else touched. That is the workspace's own names (its id, slug,
 * administrator, template roles); any other id that is not the world's (drawn from its seed), such
 * as an audit entry's, and the audit chain's hashes, each distinct one labelled in order of first
 * appearance; the times the server stamps with its clock, told from a world's (fixed, long past) by
 * being at or after the moment the workspace was made, labelled the same way (equal times stay
 * equal, different ones different); sealed cursors (a random nonce each); and the key order of the
 * maps answers build from a {@code Map.of} or {@code Map.copyOf}, whose iteration order is drawn
 * afresh in every JVM: a record page's {@code can} and a problem's field errors, put in the order
 * their code names the keys, and a role's {@code stages}, by stage id.
 */
final class AnswerLabels {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HASH = Pattern.compile("\"(hash|previousHash)\":\"([0-9a-f]{64})\"");
    private static final Pattern TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\":\"[^\"]+\"");
    private static final String TEXT = "\"((?:[^\"\\\\]|\\\\.)*)\"";

    /** A record page's {@code can} (TypeRights, a {@code Map.of}): its three keys in any order. */
    private static final Pattern PAGE_CAN = Pattern.compile(
            "\"can\":\\{\"(create|import|export)\":(true|false),\"(create|import|export)\":(true|false),"
                    + "\"(create|import|export)\":(true|false)}");

    /** A problem's field error (ProblemResponses, a {@code Map.of}): field and message in either order. */
    private static final Pattern FIELD_ERROR =
            Pattern.compile("\\{\"(field|message)\":" + TEXT + ",\"(field|message)\":" + TEXT + "}");

    /** A role's stage entries (Role keeps them in a {@code Map.copyOf}). */
    private static final String STAGES = "\"stages\":{";

    private final Map<String, String> names;
    private final Set<String> worlds;
    private final OffsetDateTime since;
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, String> hashes = new HashMap<>();
    private final Map<String, String> times = new HashMap<>();

    /**
     * @param names the workspace's own names (ids, slug) and their labels, replaced first to last
     * @param worlds the ids the world drew from its seed, kept as they are
     * @param since the moment before the workspace was made: times from then on are the server's clock's
     */
    AnswerLabels(Map<String, String> names, Set<String> worlds, OffsetDateTime since) {
        this.names = new LinkedHashMap<>(names);
        this.worlds = Set.copyOf(worlds);
        this.since = since;
    }

    /** The status, content type, entity tag and body, with run-to-run differences labelled. */
    String normal(Api.Response response) {
        String body = response.body() == null ? "" : response.body();
        for (Map.Entry<String, String> name : names.entrySet()) {
            body = body.replace(name.getKey(), name.getValue());
        }
        body = replace(ID, body, m -> worlds.contains(m.group()) ? m.group() : label(ids, "id", m.group()));
        body = replace(HASH, body, m -> "\"" + m.group(1) + "\":\"" + label(hashes, "hash", m.group(2)) + "\"");
        body = replace(TIME, body, m -> time(m.group()));
        body = NEXT_CURSOR.matcher(body).replaceAll("\"nextCursor\":\"<cursor>\"");
        body = replace(PAGE_CAN, body, AnswerLabels::pageCan);
        body = replace(FIELD_ERROR, body, AnswerLabels::fieldError);
        body = stagesById(body);
        String etag = response.header("ETag");
        return response.status() + " " + response.contentType() + (etag == null ? "" : " ETag " + etag) + " " + body;
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> by) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(by.apply(m)));
    }

    private static String label(Map<String, String> labels, String kind, String value) {
        return labels.computeIfAbsent(value, v -> "<" + kind + " " + (labels.size() + 1) + ">");
    }

    private String time(String text) {
        try {
            return OffsetDateTime.parse(text).isBefore(since) ? text : label(times, "now", text);
        } catch (DateTimeParseException notATime) {
            return text;
        }
    }

    /** The page's {@code can} with its keys in the order TypeRights names them. */
    private static String pageCan(MatchResult m) {
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i <= 5; i += 2) {
            values.put(m.group(i), m.group(i + 1));
        }
        if (values.size() < 3) {
            return m.group();
        }
        return "\"can\":{\"create\":" + values.get("create") + ",\"import\":" + values.get("import") + ",\"export\":"
                + values.get("export") + "}";
    }

    /** The field error with its field first, as ProblemResponses names them. */
    private static String fieldError(MatchResult m) {
        if (m.group(1).equals(m.group(3))) {
            return m.group();
        }
        boolean fieldFirst = m.group(1).equals("field");
        String field = fieldFirst ? m.group(2) : m.group(4);
        String message = fieldFirst ? m.group(4) : m.group(2);
        return "{\"field\":\"" + field + "\",\"message\":\"" + message + "\"}";
    }

    /** Each {@code "stages"} object's members sorted by key, their text as it is. */
    private static String stagesById(String body) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = body.indexOf(STAGES); at >= 0; at = body.indexOf(STAGES, from)) {
            int open = at + STAGES.length() - 1;
            int close = end(body, open);
            List<String> members = members(body.substring(open + 1, close));
            members.sort(null);
            out.append(body, from, open + 1).append(String.join(",", members)).append('}');
            from = close + 1;
        }
        return out.append(body.substring(from)).toString();
    }

    /** Where the JSON object or array opened at {@code open} closes (strings read as strings). */
    private static int end(String json, int open) {
        int depth = 0;
        boolean inText = false;
        for (int i = open; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inText) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inText = false;
                }
            } else if (c == '"') {
                inText = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed JSON at " + open + ": " + json);
    }

    /** The members of an object's inside ({@code "k":v,...}), each as its text. */
    private static List<String> members(String inside) {
        List<String> members = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < inside.length()) {
            char c = inside.charAt(i);
            if (c == '{' || c == '[' || c == '"') {
                i = c == '"' ? endOfText(inside, i) + 1 : end(inside, i) + 1;
            } else if (c == ',') {
                members.add(inside.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        if (start < inside.length()) {
            members.add(inside.substring(start));
        }
        return members;
    }

    private static int endOfText(String json, int open) {
        for (int i = open + 1; i < json.length(); i++) {
            if (json.charAt(i) == '\\') {
                i++;
            } else if (json.charAt(i) == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed text at " + open + ": " + json);
    }
}
