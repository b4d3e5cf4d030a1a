package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seed 002 in the console: an administrator gives a role to the heads of a department only. */
class ConsoleHeadsTest extends ApiTest {
    private Tenant tenant;
    private String vendas;
    private String anaToken;
    private String brunoToken;
    private String deal;

    @BeforeEach
    void salesWithAHead() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        vendas = department(tenant, "Vendas");
        UUID ana = newUser(tenant, "ana@" + tenant.slug() + ".test");
        UUID bruno = newUser(tenant, "bruno@" + tenant.slug() + ".test");
        put(tenant, "/api/v1/departments/" + vendas + "/members/" + ana, "{\"head\": true}");
        join(tenant, vendas, bruno);
        created(api().post(
                        "/api/v1/roles",
                        tenant.adminToken(),
                        Map.of(
                                "name",
                                "Chefes veem tudo",
                                "entities",
                                Map.of("deal", Map.of("read", Map.of("level", "ALL"))))));
        anaToken = login(tenant.slug(), "ana@" + tenant.slug() + ".test", PASSWORD);
        brunoToken = login(tenant.slug(), "bruno@" + tenant.slug() + ".test", PASSWORD);
        onePipeline(tenant);
        deal = created(api().post("/api/v1/deals", tenant.adminToken(), Map.of("title", "Fazenda Aurora")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void theAdministratorGivesTheRoleToTheHeadsOfVendasAndOnlyTheHeadReadsTheDeal(String lang) {
        boolean pt = lang.equals("pt-BR");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn(lang, tenant.slug(), "admin@" + tenant.slug() + ".test", PASSWORD);
            browser.open("/admin/assignments");
            browser.choose("as-role", "Chefes veem tudo");
            browser.check("to", "heads");
            browser.pick("as-dep", "Vendas", vendas);
            browser.press(pt ? "Atribuir" : "Assign");
            assertThat(browser.text()).contains((pt ? "Chefes do departamento" : "Heads of department") + ": Vendas");
        }
        assertThat(api().get("/api/v1/deals/" + deal, anaToken).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/deals/" + deal, brunoToken).status()).isEqualTo(404);
    }
}
