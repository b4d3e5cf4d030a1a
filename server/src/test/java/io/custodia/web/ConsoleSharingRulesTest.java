package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sharing rules in the console, in both languages: created, edited and deleted by an administrator. */
class ConsoleSharingRulesTest extends ApiTest {
    private Tenant tenant;
    private String anaToken;
    private String deal;
    private String vendas;
    private String marketing;

    @BeforeEach
    void anaInVendasBrunoInMarketing() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        onePipeline(tenant);
        vendas = department(tenant, "Vendas");
        marketing = department(tenant, "Marketing");
        UUID ana = newUser(tenant, "ana@" + tenant.slug() + ".test");
        UUID bruno = newUser(tenant, "bruno@" + tenant.slug() + ".test");
        join(tenant, vendas, ana);
        join(tenant, marketing, bruno);
        created(api().post(
                        "/api/v1/role-assignments",
                        tenant.adminToken(),
                        Map.of("roleId", roleId(tenant, "Salesperson"), "everyone", true)));
        anaToken = login(tenant.slug(), "ana@" + tenant.slug() + ".test", PASSWORD);
        String brunoToken = login(tenant.slug(), "bruno@" + tenant.slug() + ".test", PASSWORD);
        deal = created(api().post("/api/v1/deals", brunoToken, Map.of("title", "Campanha")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void theAdministratorSharesMarketingsDealsWithVendasThenLetsThemEditThenDeletesTheRule(String lang) {
        boolean pt = lang.equals("pt-BR");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn(lang, tenant.slug(), "admin@" + tenant.slug() + ".test", PASSWORD);
            browser.open("/admin/sharing-rules");
            assertThat(browser.heading()).isEqualTo(pt ? "Regras de compartilhamento" : "Sharing rules");
            browser.fill("sr-name", "Marketing para Vendas");
            browser.choose("sr-entity", pt ? "Negócio" : "Deal");
            browser.check("from", "department");
            browser.pick("sr-from-dep", "Market", marketing);
            browser.check("to", "department");
            browser.pick("sr-to-dep", "Vend", vendas);
            browser.press(pt ? "Salvar" : "Save");
            assertThat(browser.text()).contains("Marketing para Vendas", pt ? "Salvo." : "Saved.");
            assertThat(api().get("/api/v1/deals/" + deal, anaToken).status()).isEqualTo(200);
            assertThat(api().patch("/api/v1/deals/" + deal, anaToken, Map.of("title", "Minha"))
                            .status())
                    .isEqualTo(403);

            browser.follow("Marketing para Vendas");
            // The rule's page holds what it was saved with: each picker shows its choice.
            assertThat(browser.text()).contains("Marketing", "Vendas");
            browser.choose("sr-level", pt ? "Ler e editar" : "Read and edit");
            browser.press(pt ? "Salvar" : "Save");
            assertThat(browser.text()).contains(pt ? "Salvo." : "Saved.");
            assertThat(api().patch("/api/v1/deals/" + deal, anaToken, Map.of("title", "Nossa"))
                            .status())
                    .isEqualTo(200);

            browser.press(pt ? "Excluir" : "Delete");
            assertThat(browser.text()).contains(pt ? "Removido." : "Removed.");
        }
        assertThat(api().get("/api/v1/deals/" + deal, anaToken).status()).isEqualTo(404);
    }
}
