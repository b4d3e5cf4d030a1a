package io.custodia.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The words of a problem the API answers, kept as an English template with its arguments so that
 * they are written in the caller's language only where the problem is written (see "Errors" in
 * docs/api.md). {@code {0}}, {@code {1}}... in the template stand for the arguments: ids, names,
 * keys and values are quoted as they are, never translated, while an argument that is itself a
 * {@code ProblemText} is translated too. The English template is its own key in {@link
 * ProblemTranslations}; a template with no translation reads in English rather than failing.
 */
public final class ProblemText {
    private final String template;
    private final List<Object> args;

    private ProblemText(String template, List<Object> args) {
        this.template = template;
        this.args = args;
    }

    /** A template (an English literal, never words built by concatenation) and its arguments. */
    public static ProblemText of(String template, Object... args) {
        List<Object> kept = new ArrayList<>(args.length);
        for (Object arg : args) {
            kept.add(arg instanceof ProblemText ? arg : String.valueOf(arg));
        }
        return new ProblemText(template, Collections.unmodifiableList(kept));
    }

    /** Several texts as one, each in the reader's language, separated by commas. */
    public static ProblemText joined(List<ProblemText> texts) {
        StringBuilder template = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            template.append(i == 0 ? "" : ", ").append('{').append(i).append('}');
        }
        return new ProblemText(template.toString(), List.copyOf(texts));
    }

    /** The words in this language (English unless a translation exists). */
    public String in(Locale locale) {
        String words = ProblemTranslations.translate(template, locale);
        if (args.isEmpty()) {
            return words;
        }
        StringBuilder out = new StringBuilder(words.length() + 32);
        int i = 0;
        while (i < words.length()) {
            int open = words.indexOf('{', i);
            int close = open < 0 ? -1 : words.indexOf('}', open);
            if (close < 0) {
                out.append(words, i, words.length());
                break;
            }
            out.append(words, i, open);
            int index = index(words.substring(open + 1, close));
            if (index >= 0 && index < args.size()) {
                Object arg = args.get(index);
                out.append(arg instanceof ProblemText text ? text.in(locale) : arg);
                i = close + 1;
            } else {
                out.append('{');
                i = open + 1;
            }
        }
        return out.toString();
    }

    /**
     * The template and its arguments as JSON can hold them, for words kept to be read later (a job's
     * outcome): {@code {"template": "...", "args": ["...", {"template": ...}]}}.
     */
    public Map<String, Object> stored() {
        List<Object> kept = new ArrayList<>(args.size());
        for (Object arg : args) {
            kept.add(arg instanceof ProblemText text ? text.stored() : arg);
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("template", template);
        stored.put("args", kept);
        return stored;
    }

    /** The words {@link #stored()} kept; empty when {@code node} is not such words. */
    public static Optional<ProblemText> fromStored(JsonNode node) {
        if (node == null
                || !node.isObject()
                || !node.path("template").isString()
                || !node.path("args").isArray()) {
            return Optional.empty();
        }
        List<Object> kept = new ArrayList<>();
        for (JsonNode arg : node.get("args")) {
            if (arg.isObject()) {
                Optional<ProblemText> text = fromStored(arg);
                if (text.isEmpty()) {
                    return Optional.empty();
                }
                kept.add(text.get());
            } else {
                kept.add(arg.asString());
            }
        }
        return Optional.of(new ProblemText(node.get("template").asString(), Collections.unmodifiableList(kept)));
    }

    /** In English, for logs and for the few places that keep a problem's words (a job's outcome). */
    @Override
    public String toString() {
        return in(Locale.ENGLISH);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProblemText text && template.equals(text.template) && args.equals(text.args);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {template, args});
    }

    private static int index(String digits) {
        if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(digits);
    }
}
