package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The console speaks the browser's language (Portuguese or English) and has every word in both. */
class ConsoleLanguagesTest extends ApiTest {

    @Test
    void everyLabelHasAPortugueseAndAnEnglishText() throws IOException {
        Properties en = load("/i18n/messages.properties");
        Properties pt = load("/i18n/messages_pt_BR.properties");
        assertThat(pt.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        assertThat(en.stringPropertyNames()).hasSizeGreaterThan(300);
        // Translated, not copied: most Portuguese texts differ from the English ones.
        long same = en.stringPropertyNames().stream()
                .filter(k -> en.getProperty(k).equals(pt.getProperty(k)))
                .count();
        assertThat(same).isLessThan(en.size() / 20);
    }

    @Test
    void theSignInPageFollowsTheBrowsersLanguageUntilThePersonChooses() {
        Api.Response portuguese =
                api().send("GET", "/login", null, null, null, "Accept-Language", "pt-BR,pt;q=0.9,en;q=0.5");
        assertThat(portuguese.body()).contains("Entrar no Custodia").contains("lang=\"pt-BR\"");
        Api.Response english = api().send("GET", "/login", null, null, null, "Accept-Language", "en-GB");
        assertThat(english.body()).contains("Sign in to Custodia");
        Api.Response other = api().send("GET", "/login", null, null, null, "Accept-Language", "de-DE");
        assertThat(other.body()).contains("Sign in to Custodia");
        Api.Response chosen = api().send("GET", "/login?lang=en", null, null, null, "Accept-Language", "pt-BR");
        assertThat(chosen.body()).contains("Sign in to Custodia");
        assertThat(chosen.header("Set-Cookie")).contains("custodia-lang=en");
    }

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ConsoleLanguagesTest.class.getResourceAsStream(resource)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
