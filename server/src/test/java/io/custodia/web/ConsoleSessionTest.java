package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.directory.SignInsEnded;
import io.custodia.platform.db.Tables;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The console's browser session: its cookie, its CSRF protection, its end, and the API it opens. */
class ConsoleSessionTest extends ApiTest {
    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndChangesAtSignIn() throws Exception {
        Tenant tenant = newWorkspace();
        ConsoleVisitor browser = new ConsoleVisitor(port());
        String before = browser.get("/login").headers().allValues("Set-Cookie").toString();
        HttpResponse<String> signedIn = browser.signIn(tenant.slug(), "admin@" + tenant.slug() + ".test", PASSWORD);
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
        ConsoleVisitor browser = signedIn(tenant);
        String csrf = browser.csrfFrom("/");
        assertThat(signOut(browser, csrf).headers().firstValue("Location").orElseThrow())
                .endsWith("/login?signedOut");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
        assertThat(db.fetchCount(
                        Tables.AUTH_TOKEN,
                        Tables.AUTH_TOKEN.WORKSPACE_ID.eq(tenant.id()).and(Tables.AUTH_TOKEN.REVOKED_AT.isNotNull())))
                .isEqualTo(1);

        // The session ends when its token does: its absolute limit (the token's lifetime) has come.
        ConsoleVisitor again = signedIn(tenant);
        assertThat(again.get("/deals").statusCode()).isEqualTo(200);
        db.update(Tables.AUTH_TOKEN)
                .set(Tables.AUTH_TOKEN.EXPIRES_AT, OffsetDateTime.now())
                .where(Tables.AUTH_TOKEN.WORKSPACE_ID.eq(tenant.id()))
                .and(Tables.AUTH_TOKEN.USER_ID.eq(tenant.adminId()))
                .execute();
        // Ended behind the server's back, so told as the server tells every node (ADR 0008).
        db.select(DSL.function(
                        "pg_notify",
                        Object.class,
                        DSL.val(SignInsEnded.CHANNEL),
                        DSL.val(tenant.id() + ":" + tenant.adminId())))
                .fetch();
        HttpResponse<String> ended = again.get("/deals");
        long endedAt = System.nanoTime();
        while (ended.statusCode() != 302 && System.nanoTime() - endedAt < 1_000_000_000L) {
            Thread.sleep(20);
            ended = again.get("/deals");
        }
        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
        assertThat(again.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void theApiAcceptsTheConsoleSessionCookieAndItsChangesNeedTheCsrfToken() throws Exception {
        Tenant tenant = newWorkspace();
        onePipeline(tenant);
        ConsoleVisitor browser = signedIn(tenant);
        HttpResponse<String> me = browser.get("/api/v1/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("admin@" + tenant.slug() + ".test");
        // The API keeps the session's id (found by the outside probe): a new id on every call would
        // leave a page's parallel calls with the old one, signed out.
        assertThat(me.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));

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

    @Test
    void thePagesTokenOutlivesTheApiCallsTheSessionMakesSoSigningOutStillWorks() throws Exception {
        Tenant tenant = newWorkspace();
        ConsoleVisitor browser = signedIn(tenant);
        String csrf = browser.csrfFrom("/");
        // What a page's own scripts do with the session cookie: a read, and a change with the token.
        assertThat(browser.get("/api/v1/me").statusCode()).isEqualTo(200);
        onePipeline(tenant);
        assertThat(browser.json("POST", "/api/v1/deals", "{\"title\":\"T\"}", "X-CSRF-TOKEN", csrf)
                        .statusCode())
                .isEqualTo(201);
        assertThat(browser.get("/api/v1/me").statusCode()).isEqualTo(200);
        HttpResponse<String> out = signOut(browser, csrf);
        assertThat(out.statusCode())
                .as("sign-out with the token the page was drawn with")
                .isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?signedOut");
        assertThat(browser.get("/").statusCode()).isEqualTo(302);
    }

    @Test
    void aSessionOpenedBeforeADeactivationStaysEndedAfterReactivation() throws Exception {
        Tenant tenant = newWorkspace();
        UUID rui = newUser(tenant, "rui@" + tenant.slug() + ".test");
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(tenant.slug(), "rui@" + tenant.slug() + ".test", PASSWORD);
        assertThat(browser.get("/deals").statusCode()).isEqualTo(200);
        for (String status : List.of("deactivated", "active")) {
            assertThat(api().patch("/api/v1/users/" + rui, tenant.adminToken(), Map.of("status", status))
                            .status())
                    .isEqualTo(200);
        }
        HttpResponse<String> after = browser.get("/deals");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
        assertThat(browser.get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void consolePagesAllowOnlyTheServersOwnScriptsAndStylesAndGiveNoReferrerAway() throws Exception {
        Tenant tenant = newWorkspace();
        ConsoleVisitor browser = new ConsoleVisitor(port());
        HttpResponse<String> signIn = browser.get("/login");
        ConsoleVisitor signedIn = signedIn(tenant);
        for (HttpResponse<String> page : List.of(signIn, signedIn.get("/"), signedIn.get("/deals"))) {
            assertThat(page.statusCode()).isEqualTo(200);
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self';", "style-src 'self';", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "*");
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
            assertThat(page.headers().firstValue("Permissions-Policy").orElseThrow())
                    .contains("camera=()", "geolocation=()");
            // Nothing inline for the policy to refuse: every script and style is a file of the server's.
            assertThat(page.body())
                    .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
                    .doesNotContain("<style", " style=\"");
        }
    }

    private ConsoleVisitor signedIn(Tenant tenant) throws Exception {
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(tenant.slug(), "admin@" + tenant.slug() + ".test", PASSWORD);
        return browser;
    }

    private static HttpResponse<String> signOut(ConsoleVisitor browser, String csrf) throws Exception {
        return browser.post("/logout", "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
    }
}
