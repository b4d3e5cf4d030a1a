package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A salesperson's dashboard in Portuguese and English, through headless Chromium: the numbers of
 * her department's deals and none of another's, each report as a table with its chart drawn by
 * ECharts above it, and nothing refused by the page's Content-Security-Policy.
 */
class ConsoleDashboardTest extends ApiTest {
    private static final Path SHOTS = Path.of("target/screenshots");

    private Tenant tenant;

    @BeforeEach
    void aSalesTeam() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        List<String> stages = pipelineOf(tenant, "Vendas", "Prospecção:OPEN", "Proposta:OPEN", "Ganho:WON");
        UUID ana = newUser(tenant, "ana@" + tenant.slug() + ".test");
        UUID bruno = newUser(tenant, "bruno@" + tenant.slug() + ".test", "Bruno Lima");
        UUID carla = newUser(tenant, "carla@" + tenant.slug() + ".test");
        String south = department(tenant, "Sul");
        join(tenant, south, ana);
        join(tenant, south, bruno);
        join(tenant, department(tenant, "Norte"), carla);
        created(api().post(
                        "/api/v1/role-assignments",
                        tenant.adminToken(),
                        Map.of("roleId", roleId(tenant, "Salesperson"), "departmentId", south)));
        deal(ana, stages.get(0), 125000.5);
        deal(bruno, stages.get(1), 4000);
        deal(bruno, stages.get(2), 6000);
        deal(carla, stages.get(2), 777777);
    }

    private void deal(UUID owner, String stage, Number amount) {
        created(api().post(
                        "/api/v1/deals",
                        tenant.adminToken(),
                        Map.of(
                                "title",
                                "Deal " + amount,
                                "ownerId",
                                owner.toString(),
                                "stageId",
                                stage,
                                "amount",
                                amount,
                                "currency",
                                "BRL")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void aSalespersonSeesHerDepartmentsNumbersAsTablesAndCharts(String lang) throws Exception {
        boolean pt = lang.equals("pt-BR");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn(lang, tenant.slug(), "ana@" + tenant.slug() + ".test", PASSWORD);
            browser.follow(pt ? "Painel" : "Dashboard");
            assertThat(browser.heading()).isEqualTo(pt ? "Painel" : "Dashboard");
            assertThat(browser.text())
                    .contains(pt ? "Negócios que você pode ler: 3" : "Deals you may read: 3")
                    .contains(pt ? "Negócios por etapa" : "Deals per stage")
                    .contains("Prospecção")
                    .contains(pt ? "R$ 125.000,50" : "R$125,000.50")
                    .contains("Bruno Lima")
                    .contains(pt ? "Ganhos e perdidos por mês" : "Won and lost per month")
                    .contains(pt ? "Atividades abertas por vencimento" : "Open activities by due date")
                    // Carla's deal is in another department: neither counted nor summed.
                    .doesNotContain("777")
                    .doesNotContain("carla");
            // Four reports, each drawn as a chart over its table (the won one is this month's).
            assertThat(browser.count(".chart[data-chart] canvas")).isEqualTo(4);
            assertThat(browser.count("table#stages-table tbody tr")).isEqualTo(3);
            assertThat(browser.contentSecurityViolations()).isEmpty();
            browser.screenshot(SHOTS.resolve(lang + "-dashboard.png"));
        }
    }
}
