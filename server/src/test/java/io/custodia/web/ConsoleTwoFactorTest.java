package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's side of two-factor sign-in: the code on the sign-in page, and enrolling in a page. */
class ConsoleTwoFactorTest extends ApiTest {
    private static final Pattern SECRET = Pattern.compile("<code>([A-Z2-7]{32})</code>");

    private static String code(String secret) throws Exception {
        return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6)
                .generate(secret, Instant.now().getEpochSecond() / 30);
    }

    private static HttpResponse<String> signIn(ConsoleVisitor browser, String slug, String email, String code)
            throws Exception {
        String csrf = browser.csrfFrom("/login");
        return browser.post(
                "/login",
                "workspace=" + slug + "&email=" + ConsoleVisitor.encoded(email) + "&password="
                        + ConsoleVisitor.encoded(PASSWORD) + "&code=" + ConsoleVisitor.encoded(code) + "&_csrf="
                        + ConsoleVisitor.encoded(csrf));
    }

    @Test
    void theSignInPageAsksForTheCodeOfSomeoneWhoHasOne() throws Exception {
        Tenant t = newWorkspace();
        String email = "rui@" + t.slug() + ".test";
        newUser(t, email);
        String token = login(t.slug(), email, PASSWORD);
        String secret = api().post("/api/v1/me/totp", token, Map.of())
                .json()
                .get("secret")
                .asString();
        long step = Instant.now().getEpochSecond() / 30;
        // The code of the step before: the console's sign-in below uses the current one.
        String earlier = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, step - 1);
        assertThat(api().post("/api/v1/me/totp/confirm", token, Map.of("code", earlier))
                        .status())
                .isEqualTo(200);

        ConsoleVisitor browser = new ConsoleVisitor(port());
        HttpResponse<String> asked = signIn(browser, t.slug(), email, "");
        assertThat(asked.statusCode()).isEqualTo(302);
        assertThat(asked.headers().firstValue("Location").orElseThrow()).endsWith("/login?code&workspace=" + t.slug());
        String page = browser.get("/login?code&workspace=" + t.slug()).body();
        assertThat(page).contains("name=\"code\"").contains("with the code from your authenticator app");
        Api.Response portuguese =
                api().send("GET", "/login?code&workspace=" + t.slug(), null, null, null, "Accept-Language", "pt-BR");
        assertThat(portuguese.body()).contains("Código de verificação", "Sua senha está certa");

        HttpResponse<String> wrong =
                signIn(browser, t.slug(), email, "000000".equals(code(secret)) ? "111111" : "000000");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).contains("/login?wrongCode");

        HttpResponse<String> signedIn = signIn(browser, t.slug(), email, code(secret));
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(browser.get("/deals").statusCode()).isEqualTo(200);
        Api.Response sessions = api().get(
                        "/api/v1/users/"
                                + api().get("/api/v1/me", token)
                                        .json()
                                        .get("id")
                                        .asString() + "/sessions",
                        t.adminToken());
        assertThat(sessions.body()).contains("\"kind\":\"CONSOLE\"");
    }

    @Test
    void aWorkspaceThatRequiresItSendsThoseWithoutOneToEnrolFirst() throws Exception {
        Tenant t = newWorkspace();
        String email = "sol@" + t.slug() + ".test";
        newUser(t, email);
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("twoFactor", "EVERYONE"))
                        .status())
                .isEqualTo(200);
        ConsoleVisitor browser = new ConsoleVisitor(port());

        HttpResponse<String> signedIn = signIn(browser, t.slug(), email, "");
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/me/two-factor");
        HttpResponse<String> elsewhere = browser.get("/deals");
        assertThat(elsewhere.statusCode()).isEqualTo(302);
        assertThat(elsewhere.headers().firstValue("Location").orElseThrow()).endsWith("/me/two-factor");
        assertThat(browser.get("/me/two-factor").body()).contains("requires two-factor sign-in of you");

        String csrf = browser.csrfFrom("/me/two-factor");
        HttpResponse<String> started = browser.post("/me/two-factor/start", "_csrf=" + ConsoleVisitor.encoded(csrf));
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).contains("src=\"data:image/png;base64,");
        Matcher secret = SECRET.matcher(started.body());
        assertThat(secret.find()).isTrue();
        HttpResponse<String> confirmed = browser.post(
                "/me/two-factor/confirm", "code=" + code(secret.group(1)) + "&_csrf=" + ConsoleVisitor.encoded(csrf));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(Pattern.compile("<li><code>[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}</code></li>")
                        .matcher(confirmed.body())
                        .results()
                        .count())
                .isEqualTo(10);

        HttpResponse<String> after = browser.get("/deals");
        assertThat(after.statusCode()).as(after.headers().map().toString()).isEqualTo(200);
    }

    @Test
    void anAdministratorSeesAPersonsSignInsEndsThemAndTurnsOffTheirLostFactor() throws Exception {
        Tenant t = newWorkspace();
        String email = "lia@" + t.slug() + ".test";
        UUID lia = newUser(t, email, "Lia Prado");
        String token = login(t.slug(), email, PASSWORD);
        String secret = api().post("/api/v1/me/totp", token, Map.of())
                .json()
                .get("secret")
                .asString();
        assertThat(api().post("/api/v1/me/totp/confirm", token, Map.of("code", code(secret)))
                        .status())
                .isEqualTo(200);
        ConsoleVisitor admin = new ConsoleVisitor(port());
        signIn(admin, t.slug(), "admin@" + t.slug() + ".test", "");

        assertThat(admin.get("/admin/users").body()).contains("href=\"/admin/users/" + lia + "\"");
        String page = admin.get("/admin/users/" + lia).body();
        assertThat(page).contains("Lia Prado", "Live sign-ins", "API token", "Turn off their two-factor sign-in");
        String csrf = admin.csrfFrom("/admin/users/" + lia);

        admin.post("/admin/users/" + lia + "/totp/reset", "_csrf=" + ConsoleVisitor.encoded(csrf));
        admin.post("/admin/users/" + lia + "/sessions/end", "_csrf=" + ConsoleVisitor.encoded(csrf));

        assertThat(api().get("/api/v1/me", token).status()).isEqualTo(401);
        assertThat(api().post(
                                "/api/v1/auth/login",
                                null,
                                Map.of("workspace", t.slug(), "email", email, "password", PASSWORD))
                        .status())
                .isEqualTo(200);
    }
}
