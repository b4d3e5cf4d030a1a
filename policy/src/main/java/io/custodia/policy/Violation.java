package io.custodia.policy;

import java.util.Arrays;
import java.util.List;

/**
 * One thing wrong with a role body: where (a dotted path) and what. What is an English template
 * whose {@code {0}}, {@code {1}}... stand for the arguments (keys and values as they were), so
 * that the server can write it in the caller's language; {@link #message()} is the English.
 */
public record Violation(String path, String template, List<String> args) {
    public Violation {
        args = List.copyOf(args);
    }

    public static Violation of(String path, String template, Object... args) {
        return new Violation(
                path, template, Arrays.stream(args).map(String::valueOf).toList());
    }

    /** The message in English. */
    public String message() {
        return english(template, args);
    }

    /** A template of the engine's with its arguments in place, as the English reads. */
    static String english(String template, List<String> args) {
        String text = template;
        for (int i = 0; i < args.size(); i++) {
            text = text.replace("{" + i + "}", args.get(i));
        }
        return text;
    }

    @Override
    public String toString() {
        return path + ": " + message();
    }
}
