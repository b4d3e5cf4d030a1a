package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Tests as an app sees the server: registering it, and the OAuth 2.0 flow a browser and the app drive. */
abstract class AppTest extends ApiTest {
    static final String CALLBACK = "http://localhost:9999/callback";
    static final JsonMapper JSON = JsonMapper.builder().build();

    record App(String id, String clientId, String clientSecret) {}

    record Pkce(String verifier, String challenge) {
        static Pkce fresh() throws Exception {
            String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        }
    }

    App app(Tenant t, List<String> scopes) {
        Api.Response created = api().post(
                        "/api/v1/integrations/apps",
                        t.adminToken(),
                        Map.of("name", "Meeting notes", "redirectUris", List.of(CALLBACK), "scopes", scopes));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        return new App(
                body.get("id").asString(),
                body.get("clientId").asString(),
                body.get("clientSecret").asString());
    }

    /** A new user of the tenant holding one role template personally; answers its id. */
    UUID userWithRole(Tenant t, String local, String role) {
        UUID user = newUser(t, local + "@" + t.slug() + ".test");
        assertThat(api().post(
                                "/api/v1/role-assignments",
                                t.adminToken(),
                                Map.of("roleId", roleId(t, role), "userId", user.toString()))
                        .status())
                .isEqualTo(201);
        return user;
    }

    static String authorizeUrl(App app, List<String> scopes, Pkce pkce) {
        return "/oauth2/authorize?response_type=code&client_id=" + app.clientId() + "&redirect_uri="
                + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8) + "&scope="
                + URLEncoder.encode(String.join(" ", scopes), StandardCharsets.UTF_8) + "&state=app-state-1"
                + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256";
    }

    /** Signs in through the sign-in page when the authorisation endpoint sends the browser there; answers the consent page. */
    String signInAndReachConsent(Browser browser, Tenant t, String email, String authorizeUrl) throws Exception {
        HttpResponse<String> first = browser.get(authorizeUrl);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> loginPage = browser.get("/login");
        List<Map.Entry<String, String>> fields =
                new ArrayList<>(Browser.forms(loginPage.body()).get(0).fields());
        fields.add(Map.entry("workspace", t.slug()));
        fields.add(Map.entry("email", email));
        fields.add(Map.entry("password", PASSWORD));
        HttpResponse<String> signedIn = browser.post("/login", fields);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        String location = signedIn.headers().firstValue("Location").orElseThrow();
        assertThat(location).as("back to the authorisation request").contains("/oauth2/authorize");
        HttpResponse<String> toConsent = browser.get(location);
        assertThat(toConsent.statusCode()).as(toConsent.body()).isEqualTo(302);
        HttpResponse<String> consent =
                browser.get(toConsent.headers().firstValue("Location").orElseThrow());
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        return consent.body();
    }

    /** Posts a consent form and answers where the browser is sent back to the app. */
    static Map<String, String> submit(Browser browser, Browser.Form form) throws Exception {
        HttpResponse<String> answer = browser.post(form.action(), form.fields());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(CALLBACK);
        return Browser.query(location);
    }

    JsonNode token(App app, String... form) throws Exception {
        HttpResponse<String> response = tokenCall("/oauth2/token", app, form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    HttpResponse<String> refresh(App app, String refreshToken) throws Exception {
        return tokenCall("/oauth2/token", app, "grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    HttpResponse<String> tokenCall(String path, App app, String... form) throws Exception {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (int i = 0; i < form.length; i += 2) {
            fields.add(Map.entry(form[i], form[i + 1]));
        }
        String basic = Base64.getEncoder()
                .encodeToString((URLEncoder.encode(app.clientId(), StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(app.clientSecret(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path))
                                .header("Authorization", "Basic " + basic)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(fields)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** The whole flow by an administrator; answers the token response. */
    JsonNode authorised(Tenant t, App app, List<String> scopes) throws Exception {
        Pkce pkce = Pkce.fresh();
        Browser browser = new Browser(port());
        String consent =
                signInAndReachConsent(browser, t, "admin@" + t.slug() + ".test", authorizeUrl(app, scopes, pkce));
        Map<String, String> back = submit(browser, Browser.forms(consent).get(0));
        assertThat(back).containsEntry("state", "app-state-1").containsKey("code");
        return token(
                app,
                "grant_type",
                "authorization_code",
                "code",
                back.get("code"),
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                pkce.verifier());
    }
}
