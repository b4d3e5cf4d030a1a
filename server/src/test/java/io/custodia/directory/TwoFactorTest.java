package io.custodia.directory;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static io.custodia.platform.db.Tables.TOTP_RECOVERY_CODE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import io.custodia.Api;
import io.custodia.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two-factor sign-in (RFC 6238): enrolment, codes used once, recovery codes, throttling, the policy. */
class TwoFactorTest extends ApiTest {

    /** A person with two-factor sign-in on: their secret, recovery codes and a token. */
    private record Enrolled(
            UUID id, String slug, String email, String secret, List<String> recoveryCodes, String token) {}

    private static String code(String secret, long step) {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The current step, waited for until at least ten seconds of it are left, so that a code of the
     * step before, of it and of the step after all stay acceptable while a test uses them.
     */
    private static long step() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        while (Instant.now().getEpochSecond() % 30 > 20 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        return Instant.now().getEpochSecond() / 30;
    }

    private Api.Response login(String slug, String email, Map<String, String> extra) {
        Map<String, String> body = new HashMap<>(Map.of("workspace", slug, "email", email, "password", PASSWORD));
        body.putAll(extra);
        return api().post("/api/v1/auth/login", null, body);
    }

    private Enrolled enrolled(Tenant t, String name, long step) {
        String email = name + "@" + t.slug() + ".test";
        UUID id = newUser(t, email);
        String token = login(t.slug(), email, PASSWORD);
        Api.Response begun = api().post("/api/v1/me/totp", token, Map.of());
        assertThat(begun.status()).as(begun.body()).isEqualTo(200);
        String secret = begun.json().get("secret").asString();
        Api.Response confirmed = api().post("/api/v1/me/totp/confirm", token, Map.of("code", code(secret, step - 1)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        List<String> recovery = new ArrayList<>();
        confirmed.json().get("recoveryCodes").forEach(c -> recovery.add(c.asString()));
        return new Enrolled(id, t.slug(), email, secret, recovery, token);
    }

    @Test
    void anEnrolmentGivesASecretAQrCodeAndOnceConfirmedTenRecoveryCodes() throws Exception {
        Tenant t = newWorkspace();
        String email = "ana@" + t.slug() + ".test";
        UUID ana = newUser(t, email);
        String token = login(t.slug(), email, PASSWORD);

        Api.Response begun = api().post("/api/v1/me/totp", token, Map.of());

        assertThat(begun.status()).isEqualTo(200);
        assertThat(begun.header("Cache-Control")).contains("no-store");
        String secret = begun.json().get("secret").asString();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(begun.json().get("otpauthUri").asString())
                .startsWith("otpauth://totp/")
                .contains("secret=" + secret)
                .contains("issuer=Custodia");
        String png = begun.json().get("qrCodePng").asString();
        assertThat(png).startsWith("data:image/png;base64,");
        byte[] image = Base64.getDecoder().decode(png.substring("data:image/png;base64,".length()));
        assertThat(image).startsWith(0x89, 'P', 'N', 'G');
        // A secret waiting for its first code is not a second factor yet.
        assertThat(api().get("/api/v1/me", token).json().get("twoFactor").asBoolean())
                .isFalse();

        long step = step();
        assertThat(api().post("/api/v1/me/totp/confirm", token, Map.of("code", "000000"))
                        .status())
                .isEqualTo(422);
        Api.Response confirmed = api().post("/api/v1/me/totp/confirm", token, Map.of("code", code(secret, step)));

        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        JsonNode codes = confirmed.json().get("recoveryCodes");
        assertThat(codes).hasSize(10);
        codes.forEach(c -> assertThat(c.asString()).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"));
        // Only their hashes are kept.
        List<String> stored = db.select(TOTP_RECOVERY_CODE.CODE_HASH)
                .from(TOTP_RECOVERY_CODE)
                .where(TOTP_RECOVERY_CODE.USER_ID.eq(ana))
                .fetch(TOTP_RECOVERY_CODE.CODE_HASH);
        List<String> shown = new ArrayList<>();
        codes.forEach(c -> shown.add(c.asString()));
        assertThat(stored).hasSize(10).doesNotContainAnyElementsOf(shown);
        assertThat(api().get("/api/v1/me", token).json().get("twoFactor").asBoolean())
                .isTrue();
        assertThat(audited(t, ana, "user.two_factor.enabled")).isEqualTo(1);
        // A second enrolment while one is on is refused; the secret stays.
        assertThat(api().post("/api/v1/me/totp", token, Map.of()).status()).isEqualTo(409);
    }

    @Test
    void aSignInWithoutTheCodeIsAskedForItAndACodeIsAcceptedOnlyOnce() throws Exception {
        Tenant t = newWorkspace();
        long step = step();
        Enrolled e = enrolled(t, "bia", step);

        Api.Response without = login(e.slug(), e.email(), Map.of());
        assertThat(without.status()).isEqualTo(401);
        assertThat(without.json().get("secondFactorRequired").asBoolean()).isTrue();
        // A wrong password is told nothing about a second factor, code or not.
        Api.Response wrongPassword = api().post(
                        "/api/v1/auth/login",
                        null,
                        Map.of(
                                "workspace", e.slug(),
                                "email", e.email(),
                                "password", "wrong password!",
                                "code", code(e.secret(), step)));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.json().has("secondFactorRequired")).isFalse();

        Api.Response now = login(e.slug(), e.email(), Map.of("code", code(e.secret(), step)));
        assertThat(now.status()).as(now.body()).isEqualTo(200);
        assertThat(now.json().get("secondFactorEnrolmentRequired").asBoolean()).isFalse();
        assertThat(api().get("/api/v1/contacts", now.json().get("accessToken").asString())
                        .status())
                .isEqualTo(200);

        // The same code again, or the one before it (its step is past), is refused: a code seen is spent.
        Api.Response replayed = login(e.slug(), e.email(), Map.of("code", code(e.secret(), step)));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json().get("secondFactorRequired").asBoolean()).isTrue();
        assertThat(login(e.slug(), e.email(), Map.of("code", code(e.secret(), step - 1)))
                        .status())
                .isEqualTo(401);
        assertThat(login(e.slug(), e.email(), Map.of("code", code(e.secret(), step + 1)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void eachRecoveryCodeSignsInOnceAndItsUseIsAudited() throws Exception {
        Tenant t = newWorkspace();
        Enrolled e = enrolled(t, "caio", step());
        String first = e.recoveryCodes().get(0);

        assertThat(login(e.slug(), e.email(), Map.of("recoveryCode", first)).status())
                .isEqualTo(200);
        Api.Response again = login(e.slug(), e.email(), Map.of("recoveryCode", first));
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.json().get("secondFactorRequired").asBoolean()).isTrue();
        // Case, spaces and hyphens are not part of a code.
        String second = e.recoveryCodes().get(1).toUpperCase().replace("-", " ");
        assertThat(login(e.slug(), e.email(), Map.of("recoveryCode", second)).status())
                .isEqualTo(200);
        UUID caio = db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.EMAIL.eq(e.email()))
                .fetchSingle()
                .value1();
        assertThat(audited(t, caio, "user.two_factor.recovery_code_used")).isEqualTo(2);
        // Another person's recovery code is nobody else's.
        Enrolled other = enrolled(t, "dora", step());
        assertThat(login(
                                other.slug(),
                                other.email(),
                                Map.of("recoveryCode", e.recoveryCodes().get(2)))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void wrongCodesAreThrottledAsWrongPasswordsAre() throws Exception {
        Tenant t = newWorkspace();
        long step = step();
        Enrolled e = enrolled(t, "edu", step);
        String right = code(e.secret(), step);
        String wrong = right.equals("123456") ? "654321" : "123456";
        for (int i = 0; i < 5; i++) {
            assertThat(login(e.slug(), e.email(), Map.of("code", wrong)).status())
                    .isEqualTo(401);
        }

        Api.Response throttled = login(e.slug(), e.email(), Map.of("code", right));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotBlank();
    }

    @Test
    void askingForTheCodeIsNoFailure() throws Exception {
        Tenant t = newWorkspace();
        long step = step();
        Enrolled e = enrolled(t, "fabi", step);
        for (int i = 0; i < 8; i++) {
            assertThat(login(e.slug(), e.email(), Map.of()).status()).isEqualTo(401);
        }

        assertThat(login(e.slug(), e.email(), Map.of("code", code(e.secret(), step)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void turningItOffTakesACurrentCode() throws Exception {
        Tenant t = newWorkspace();
        long step = step();
        Enrolled e = enrolled(t, "gil", step);

        Api.Response wrong = turnOff(e.token(), "1");
        assertThat(wrong.status()).isEqualTo(422);
        Api.Response off = turnOff(e.token(), code(e.secret(), step));
        assertThat(off.status()).as(off.body()).isEqualTo(204);

        assertThat(login(e.slug(), e.email(), Map.of()).status()).isEqualTo(200);
        assertThat(turnOff(e.token(), "1").status()).isEqualTo(404);
    }

    @Test
    void turningItOffWhereItIsRequiredLeavesSignInsThatMayOnlyEnrolAgain() throws Exception {
        Tenant t = newWorkspace();
        long step = step();
        Enrolled e = enrolled(t, "kim", step);
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("twoFactor", "EVERYONE"))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/contacts", e.token()).status()).isEqualTo(200);

        Api.Response off = turnOff(e.token(), code(e.secret(), step));

        assertThat(off.status()).isEqualTo(204);
        assertThat(api().get("/api/v1/contacts", e.token()).status()).isEqualTo(403);
        assertThat(api().get("/api/v1/me", e.token())
                        .json()
                        .get("secondFactorEnrolmentRequired")
                        .asBoolean())
                .isTrue();
        assertThat(api().post("/api/v1/me/totp", e.token(), Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aWorkspaceThatRequiresItLetsThoseWithoutOneOnlyEnrol() throws Exception {
        Tenant t = newWorkspace();
        String email = "hugo@" + t.slug() + ".test";
        newUser(t, email);
        String hugosOld = login(t.slug(), email, PASSWORD);
        // Only someone who manages the workspace sets the policy.
        assertThat(api().patch("/api/v1/workspace", hugosOld, Map.of("twoFactor", "EVERYONE"))
                        .status())
                .isEqualTo(403);
        Api.Response set = api().patch("/api/v1/workspace", t.adminToken(), Map.of("twoFactor", "EVERYONE"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("twoFactor").asString()).isEqualTo("EVERYONE");
        assertThat(audited(t, t.id(), "workspace.settings.changed")).isEqualTo(1);

        Api.Response signedIn = login(t.slug(), email, Map.of());
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.json().get("secondFactorEnrolmentRequired").asBoolean())
                .isTrue();
        String token = signedIn.json().get("accessToken").asString();
        Api.Response refused = api().get("/api/v1/contacts", token);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("two-factor");
        assertThat(api().patch("/api/v1/users/" + UUID.randomUUID(), token, Map.of("name", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(api().get("/api/v1/me", token)
                        .json()
                        .get("secondFactorEnrolmentRequired")
                        .asBoolean())
                .isTrue();

        String secret = api().post("/api/v1/me/totp", token, Map.of())
                .json()
                .get("secret")
                .asString();
        long step = step();
        assertThat(api().post("/api/v1/me/totp/confirm", token, Map.of("code", code(secret, step)))
                        .status())
                .isEqualTo(200);

        // The same sign-in may do what its person may, at once.
        assertThat(api().get("/api/v1/contacts", token).status()).isEqualTo(200);
    }

    @Test
    void requiredForAdministratorsAsksNothingOfOthers() {
        Tenant t = newWorkspace();
        String email = "ines@" + t.slug() + ".test";
        newUser(t, email);
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("twoFactor", "ADMINISTRATORS"))
                        .status())
                .isEqualTo(200);

        Api.Response person = login(t.slug(), email, Map.of());
        Api.Response admin = login(t.slug(), "admin@" + t.slug() + ".test", Map.of());

        assertThat(person.json().get("secondFactorEnrolmentRequired").asBoolean())
                .isFalse();
        assertThat(admin.json().get("secondFactorEnrolmentRequired").asBoolean())
                .isTrue();
        assertThat(api().get("/api/v1/users", admin.json().get("accessToken").asString())
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aSignInMayOnlyEnrolFromTheRequestAfterThePolicyCoversItsPerson() throws Exception {
        Tenant t = newWorkspace();
        // An administrator with a second factor, so that the policy leaves their own sign-in whole.
        Enrolled boss = enrolled(t, "boss", step());
        String administrator = roleId(t, "Administrator");
        assign(t, administrator, boss.id());
        UUID lia = newUser(t, "lia@" + t.slug() + ".test");
        String liasToken = login(t.slug(), "lia@" + t.slug() + ".test", PASSWORD);
        assertThat(api().patch("/api/v1/workspace", boss.token(), Map.of("twoFactor", "ADMINISTRATORS"))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/contacts", liasToken).status()).isEqualTo(200);

        // A role gained after the sign-in: the policy covers her from her next request, on the same token.
        created(api().post(
                        "/api/v1/role-assignments",
                        boss.token(),
                        Map.of("roleId", administrator, "userId", lia.toString())));

        Api.Response refused = api().get("/api/v1/contacts", liasToken);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("two-factor");
        assertThat(api().get("/api/v1/me", liasToken)
                        .json()
                        .get("secondFactorEnrolmentRequired")
                        .asBoolean())
                .isTrue();
        assertThat(api().get("/api/v1/users/" + lia + "/sessions", boss.token())
                        .json()
                        .get("items")
                        .get(0)
                        .get("enrolmentOnly")
                        .asBoolean())
                .isTrue();
        assertThat(api().get("/api/v1/contacts", boss.token()).status()).isEqualTo(200);
    }

    @Test
    void aPolicyChangeReachesLiveSignInsAtTheirNextRequest() throws Exception {
        Tenant t = newWorkspace();
        newUser(t, "ana@" + t.slug() + ".test");
        String anasToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("twoFactor", "EVERYONE"))
                        .status())
                .isEqualTo(200);

        // Every live sign-in of someone without a second factor, the administrator's own too.
        assertThat(api().get("/api/v1/contacts", anasToken).status()).isEqualTo(403);
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("twoFactor", "OPTIONAL"))
                        .status())
                .isEqualTo(403);

        // The administrator enrols on the same sign-in and may relax the policy again.
        String secret = api().post("/api/v1/me/totp", t.adminToken(), Map.of())
                .json()
                .get("secret")
                .asString();
        assertThat(api().post("/api/v1/me/totp/confirm", t.adminToken(), Map.of("code", code(secret, step())))
                        .status())
                .isEqualTo(200);
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("twoFactor", "OPTIONAL"))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/contacts", anasToken).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorTurnsOffALostFactorButNotTheirOwn() throws Exception {
        Tenant t = newWorkspace();
        Enrolled e = enrolled(t, "rui", step());
        assertThat(login(e.slug(), e.email(), Map.of()).status()).isEqualTo(401);
        newUser(t, "eva@" + t.slug() + ".test");
        String colleague = login(t.slug(), "eva@" + t.slug() + ".test", PASSWORD);

        assertThat(resetOf(e.id(), colleague).status()).isEqualTo(403);
        assertThat(resetOf(t.adminId(), t.adminToken()).status()).isEqualTo(409);
        assertThat(resetOf(e.id(), t.adminToken()).status()).isEqualTo(204);

        assertThat(login(e.slug(), e.email(), Map.of()).status()).isEqualTo(200);
        assertThat(resetOf(e.id(), t.adminToken()).status()).isEqualTo(404);
        assertThat(audited(t, e.id(), "user.two_factor.reset")).isEqualTo(1);
    }

    @Test
    void aUserManagerWhoIsNoAdministratorLeavesAnAdministratorsFactorAlone() throws Exception {
        Tenant t = newWorkspace();
        Enrolled boss = enrolled(t, "chefe", step());
        assign(t, roleId(t, "Administrator"), boss.id());
        String people = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "People", "entities", Map.of(), "system", List.of("users.manage"))));
        UUID rui = newUser(t, "rui@" + t.slug() + ".test");
        assign(t, people, rui);
        String ruis = login(t.slug(), "rui@" + t.slug() + ".test", PASSWORD);
        Enrolled clerk = enrolled(t, "clerk", step());

        assertThat(resetOf(boss.id(), ruis).status()).isEqualTo(403);
        assertThat(resetOf(clerk.id(), ruis).status()).isEqualTo(204);
        assertThat(login(boss.slug(), boss.email(), Map.of()).status()).isEqualTo(401);
    }

    private Api.Response resetOf(UUID user, String token) {
        return api().send("DELETE", "/api/v1/users/" + user + "/totp", token, "application/json", "");
    }

    @Test
    void oddCodesAreRefusedWithoutAnError() throws Exception {
        Tenant t = newWorkspace();
        Enrolled e = enrolled(t, "joao", step());
        for (String odd : List.of(
                "", " ", "\u0000\u0000\u0000", "1e400", "12345\u0000", "１２３４５６", "-123456", "x".repeat(100_000))) {
            Api.Response byCode = login(e.slug(), e.email(), Map.of("code", odd));
            Api.Response byRecovery = login(e.slug(), e.email(), Map.of("recoveryCode", odd));
            Api.Response confirm = api().post("/api/v1/me/totp/confirm", e.token(), Map.of("code", odd));
            assertThat(List.of(byCode.status(), byRecovery.status(), confirm.status()))
                    .as(odd.length() > 20 ? "100k characters" : odd)
                    .allSatisfy(status -> assertThat(status).isBetween(400, 499));
        }
        assertThat(api().post("/api/v1/me/totp/confirm", e.token(), "{\"code\": 123456}")
                        .status())
                .isBetween(400, 499);
    }

    private Api.Response turnOff(String token, String code) {
        return api().send("DELETE", "/api/v1/me/totp", token, "application/json", Api.json(Map.of("code", code)));
    }

    private int audited(Tenant t, UUID target, String action) {
        return db.fetchCount(
                AUDIT_ENTRY,
                AUDIT_ENTRY
                        .WORKSPACE_ID
                        .eq(t.id())
                        .and(AUDIT_ENTRY.ACTION.eq(action))
                        .and(AUDIT_ENTRY.TARGET_ID.eq(target.toString())));
    }
}
