package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's browser session: its cookie, its CSRF protection, its end, and the API it opens. */
class ConsoleSessionTest extends ApiTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A browser without a browser: cookies kept, redirects not followed. */
    private final class Visitor {
        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return client.send(
                    HttpRequest.newBuilder(uri(path))
                            .header("Accept", path.startsWith("/api/") ? "application/json" : "text/html")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form, String... headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> json(String method, String path, String body, String... headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        String csrfFrom(String path) throws IOException, InterruptedException {
            Matcher m = CSRF.matcher(get(path).body());
            assertThat(m.find()).as("a CSRF token on " + path).isTrue();
            return m.group(1);
        }

        HttpResponse<String> signIn(Tenant tenant) throws IOException, InterruptedException {
            String csrf = csrfFrom("/login");
            return post(
                    "/login",
                    "workspace=" + tenant.slug() + "&email="
                            + URLEncoder.encode("admin@" + tenant.slug() + ".test", StandardCharsets.UTF_8)
                            + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                            + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndChangesAtSignIn() throws Exception {
        Tenant tenant = newWorkspace();
        Visitor browser = new Visitor();
        String before = browser.get("/login").headers().allValues("Set-Cookie").toString();
        HttpResponse<String> signedIn = browser.signIn(tenant);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/");
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        assertThat(cookies)
                .anySatisfy(c -> assertThat(c)
                        .startsWith("JSESSIONID=")
                        .contains("HttpOnly")
                        .contains("SameSite=Lax"));
        // A new session id at sign-in: a session fixed before it is worth nothing after.
        assertThat(before).doesNotContain(cookies.get(0).split(";")[0]);
        assertThat(browser.get("/").body()).contains("Hello, Admin");
    }

    @Test
    void signingOutRevokesTheSessionsTokenAndAnEndedTokenEndsTheSession() throws Exception {
        Tenant tenant = newWorkspace();
        Visitor browser = new Visitor();
        browser.signIn(tenant);
        String csrf = browser.csrfFrom("/");
        assertThat(browser.post("/logout", "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))
                        .headers()
                        .firstValue("Location")
                        .orElseThrow())
                .endsWith("/login?signedOut");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(db.fetchCount(
                        io.custodia.platform.db.Tables.AUTH_TOKEN,
                        io.custodia.platform.db.Tables.AUTH_TOKEN
                                .WORKSPACE_ID
                                .eq(tenant.id())
                                .and(io.custodia.platform.db.Tables.AUTH_TOKEN.REVOKED_AT.isNotNull())))
                .isEqualTo(1);

        // The session ends when its token does: its absolute limit (the token's lifetime) has come.
        Visitor again = new Visitor();
        again.signIn(tenant);
        assertThat(again.get("/deals").statusCode()).isEqualTo(200);
        db.update(io.custodia.platform.db.Tables.AUTH_TOKEN)
                .set(io.custodia.platform.db.Tables.AUTH_TOKEN.EXPIRES_AT, java.time.OffsetDateTime.now())
                .where(io.custodia.platform.db.Tables.AUTH_TOKEN.WORKSPACE_ID.eq(tenant.id()))
                .and(io.custodia.platform.db.Tables.AUTH_TOKEN.USER_ID.eq(tenant.adminId()))
                .execute();
        HttpResponse<String> ended = again.get("/deals");
        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
        assertThat(again.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void theApiAcceptsTheConsoleSessionCookieAndItsChangesNeedTheCsrfToken() throws Exception {
        Tenant tenant = newWorkspace();
        onePipeline(tenant);
        Visitor browser = new Visitor();
        browser.signIn(tenant);
        HttpResponse<String> me = browser.get("/api/v1/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("admin@" + tenant.slug() + ".test");

        HttpResponse<String> forged = browser.json("POST", "/api/v1/deals", "{\"title\":\"Forged\"}");
        assertThat(forged.statusCode()).isEqualTo(403);
        String csrf = browser.csrfFrom("/");
        HttpResponse<String> made =
                browser.json("POST", "/api/v1/deals", "{\"title\":\"Made in the console\"}", "X-CSRF-TOKEN", csrf);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(api().get("/api/v1/deals", tenant.adminToken()).body())
                .contains("Made in the console")
                .doesNotContain("Forged");
    }
}
