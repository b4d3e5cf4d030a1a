package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Phrase;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Every phrase the engine can say has a text in the console's two languages, and the English one
 * is the engine's own: the API's English sentence and the console's never drift apart.
 */
class ExplanationPhrasesTest {

    private static Properties bundle(String name) throws IOException {
        Properties messages = new Properties();
        try (InputStream in = ExplanationPhrasesTest.class.getResourceAsStream("/i18n/" + name + ".properties")) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return messages;
    }

    @Test
    void eachCodeHasBothTextsAndTheEnglishIsTheEngines() throws IOException {
        Properties english = bundle("messages");
        Properties portuguese = bundle("messages_pt_BR");

        assertThat(Phrase.codes()).isNotEmpty();
        Phrase.codes().forEach((code, text) -> {
            assertThat(english.getProperty("explain." + code)).as(code).isEqualTo(text);
            assertThat(portuguese.getProperty("explain." + code)).as(code).isNotBlank();
        });
    }
}
