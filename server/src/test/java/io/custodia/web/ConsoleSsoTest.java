package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The console's side of single sign-on: the sign-in page's "Entrar com a sua empresa", and the administrator's page. */
class ConsoleSsoTest extends ApiTest {

    @Test
    void theSignInPageOffersTheCompanysSignInInBothLanguages() {
        Api.Response portuguese = api().send("GET", "/login", null, null, null, "Accept-Language", "pt-BR");
        assertThat(portuguese.body())
                .contains("Entrar com a sua empresa")
                .contains("action=\"/sso\"")
                .contains("E-mail de trabalho");
        Api.Response english = api().send("GET", "/login", null, null, null, "Accept-Language", "en");
        assertThat(english.body()).contains("Sign in with your company");
        Api.Response refused =
                api().send("GET", "/login?sso=deactivated", null, null, null, "Accept-Language", "pt-BR");
        assertThat(refused.body()).contains("Sua conta neste espaço de trabalho está desativada");
        // A reason the page does not know is told as a refused answer, never echoed.
        Api.Response odd = api().send("GET", "/login?sso=%3Cb%3Ex", null, null, null, "Accept-Language", "en");
        assertThat(odd.body()).contains("was not accepted").doesNotContain("<b>x");
    }

    @Test
    void anAdministratorRegistersTheProviderAndSeesTheAddressToGiveIt() throws Exception {
        Tenant t = newWorkspace();
        ConsoleVisitor browser = new ConsoleVisitor(port());
        String csrf = browser.csrfFrom("/login");
        HttpResponse<String> signedIn = browser.post(
                "/login",
                "workspace=" + t.slug() + "&email=" + ConsoleVisitor.encoded("admin@" + t.slug() + ".test")
                        + "&password=" + ConsoleVisitor.encoded(PASSWORD) + "&_csrf=" + ConsoleVisitor.encoded(csrf));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(browser.get("/admin/sso").body()).contains("id=\"sso-none\"");

        String form = browser.csrfFrom("/admin/sso");
        HttpResponse<String> saved = browser.post(
                "/admin/sso",
                "issuer=" + ConsoleVisitor.encoded("https://login.example.test/" + t.slug()) + "&clientId=custodia"
                        + "&clientSecret=s3cret-value&domains=" + ConsoleVisitor.encoded(t.slug() + ".test\n")
                        + "&passwordSignIn=true&defaultRoleId=&_csrf=" + ConsoleVisitor.encoded(form));
        assertThat(saved.statusCode()).isEqualTo(302);

        String page = browser.get("/admin/sso").body();
        assertThat(page)
                .contains("/sso/callback/" + t.slug())
                .contains("https://login.example.test/" + t.slug())
                .contains(t.slug() + ".test")
                .doesNotContain("s3cret-value");
        Api.Response api = api().get("/api/v1/workspace/sso", t.adminToken());
        assertThat(api.json().get("passwordSignIn").asBoolean()).isTrue();
        assertThat(api.json().get("createUsers").asBoolean()).isFalse();

        // Passwords off (the box left unticked): a person's right password is sent to the company's sign-in.
        browser.post(
                "/admin/sso",
                "issuer=" + ConsoleVisitor.encoded("https://login.example.test/" + t.slug()) + "&clientId=custodia"
                        + "&domains=" + ConsoleVisitor.encoded(t.slug() + ".test") + "&_csrf="
                        + ConsoleVisitor.encoded(browser.csrfFrom("/admin/sso")));
        assertThat(api().get("/api/v1/workspace/sso", t.adminToken())
                        .json()
                        .get("passwordSignIn")
                        .asBoolean())
                .isFalse();
        String email = "ana@" + t.slug() + ".test";
        newUser(t, email);
        ConsoleVisitor ana = new ConsoleVisitor(port());
        HttpResponse<String> refused = ana.post(
                "/login",
                "workspace=" + t.slug() + "&email=" + ConsoleVisitor.encoded(email) + "&password="
                        + ConsoleVisitor.encoded(PASSWORD) + "&_csrf="
                        + ConsoleVisitor.encoded(ana.csrfFrom("/login")));
        assertThat(refused.headers().firstValue("Location").orElseThrow()).contains("/login?passwordsOff");
        assertThat(ana.get("/login?passwordsOff").body())
                .containsAnyOf("signs its people in through the", "faz o login das pessoas pelo provedor da empresa");
    }
}
