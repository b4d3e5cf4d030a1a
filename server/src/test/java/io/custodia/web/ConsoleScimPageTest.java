package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's SCIM page, in both languages: a token created is shown once and then listed by name
 * only, revoked from the page, and the Groups setting chosen there.
 */
class ConsoleScimPageTest extends ApiTest {
    private static final Pattern TOKEN = Pattern.compile("<code>(scim_[A-Za-z0-9_.-]+)</code>");

    @Test
    void anAdministratorCreatesListsAndRevokesTokensAndChoosesGroups() throws Exception {
        Tenant acme = newWorkspace();
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(acme.slug(), "admin@" + acme.slug() + ".test", PASSWORD);
        String empty = page(browser, "/admin/scim");
        assertThat(empty).contains("SCIM provisioning", "No SCIM token yet.", "/scim/v2");

        String csrf = browser.csrfFrom("/admin/scim");
        HttpResponse<String> created = browser.post("/admin/scim/tokens", "name=Okta&_csrf=" + csrf);
        assertThat(created.statusCode()).isEqualTo(302);
        String once = page(browser, "/admin/scim");
        Matcher token = TOKEN.matcher(once);
        assertThat(token.find()).as(once).isTrue();
        assertThat(api().get("/scim/v2/Users", token.group(1)).status()).isEqualTo(200);
        String again = page(browser, "/admin/scim");
        assertThat(again).contains("Okta").doesNotContain(token.group(1));

        String id = api().get("/api/v1/scim-tokens", acme.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        assertThat(browser.post("/admin/scim/tokens/" + id + "/revoke", "_csrf=" + csrf)
                        .statusCode())
                .isEqualTo(302);
        assertThat(api().get("/scim/v2/Users", token.group(1)).status()).isEqualTo(401);
        assertThat(page(browser, "/admin/scim")).contains("No SCIM token yet.");

        assertThat(browser.post("/admin/scim/groups", "groups=TEAMS&_csrf=" + csrf)
                        .statusCode())
                .isEqualTo(302);
        assertThat(api().get("/api/v1/workspace/scim", acme.adminToken())
                        .json()
                        .get("groups")
                        .asString())
                .isEqualTo("TEAMS");

        assertThat(page(browser, "/admin/scim?lang=pt-BR")).contains("Provisionamento SCIM");
    }

    private static String page(ConsoleVisitor browser, String path) throws Exception {
        HttpResponse<String> response = browser.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
