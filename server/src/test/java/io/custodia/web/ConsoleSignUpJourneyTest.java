package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first visit to a server, in Portuguese and in English, through Debian's headless Chromium:
 * from the sign-in page to a new workspace, a refusal on the way, and the first sign-in.
 */
class ConsoleSignUpJourneyTest extends ApiTest {
    private static final Path SHOTS = Path.of("target/screenshots");

    @BeforeEach
    void aBrowser() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
    }

    @ParameterizedTest
    @CsvSource({
        "pt-BR, 'Ainda não tem um espaço de trabalho? Crie um', 'Criar o espaço de trabalho', 'Alguns valores não são válidos.', 'O espaço de trabalho está pronto', Entrar, Olá",
        "en, 'No workspace yet? Create one', 'Create the workspace', 'Some values are not valid.', 'The workspace is ready', 'Sign in', Hello"
    })
    void aVisitorCreatesTheFirstWorkspaceAndSignsInToIt(
            String lang, String link, String create, String invalid, String ready, String signIn, String hello)
            throws Exception {
        String slug = "journey-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.open("/login?lang=" + lang);
            browser.follow(link);
            assertThat(browser.path()).isEqualTo("/signup");

            browser.fill("name", "Acme Ltda");
            browser.fill("slug", slug);
            browser.fill("adminName", "Ana Souza");
            browser.fill("email", "ana@" + slug + ".test");
            browser.fill("password", "password");
            browser.press(create);
            // The API's refusal, on the same form, with what was typed kept.
            assertThat(browser.text()).contains(invalid).contains("admin.password");
            browser.screenshot(SHOTS.resolve(lang + "-signup-refused.png"));

            browser.fill("password", PASSWORD);
            browser.press(create);
            assertThat(browser.path()).isEqualTo("/login");
            assertThat(browser.text()).contains(ready);

            browser.fill("email", "ana@" + slug + ".test");
            browser.fill("password", PASSWORD);
            browser.press(signIn);
            assertThat(browser.text()).contains(hello + ", Ana Souza");
            assertThat(browser.contentSecurityViolations()).isEmpty();
        }
    }
}
