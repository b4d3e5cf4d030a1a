package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.OidcProvider;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In Chromium: "Entrar com a sua empresa" on the sign-in page, through a real provider, and back signed in. */
class ConsoleSsoJourneyTest extends ApiTest {
    @RegisterExtension
    static final OidcProvider provider = new OidcProvider();

    @Test
    void aPersonSignsInThroughTheCompanysProviderAndSomeoneWithoutAnAccountIsToldWhy() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        Tenant t = newWorkspace();
        provider.configure(api(), t, Map.of());
        String email = "ana@" + t.slug() + ".test";
        newUser(t, email, "Ana Lima");

        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            provider.answers(t, Map.of("email", email, "email_verified", true), null, 3600);
            browser.open("/login?lang=pt-BR");
            browser.fill("sso-email", email);
            browser.press("Entrar com a sua empresa");
            assertThat(browser.path()).isEqualTo("/");
            browser.open("/deals");
            assertThat(browser.path()).isEqualTo("/deals");
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            String stranger = "novo@" + t.slug() + ".test";
            provider.answers(t, Map.of("email", stranger, "email_verified", true), null, 3600);
            browser.open("/login?lang=pt-BR");
            browser.fill("sso-email", stranger);
            browser.press("Entrar com a sua empresa");
            assertThat(browser.path()).isEqualTo("/login");
            assertThat(browser.text()).contains("Você ainda não tem conta neste espaço de trabalho");
        }
    }
}
