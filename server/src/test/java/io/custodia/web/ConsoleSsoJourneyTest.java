package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** In Chromium: "Entrar com a sua empresa" on the sign-in page, through a real provider, and back signed in. */
class ConsoleSsoJourneyTest extends ApiTest {
    static MockOAuth2Server provider;

    @BeforeAll
    static void startTheProvider() throws IOException {
        provider = new MockOAuth2Server();
        provider.start();
    }

    @AfterAll
    static void stopTheProvider() throws IOException {
        provider.shutdown();
    }

    @Test
    void aPersonSignsInThroughTheCompanysProviderAndSomeoneWithoutAnAccountIsToldWhy() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        Tenant t = newWorkspace();
        Api.Response saved = api().send(
                        "PUT",
                        "/api/v1/workspace/sso",
                        t.adminToken(),
                        "application/json",
                        Api.json(Map.of(
                                "issuer",
                                provider.issuerUrl(t.slug()).toString(),
                                "clientId",
                                "custodia",
                                "clientSecret",
                                "secret",
                                "domains",
                                List.of(t.slug() + ".test"))));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        String email = "ana@" + t.slug() + ".test";
        newUser(t, email, "Ana Lima");

        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                    t.slug(), "ana", "JWT", null, Map.of("email", email, "email_verified", true), 3600));
            browser.open("/login?lang=pt-BR");
            browser.fill("sso-email", email);
            browser.press("Entrar com a sua empresa");
            assertThat(browser.path()).isEqualTo("/");
            browser.open("/deals");
            assertThat(browser.path()).isEqualTo("/deals");
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            String stranger = "novo@" + t.slug() + ".test";
            provider.enqueueCallback(new DefaultOAuth2TokenCallback(
                    t.slug(), "novo", "JWT", null, Map.of("email", stranger, "email_verified", true), 3600));
            browser.open("/login?lang=pt-BR");
            browser.fill("sso-email", stranger);
            browser.press("Entrar com a sua empresa");
            assertThat(browser.path()).isEqualTo("/login");
            assertThat(browser.text()).contains("Você ainda não tem conta neste espaço de trabalho");
        }
    }
}
