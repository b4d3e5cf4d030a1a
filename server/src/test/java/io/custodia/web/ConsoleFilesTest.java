package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A record list's CSV in the console: exported as a download, imported from a file with the job's progress. */
class ConsoleFilesTest extends ApiTest {
    private Tenant tenant;

    @BeforeEach
    void aWorkspaceWithADeal() {
        tenant = newWorkspace();
        onePipeline(tenant);
        created(api().post("/api/v1/deals", tenant.adminToken(), Map.of("title", "Fazenda Aurora", "amount", 10)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void anImportUploadedOnTheListShowsItsJobUntilItSaysWhatBecameOfEachLine(String lang) throws Exception {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        boolean pt = lang.equals("pt-BR");
        // As Brazilian Excel saves it: a byte-order mark, semicolons; and one line without its title.
        Path file = Files.createTempFile("deals", ".csv");
        Files.writeString(
                file, "\uFEFFtitle;amount\nSítio Boa Vista;1500\n;20\nPorto Sul;30\n", StandardCharsets.UTF_8);
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            browser.open("/login?lang=" + lang);
            browser.fill("workspace", tenant.slug());
            browser.fill("email", "admin@" + tenant.slug() + ".test");
            browser.fill("password", PASSWORD);
            browser.press(pt ? "Entrar" : "Sign in");
            browser.follow(pt ? "Negócios" : "Deals");

            browser.attach("import-file", file);
            browser.press(pt ? "Importar" : "Import");

            browser.waitForText(pt ? "2 criados, 0 atualizados, 1 com falha." : "2 created, 0 updated, 1 failed.");
            assertThat(browser.heading()).isEqualTo(pt ? "Importando negócios" : "Importing deals");
            assertThat(browser.text()).contains("title: required");
            browser.follow(pt ? "Voltar aos negócios" : "Back to deals");
            assertThat(browser.text()).contains("Sítio Boa Vista", "Porto Sul", "Fazenda Aurora");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void theExportLinkDownloadsTheListsCsvThroughTheApi() throws Exception {
        ConsoleVisitor visitor = new ConsoleVisitor(port());
        visitor.signIn(tenant.slug(), "admin@" + tenant.slug() + ".test", PASSWORD);

        assertThat(visitor.get("/deals").body()).contains("href=\"/deals/export.csv\"");
        HttpResponse<String> csv = visitor.get("/deals/export.csv");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"deals.csv\"");
        assertThat(csv.body()).startsWith("id,version,ownerId,owner,title").contains("Fazenda Aurora");
    }
}
