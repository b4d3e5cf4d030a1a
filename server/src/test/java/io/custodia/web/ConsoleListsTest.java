package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed 004 in the console: an editor adds a new contact to a shared list, and an administrator hands
 * on the list of an owner who left the company.
 */
class ConsoleListsTest extends ApiTest {
    private Tenant tenant;
    private UUID olga;
    private UUID pedro;
    private String list;

    @BeforeEach
    void olgasList() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        olga = newUser(tenant, "olga@" + tenant.slug() + ".test", "Olga");
        pedro = newUser(tenant, "pedro@" + tenant.slug() + ".test", "Pedro");
        String olgaToken = login(tenant.slug(), "olga@" + tenant.slug() + ".test", PASSWORD);
        list = created(api().post("/api/v1/lists", olgaToken, Map.of("name", "Clientes da Olga")));
    }

    private void signIn(ConsoleBrowser browser, String lang, String email) {
        browser.signIn(lang, tenant.slug(), email, PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void anEditorAddsANewContactAndTheAdministratorHandsOnTheListOfTheOwnerWhoLeft(String lang) {
        boolean pt = lang.equals("pt-BR");
        UUID pedro = UUID.fromString(api().get("/api/v1/users?q=pedro@", tenant.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString());
        String olgaToken = login(tenant.slug(), "olga@" + tenant.slug() + ".test", PASSWORD);
        assertThat(api().send(
                                "PUT",
                                "/api/v1/lists/" + list + "/members/" + pedro,
                                olgaToken,
                                "application/json",
                                "{\"level\":\"EDIT\"}")
                        .status())
                .isEqualTo(200);
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, lang, "pedro@" + tenant.slug() + ".test");
            browser.open("/lists/" + list);
            browser.fill("ln-first", "Joana");
            browser.fill("ln-last", "Prado " + lang);
            browser.pressNear("ln-first", pt ? "Criar" : "Create");
            assertThat(browser.text()).contains("Joana Prado " + lang);
        }

        assertThat(api().patch("/api/v1/users/" + olga, tenant.adminToken(), Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, lang, "admin@" + tenant.slug() + ".test");
            browser.open("/lists");
            assertThat(browser.text())
                    .contains(pt ? "Listas de proprietários desativados" : "Lists of deactivated owners");
            browser.follow("Clientes da Olga");
            browser.pick("lt-user", "Pedro", pedro.toString());
            browser.pressNear("lt-user", pt ? "Transferir" : "Transfer");
            assertThat(browser.path()).isEqualTo("/lists");
        }
        assertThat(api().get(
                                "/api/v1/lists/" + list,
                                login(tenant.slug(), "pedro@" + tenant.slug() + ".test", PASSWORD))
                        .json()
                        .get("yourLevel")
                        .asString())
                .isEqualTo("OWNER");
    }
}
