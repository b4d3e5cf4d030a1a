package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The board in Chromium: a card dragged to another stage moves as its "Move to" form moves it,
 * each column counts and sums every deal the person may read, a deal changed meanwhile is not
 * moved over the change, and six stages fit a laptop's screen by scrolling and a phone's too.
 */
class ConsoleBoardTest extends ApiTest {

    @Test
    void aCardDraggedToAnotherStageMovesAndTheColumnsCountAndSumTheirDeals() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        Tenant t = newWorkspace();
        List<String> stages = pipelineOf(
                t,
                "Vendas",
                "Lead:OPEN",
                "Contato:OPEN",
                "Proposta:OPEN",
                "Negociação:OPEN",
                "Ganho:WON",
                "Perdido:LOST");
        String aurora = deal(t, "Fazenda Aurora", stages.get(0), "1000.50");
        String porto = deal(t, "Porto Norte", stages.get(0), "2000");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn("pt-BR", t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
            browser.open("/board");
            assertThat(browser.text()).contains("Negócios: 2 · R$ 3.000,50", "Negócios: 0", "Perdido");

            browser.drag(
                    "article[data-deal='" + aurora + "']",
                    ".cards[data-stage='" + stages.get(2) + "']",
                    "O negócio foi para a nova etapa.");
            assertThat(stageOf(t, aurora)).isEqualTo(stages.get(2));
            assertThat(browser.text()).contains("Negócios: 1 · R$ 2.000,00", "Negócios: 1 · R$ 1.000,50");

            // Someone else changes the deal after the board showed it: the move does not go over it.
            assertThat(api().patch("/api/v1/deals/" + porto, t.adminToken(), Map.of("title", "Porto Norte II"))
                            .status())
                    .isEqualTo(200);
            browser.choose("move-" + porto, "Ganho");
            browser.pressInPlace("move-" + porto, "Mover", "Alguém alterou este registro depois que você o abriu");
            assertThat(stageOf(t, porto)).isEqualTo(stages.get(0));
            assertThat(browser.contentSecurityViolations()).isEmpty();
        }
    }

    @Test
    void sixStagesScrollSidewaysOnALaptopAndTheNavigationStaysOneLineOnAPhone() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        Tenant t = newWorkspace();
        pipelineOf(t, "Vendas", "A:OPEN", "B:OPEN", "C:OPEN", "D:OPEN", "E:WON", "F:LOST");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.signIn("pt-BR", t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
            browser.resize(1366, 768);
            browser.open("/board");
            // Every column keeps its width; the board scrolls to the sixth instead of cutting it.
            assertThat(browser.measure("return Math.min(...Array.from(document.querySelectorAll('.column'),"
                            + " c => c.getBoundingClientRect().width))"))
                    .isGreaterThanOrEqualTo(239);
            assertThat(browser.measure(
                            "var b = document.querySelector('.board');" + " return b.scrollWidth - b.clientWidth"))
                    .isPositive();
            assertThat(browser.measure("return document.documentElement.scrollWidth - window.innerWidth"))
                    .isLessThanOrEqualTo(0);

            browser.resize(390, 844);
            browser.open("/board");
            // In one loaded CI run the menu measured two lines just after the page opened (54 px): the
            // assertions are of the layout once it has settled.
            browser.awaitLayout("var nav = document.querySelector('header nav');"
                    + " return nav.getBoundingClientRect().height"
                    + " < 2 * nav.querySelector('a').getBoundingClientRect().height + 8");
            long navHeight =
                    browser.measure("return document.querySelector('header nav').getBoundingClientRect().height");
            long linkHeight =
                    browser.measure("return document.querySelector('header nav a').getBoundingClientRect().height");
            assertThat(navHeight).isLessThan(2 * linkHeight + 8);
            assertThat(browser.measure("return document.documentElement.scrollWidth - window.innerWidth"))
                    .isLessThanOrEqualTo(0);
        }
    }

    private String deal(Tenant t, String title, String stage, String amount) {
        return created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", title, "stageId", stage, "amount", new BigDecimal(amount), "currency", "BRL")));
    }

    private String stageOf(Tenant t, String deal) {
        return api().get("/api/v1/deals/" + deal, t.adminToken())
                .json()
                .get("stageId")
                .asString();
    }
}
