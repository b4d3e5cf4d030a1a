package io.custodia.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

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
