package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The access review schedule in a real browser, in Portuguese and in English: the administrator
 * goes from the campaigns page to the schedule, sets it (every 3 months over Vendas, undecided
 * items revoked, Helena reviewing, 14 days to decide), reads it back as the API answers it, and
 * stops it after confirming; the API then has none.
 */
class ConsoleReviewScheduleJourneyTest extends ApiTest {
    private static final String API = "/api/v1/access/review-schedule";
    private Tenant tenant;
    private Vendas vendas;

    @BeforeEach
    void vendasWithAHead() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        vendas = vendasWithAHead(tenant, "Bia Souza");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void theAdministratorSetsReadsAndStopsTheSchedule(String lang) {
        boolean pt = lang.equals("pt-BR");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn(lang, tenant.slug(), "admin@" + tenant.slug() + ".test", PASSWORD);
            browser.open("/access/reviews");
            browser.follow(
                    pt ? "Agenda: uma campanha a cada tantos meses" : "The schedule: a campaign every few months");
            assertThat(browser.text())
                    .contains(pt ? "Nenhuma agenda" : "No schedule", pt ? "Definir a agenda" : "Set the schedule");
            browser.fill("sch-every", "3");
            browser.choose("sch-kind", pt ? "Um departamento e os abaixo dele" : "A department and those below it");
            browser.pick("sch-dep", "Vendas", vendas.department());
            browser.choose("sch-timeout", pt ? "revogados" : "revoked");
            browser.pick("sch-reviewer", "Helena", vendas.helena().toString());
            browser.fill("sch-days", "14");
            browser.press(pt ? "Salvar a agenda" : "Save the schedule");
            assertThat(browser.refusal()).isNull();

            JsonNode schedule = api().get(API, tenant.adminToken()).json();
            assertThat(schedule.get("everyMonths").asInt()).isEqualTo(3);
            assertThat(schedule.get("scope").get("kind").asString()).isEqualTo("department");
            assertThat(schedule.get("scope").get("departmentId").asString()).isEqualTo(vendas.department());
            assertThat(schedule.get("onTimeout").asString()).isEqualTo("revoke");
            assertThat(schedule.get("reviewerId").asString())
                    .isEqualTo(vendas.helena().toString());
            assertThat(schedule.get("daysToDecide").asInt()).isEqualTo(14);
            assertThat(schedule.get("setBy").asString())
                    .isEqualTo(tenant.adminId().toString());
            assertThat(browser.text())
                    .contains(
                            pt ? "A cada 3 mês(es)" : "Every 3 month(s)",
                            "Vendas",
                            "Helena",
                            pt ? "revogados" : "revoked",
                            pt ? "Substituir a agenda" : "Replace the schedule");

            browser.follow(pt ? "Parar a agenda…" : "Stop the schedule…");
            assertThat(browser.text()).contains(pt ? "A cada 3 mês(es)" : "Every 3 month(s)", "Helena");
            assertThat(api().get(API, tenant.adminToken()).status())
                    .as("asking to confirm stops nothing")
                    .isEqualTo(200);
            browser.press(pt ? "Parar a agenda" : "Stop the schedule");
            assertThat(browser.text()).contains(pt ? "Nenhuma agenda" : "No schedule");
        }
        assertThat(api().get(API, tenant.adminToken()).status()).isEqualTo(404);
    }
}
