package io.custodia.web;

import static io.custodia.web.ConsoleVisitor.encoded;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.platform.db.Tables;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-up page: linked from sign-in while sign-up is open, CSRF-protected, and only a
 * form in front of {@code POST /api/v1/workspaces}, so its refusals are the API's own.
 */
class SignUpPageTest extends ApiTest {

    private static String form(String name, String slug, String adminName, String email, String password, String csrf) {
        return "name=" + encoded(name) + "&slug=" + encoded(slug) + "&adminName=" + encoded(adminName) + "&email="
                + encoded(email) + "&password=" + encoded(password) + (csrf == null ? "" : "&_csrf=" + encoded(csrf));
    }

    private static String slug() {
        return "su-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private int workspacesWithSlug(String slug) {
        return db.fetchCount(Tables.WORKSPACE, Tables.WORKSPACE.SLUG.eq(slug));
    }

    @Test
    void theSignInPageLinksToSignUpWhichCreatesTheWorkspaceAndItsAdministrator() throws Exception {
        ConsoleVisitor browser = new ConsoleVisitor(port());
        assertThat(browser.get("/login").body()).contains("href=\"/signup\"");
        HttpResponse<String> page = browser.get("/signup");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<label for=\"slug\">").contains("autocomplete=\"new-password\"");

        String slug = slug();
        String email = "ana@" + slug + ".test";
        HttpResponse<String> created =
                browser.post("/signup", form("Acme", slug, "Ana", email, PASSWORD, browser.csrfFrom("/signup")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/login?workspace=" + slug);
        assertThat(browser.get("/login?workspace=" + slug).body())
                .contains("The workspace is ready")
                .contains("value=\"" + slug + "\"");
        assertThat(browser.signIn(slug, email, PASSWORD)
                        .headers()
                        .firstValue("Location")
                        .orElseThrow())
                .endsWith("/");
        assertThat(browser.get("/").body()).contains("Hello, Ana");
        // The API's own sign-up did it: the workspace's log starts as the API's does.
        String token = login(slug, email, PASSWORD);
        assertThat(api().get("/api/v1/audit", token).body()).contains("workspace.created");
        assertThat(api().get("/api/v1/audit/verify", token).json().get("valid").asBoolean())
                .isTrue();
    }

    @Test
    void aWorkspaceMadeInPortugueseNamesItsRolesInPortuguese() throws Exception {
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.get("/login?lang=pt-BR");
        String slug = slug();
        String email = "rui@" + slug + ".test";
        HttpResponse<String> created =
                browser.post("/signup", form("Acme", slug, "Rui", email, PASSWORD, browser.csrfFrom("/signup")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);

        String roles = api().get("/api/v1/roles", login(slug, email, PASSWORD)).body();
        assertThat(roles)
                .contains("\"Administrador\"", "\"Gerente\"", "\"Vendedor\"", "\"Atendimento\"", "\"Somente leitura\"")
                .doesNotContain("\"Salesperson\"")
                // Still known as the templates they are copies of.
                .contains("\"template\":\"salesperson\"");
    }

    @Test
    void aFormWithoutTheCsrfTokenCreatesNothing() throws Exception {
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.get("/signup");
        String slug = slug();
        HttpResponse<String> forged =
                browser.post("/signup", form("Forged", slug, "Eve", "eve@" + slug + ".test", PASSWORD, null));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(workspacesWithSlug(slug)).isZero();
    }

    @Test
    void theApisRefusalsComeBackOnTheFormWithWhatWasTypedButNeverThePassword() throws Exception {
        ConsoleVisitor browser = new ConsoleVisitor(port());
        String slug = slug();
        String weak = "password";
        HttpResponse<String> refused = browser.post(
                "/signup", form("Acme Ltda", slug, "Ana", "ana@" + slug + ".test", weak, browser.csrfFrom("/signup")));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body())
                .contains("Some values are not valid.")
                .contains("admin.password")
                .contains("value=\"Acme Ltda\"")
                .contains("value=\"" + slug + "\"")
                .doesNotContain("value=\"" + weak + "\"");
        assertThat(workspacesWithSlug(slug)).isZero();

        HttpResponse<String> badSlug = browser.post(
                "/signup", form("Acme", "Not A Slug", "Ana", "ana@acme.test", PASSWORD, browser.csrfFrom("/signup")));
        assertThat(badSlug.statusCode()).isEqualTo(422);
        assertThat(badSlug.body()).contains("slug");

        Tenant taken = newWorkspace();
        HttpResponse<String> conflict = browser.post(
                "/signup", form("Acme", taken.slug(), "Ana", "ana@acme.test", PASSWORD, browser.csrfFrom("/signup")));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("is taken");
    }

    @Test
    void oddValuesAreRefusedOrStoredButNeverAServerError() throws Exception {
        ConsoleVisitor browser = new ConsoleVisitor(port());
        String[] odd = {"", " ", "a\u0000b", "\uD800", "x".repeat(100_000), "1e400", "<script>alert(1)</script>"};
        for (String value : odd) {
            String slug = slug();
            for (String form : new String[] {
                form(value, slug, "Ana", "ana@" + slug + ".test", PASSWORD, browser.csrfFrom("/signup")),
                form("Acme", value, "Ana", "ana@acme.test", PASSWORD, browser.csrfFrom("/signup")),
                form("Acme", slug, value, "ana@" + slug + ".test", PASSWORD, browser.csrfFrom("/signup")),
                form("Acme", slug + "x", "Ana", value, PASSWORD, browser.csrfFrom("/signup")),
                form("Acme", slug + "y", "Ana", "ana@" + slug + ".test", value, browser.csrfFrom("/signup"))
            }) {
                HttpResponse<String> answer = browser.post("/signup", form);
                assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
                assertThat(answer.body()).doesNotContain("<script>alert(1)</script>");
            }
        }
    }
}
