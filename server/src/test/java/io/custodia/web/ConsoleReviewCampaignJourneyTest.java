package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An access review campaign in a real browser, in Portuguese and in English: the administrator
 * starts it from the access explorer, the head of Vendas revokes Bia's role from their own page,
 * the administrator closes it.
 */
class ConsoleReviewCampaignJourneyTest extends ApiTest {
    private Tenant tenant;

    @BeforeEach
    void vendasWithAHead() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        vendasWithAHead(tenant, "Bia Souza");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void theAdministratorStartsTheHeadRevokesTheAdministratorCloses(String lang) {
        boolean pt = lang.equals("pt-BR");
        String admin = "admin@" + tenant.slug() + ".test";
        String due = LocalDateTime.now(ZoneOffset.UTC)
                .plusDays(7)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn(lang, tenant.slug(), admin, PASSWORD);
            browser.open("/access");
            browser.follow(pt ? "Campanhas de revisão de acesso" : "Access review campaigns");
            browser.fill("rv-name", "Q4 " + lang);
            browser.choose("rv-kind", pt ? "Um departamento e os abaixo dele" : "A department and those below it");
            browser.choose("rv-dep", "Vendas");
            browser.setValue("rv-due", due);
            browser.press(pt ? "Iniciar a campanha" : "Start the campaign");
            assertThat(browser.heading()).isEqualTo("Q4 " + lang);
            assertThat(browser.text()).contains("Bia Souza", pt ? "Sem decisão" : "Undecided");
        }
        String helenas = login(tenant.slug(), "helena@" + tenant.slug() + ".test", PASSWORD);
        String campaign = api().get("/api/v1/access/reviews", helenas)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        String item = api().get("/api/v1/access/reviews/" + campaign + "/items", helenas)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn(lang, tenant.slug(), "helena@" + tenant.slug() + ".test", PASSWORD);
            browser.open("/access/reviews");
            browser.follow("Q4 " + lang);
            browser.fill("c-" + item, pt ? "saiu da auditoria" : "left the audit team");
            browser.pressNear("c-" + item, pt ? "Revogar" : "Revoke");
            assertThat(browser.text())
                    .contains(pt ? "Revogado" : "Revoked", pt ? "saiu da auditoria" : "left the audit team");
        }
        String bias = login(tenant.slug(), "bia@" + tenant.slug() + ".test", PASSWORD);
        assertThat(api().get("/api/v1/audit", bias).status()).isEqualTo(403);
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn(lang, tenant.slug(), admin, PASSWORD);
            browser.open("/access/reviews/" + campaign);
            browser.press(pt ? "Encerrar a campanha" : "Close the campaign");
            assertThat(browser.text()).contains(pt ? "Encerrada" : "Closed", pt ? "Resultado selado" : "Result sealed");
        }
    }
}
