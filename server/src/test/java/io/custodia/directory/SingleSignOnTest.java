package io.custodia.directory;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.OidcProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in to the console through a workspace's OpenID Connect provider, against a real provider
 * (mock-oauth2-server, on a random port): one sign-in that works, and every answer an attacker could
 * bring that must be refused, each audited with its reason.
 */
class SingleSignOnTest extends ApiTest {
    @RegisterExtension
    static final OidcProvider provider = new OidcProvider();

    private Tenant withSso(Map<String, Object> extra) {
        Tenant t = newWorkspace();
        provider.configure(api(), t, extra);
        return t;
    }

    private Tenant withSso() {
        return withSso(Map.of());
    }

    private static void answers(Tenant t, String email) {
        provider.answers(t, Map.of("email", email, "email_verified", true, "name", "Ana Souza"), null, 3600);
    }

    private List<String> refusals(Tenant t) {
        return db.select(AUDIT_ENTRY.AFTER)
                .from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()))
                .and(AUDIT_ENTRY.ACTION.eq("user.sso.refused"))
                .orderBy(AUDIT_ENTRY.SEQ)
                .fetch(r -> String.valueOf(r.value1()));
    }

    private int audited(Tenant t, String action) {
        return db.fetchCount(AUDIT_ENTRY, AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(AUDIT_ENTRY.ACTION.eq(action)));
    }

    /** Someone of a workspace with a provider, their browser sent to it: its authorization request in hand. */
    private record OnTheWay(Tenant t, String email, UUID id, SsoBrowser browser, URI authorize) {}

    /** Ana, with an account or none, on her way to her workspace's provider. */
    private OnTheWay onTheWay(boolean withAnAccount) {
        Tenant t = withSso();
        String email = "ana@" + t.slug() + ".test";
        UUID id = withAnAccount ? newUser(t, email) : null;
        SsoBrowser browser = new SsoBrowser(port());
        return new OnTheWay(t, email, id, browser, browser.toProvider(email));
    }

    /** The provider answers with these claims (for an hour, or the expiry given); the server must refuse it so. */
    private void refusedWhenTheProviderSays(OnTheWay a, Map<String, Object> claims, long expiry, String reason) {
        provider.answers(a.t(), claims, null, expiry);
        refused(a.t(), a.browser(), a.browser().callback(a.browser().provider(a.authorize())), reason);
    }

    /** The sign-in ends on the sign-in page with this reason, no session, and one refusal audited with it. */
    private void refused(Tenant t, SsoBrowser browser, String landed, String reason) {
        assertThat(landed).isEqualTo("/login?sso=" + reason);
        assertThat(browser.me()).isEqualTo(401);
        assertThat(refusals(t)).hasSize(1);
        assertThat(refusals(t).get(0)).contains("\"reason\":\"" + reason + "\"");
        assertThat(audited(t, "user.sso.signed_in")).isZero();
    }

    @Test
    void aPersonOfAMappedDomainSignsInWithPkceStateAndNonce() {
        Tenant t = withSso();
        String email = "ana@" + t.slug() + ".test";
        UUID ana = newUser(t, email);
        // The workspace's two-factor policy covers password sign-ins; the provider does its own second factor.
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("twoFactor", "EVERYONE"))
                        .status())
                .isEqualTo(200);
        SsoBrowser browser = new SsoBrowser(port());

        URI authorize = browser.toProvider("Ana@" + t.slug() + ".test");

        assertThat(authorize.toString()).startsWith(provider.issuer(t) + "/authorize?");
        assertThat(authorize.getRawQuery())
                .contains("response_type=code")
                .contains("client_id=custodia-" + t.slug())
                .contains("code_challenge_method=S256")
                .contains("code_challenge=")
                .contains("state=")
                .contains("nonce=")
                .contains("login_hint=");
        assertThat(URLDecoder.decode(authorize.getRawQuery(), StandardCharsets.UTF_8))
                .contains("redirect_uri=http://localhost:" + port() + "/sso/callback/" + t.slug())
                .contains("login_hint=Ana@" + t.slug() + ".test");
        answers(t, email);
        assertThat(browser.callback(browser.provider(authorize))).isEqualTo("/");
        assertThat(browser.me()).isEqualTo(200);
        assertThat(browser.meBody()).contains(ana.toString()).contains("\"secondFactorEnrolmentRequired\":false");
        assertThat(audited(t, "user.sso.signed_in")).isEqualTo(1);
        assertThat(refusals(t)).isEmpty();
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        OnTheWay ana = onTheWay(true);
        // The provider's own claims come first; this one replaces the audience it would have given.
        refusedWhenTheProviderSays(
                ana,
                Map.of("email", ana.email(), "email_verified", true, "aud", List.of("another-client")),
                3600,
                "audience");
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        OnTheWay ana = onTheWay(true);
        // Issued two hours ago, for one hour.
        long twoHoursAgo = Instant.now().minusSeconds(7200).getEpochSecond();
        refusedWhenTheProviderSays(
                ana,
                Map.of("email", ana.email(), "email_verified", true, "iat", twoHoursAgo, "nbf", twoHoursAgo),
                -3600,
                "expired");
    }

    @Test
    void anIdTokenSignedWithAnotherKeyThanTheIssuersIsRefused() throws IOException {
        // A provider whose discovery document publishes another issuer's keys: the ID tokens its
        // token endpoint signs do not verify with the keys the client is told to trust.
        HttpServer discovery = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        discovery.start();
        try {
            String self = "http://localhost:" + discovery.getAddress().getPort() + "/forged";
            Tenant t = newWorkspace();
            String document = Api.json(Map.of(
                    "issuer", self,
                    "authorization_endpoint",
                            provider.server().authorizationEndpointUrl(t.slug()).toString(),
                    "token_endpoint",
                            provider.server().tokenEndpointUrl(t.slug()).toString(),
                    "jwks_uri", provider.server().jwksUrl("another-" + t.slug()).toString(),
                    "response_types_supported", List.of("code"),
                    "subject_types_supported", List.of("public"),
                    "id_token_signing_alg_values_supported", List.of("RS256")));
            discovery.createContext("/forged/.well-known/openid-configuration", exchange -> {
                byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            provider.configure(api(), t, Map.of("issuer", self));
            String email = "ana@" + t.slug() + ".test";
            newUser(t, email);
            SsoBrowser browser = new SsoBrowser(port());
            URI authorize = browser.toProvider(email);
            answers(t, email);

            refused(t, browser, browser.callback(browser.provider(authorize)), "signature");
        } finally {
            discovery.stop(0);
        }
    }

    @Test
    void anEmailTheProviderDidNotVerifyIsRefused() {
        OnTheWay ana = onTheWay(true);
        refusedWhenTheProviderSays(
                ana, Map.of("email", ana.email(), "email_verified", false), 3600, "email_unverified");

        SsoBrowser again = new SsoBrowser(port());
        URI second = again.toProvider(ana.email());
        provider.answers(ana.t(), Map.of("email", ana.email()), null, 3600);
        assertThat(again.callback(again.provider(second))).isEqualTo("/login?sso=email_unverified");
        assertThat(refusals(ana.t())).hasSize(2);

        // Only the boolean true is a verified e-mail, and only a text an e-mail: nothing converted.
        for (Map<String, Object> odd : List.of(
                Map.<String, Object>of("email", ana.email(), "email_verified", "true"),
                Map.<String, Object>of("email", ana.email(), "email_verified", 1),
                Map.<String, Object>of("email", ana.email() + "\u0000", "email_verified", true),
                Map.<String, Object>of("email", List.of(ana.email()), "email_verified", true))) {
            SsoBrowser browser = new SsoBrowser(port());
            URI authorize = browser.toProvider(ana.email());
            provider.answers(ana.t(), odd, null, 3600);
            assertThat(browser.callback(browser.provider(authorize)))
                    .as(odd.toString())
                    .isEqualTo("/login?sso=email_unverified");
        }
    }

    @Test
    void aNonceOtherThanTheOneSentIsRefused() {
        OnTheWay ana = onTheWay(true);
        // Someone between the browser and the provider swaps the nonce: the ID token then carries theirs.
        URI swapped = URI.create(ana.authorize().toString().replaceFirst("nonce=[^&]+", "nonce=attackers-nonce"));
        answers(ana.t(), ana.email());

        refused(ana.t(), ana.browser(), ana.browser().callback(ana.browser().provider(swapped)), "nonce");
    }

    @Test
    void aStateOtherThanTheOneSentOrOneUsedAlreadyIsRefused() {
        Tenant t = withSso();
        String email = "ana@" + t.slug() + ".test";
        newUser(t, email);
        SsoBrowser browser = new SsoBrowser(port());
        URI callback = browser.provider(browser.toProvider(email));
        URI forged = URI.create(callback.toString().replaceFirst("state=[^&]+", "state=forged"));

        refused(t, browser, browser.callback(forged), "state");

        // The real answer still signs in once; played again, in this browser or another, it is refused.
        answers(t, email);
        assertThat(browser.callback(callback)).isEqualTo("/");
        assertThat(browser.callback(callback)).isEqualTo("/login?sso=state");
        assertThat(new SsoBrowser(port()).callback(callback)).isEqualTo("/login?sso=state");
        assertThat(refusals(t)).hasSize(3);
    }

    @Test
    void anotherWorkspacesProviderSignsInNoneOfThisWorkspacesPeople() {
        Tenant first = withSso();
        Tenant second = withSso();
        String email = "ana@" + first.slug() + ".test";
        newUser(first, email);
        // The second workspace even has an account with that e-mail: its provider still may not vouch for it.
        newUser(second, email);
        SsoBrowser browser = new SsoBrowser(port());
        // Straight to the second workspace's provider, which says it is Ana of the first one.
        URI authorize = browser.redirect(browser.get(URI.create("/sso/authorize/" + second.slug())));
        answers(second, email);

        refused(second, browser, browser.callback(browser.provider(authorize)), "domain_not_mapped");
        assertThat(audited(first, "user.sso.signed_in")).isZero();
        assertThat(refusals(first)).isEmpty();
    }

    @Test
    void aDeactivatedPersonIsNotSignedIn() {
        OnTheWay ana = onTheWay(true);
        assertThat(api().patch("/api/v1/users/" + ana.id(), ana.t().adminToken(), Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);

        refusedWhenTheProviderSays(ana, Map.of("email", ana.email(), "email_verified", true), 3600, "deactivated");
    }

    @Test
    void someoneWithoutAnAccountIsRefusedWithAClearPageUnlessTheWorkspaceCreatesPeople() {
        Tenant t = withSso();
        String email = "novo@" + t.slug() + ".test";
        SsoBrowser browser = new SsoBrowser(port());
        URI authorize = browser.toProvider(email);
        answers(t, email);
        refused(t, browser, browser.callback(browser.provider(authorize)), "no_account");
        String page = browser.get(URI.create("/login?sso=no_account")).body();
        assertThat(page).containsAnyOf("no account in this workspace", "não tem conta neste espaço");

        String salesperson = roleId(t, "Salesperson");
        provider.configure(api(), t, Map.of("createUsers", true, "defaultRoleId", salesperson));
        SsoBrowser again = new SsoBrowser(port());
        URI second = again.toProvider(email);
        answers(t, email);

        assertThat(again.callback(again.provider(second))).isEqualTo("/");
        UUID created = db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(t.id()))
                .and(APP_USER.EMAIL.eq(email))
                .fetchSingle(APP_USER.ID);
        assertThat(db.select(APP_USER.NAME)
                        .from(APP_USER)
                        .where(APP_USER.ID.eq(created))
                        .fetchSingle(APP_USER.NAME))
                .isEqualTo("Ana Souza");
        Api.Response assignments = api().get("/api/v1/role-assignments?userId=" + created, t.adminToken());
        assertThat(assignments.json().get("items")).hasSize(1);
        assertThat(assignments.json().get("items").get(0).get("roleId").asString())
                .isEqualTo(salesperson);
        assertThat(audited(t, "user.created")).isEqualTo(2);
        // A role given to everyone that gives a system permission would reach whoever is created:
        // nobody is created then.
        String auditor = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "Everyone audits", "entities", Map.of(), "system", List.of("audit.read"))));
        created(api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", auditor, "everyone", true)));
        String other = "outro@" + t.slug() + ".test";
        SsoBrowser third = new SsoBrowser(port());
        URI again3 = third.toProvider(other);
        answers(t, other);
        assertThat(third.callback(third.provider(again3))).isEqualTo("/login?sso=no_account");
        // Someone created at sign-in has no password to sign in with.
        assertThat(api().post(
                                "/api/v1/auth/login",
                                null,
                                Map.of("workspace", t.slug(), "email", email, "password", "-"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void withPasswordsOffOnlyTheAdministratorsPasswordsStillSignIn() {
        Tenant t = withSso(Map.of("passwordSignIn", false));
        String email = "ana@" + t.slug() + ".test";
        newUser(t, email);

        Api.Response refused = api().post(
                        "/api/v1/auth/login",
                        null,
                        Map.of("workspace", t.slug(), "email", email, "password", PASSWORD));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("Password sign-in is off");
        assertThat(api().post(
                                "/api/v1/auth/login",
                                null,
                                Map.of("workspace", t.slug(), "email", email, "password", PASSWORD + "x"))
                        .status())
                .isEqualTo(401);
        login(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
    }

    @Test
    void anUnknownDomainOrAProviderThatCannotBeReachedSendsBackToSignIn() {
        SsoBrowser browser = new SsoBrowser(port());
        assertThat(browser.redirect(browser.start("ana@nobody-maps-this.test")).toString())
                .endsWith("/login?sso=unknown");

        Tenant t = newWorkspace();
        provider.configure(api(), t, Map.of("issuer", "http://localhost:1/nothing-listens-here"));
        URI next = browser.redirect(browser.get(browser.redirect(browser.start("ana@" + t.slug() + ".test"))));
        assertThat(next.toString()).endsWith("/login?sso=provider");
    }
}
