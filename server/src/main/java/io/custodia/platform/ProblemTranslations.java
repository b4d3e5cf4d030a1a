package io.custodia.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Brazilian Portuguese of every problem text, in {@code i18n/problems_pt_BR.json}: each English
 * template (as written where the problem is raised) mapped to its pt-BR template with the same
 * placeholders. {@code ProblemTextsTest} fails when a template the code raises is missing here.
 */
public final class ProblemTranslations {
    static final String BUNDLE = "/i18n/problems_pt_BR.json";
    private static final Map<String, String> PT_BR = load();

    private ProblemTranslations() {}

    static String translate(String template, Locale locale) {
        if (!locale.getLanguage().equals("pt")) {
            return template;
        }
        return PT_BR.getOrDefault(template, template);
    }

    /** Every English template that has its pt-BR text. */
    public static Map<String, String> portuguese() {
        return PT_BR;
    }

    private static Map<String, String> load() {
        try (InputStream in = ProblemTranslations.class.getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is missing from the class path");
            }
            return Map.copyOf(JsonMapper.builder().build().readValue(in, new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
