package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Grants that expire in the console: the forms set an end, and the lists show it, in both languages. */
class ConsoleGrantEndsTest extends ApiTest {
    private static final String END = "2099-12-31T18:00";

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void theAdministratorGivesARoleAShareAndAMembershipThatEnd(String lang) {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        boolean pt = lang.equals("pt-BR");
        Tenant t = newWorkspace();
        onePipeline(t);
        UUID ana = newUser(t, "ana@" + t.slug() + ".test", "Ana Lima");
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Fazenda Aurora")));
        String list = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", "Clientes-chave")));
        String save = pt ? "Salvar" : "Save";
        String until = (pt ? "até " : "until ") + END;
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn(lang, t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
            browser.open("/admin/assignments");
            browser.pick("as-user", "Ana Lima", ana.toString());
            browser.setValue("as-exp", END);
            browser.press(pt ? "Atribuir" : "Assign");
            assertThat(browser.text())
                    .contains(pt ? "Termina em (UTC)" : "Ends (UTC)")
                    .contains(END);

            browser.open("/deals/" + deal);
            browser.pick("s-user", "Ana Lima", ana.toString());
            browser.chooseValue("s-level", "READ");
            browser.setValue("s-exp", END);
            browser.pressNear("s-exp", save);
            assertThat(browser.text()).contains(until);

            // The owner's picker: typed, chosen among the matches, saved.
            browser.pick("f-owner", "ana@", ana.toString());
            browser.pressNear("f-owner", save);
            assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                            .json()
                            .get("ownerId")
                            .asString())
                    .isEqualTo(ana.toString());

            browser.open("/lists/" + list);
            browser.pick("lm-user", "Ana Lima", ana.toString());
            browser.chooseValue("lm-level", "VIEW");
            browser.setValue("lm-exp", END);
            browser.pressNear("lm-exp", save);
            assertThat(browser.text()).contains(until);
        }
        assertThat(api().get("/api/v1/role-assignments?userId=" + ana, t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .get("expiresAt")
                        .asString())
                .startsWith(END);
    }
}
