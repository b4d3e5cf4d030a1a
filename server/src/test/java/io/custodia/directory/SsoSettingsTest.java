package io.custodia.directory;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static io.custodia.platform.db.Tables.WORKSPACE_SSO;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registering a workspace's OpenID Connect provider: the secret write-only and sealed, checks, audit. */
class SsoSettingsTest extends ApiTest {
    private static final String SECRET = "the-client-secret-7Qx";

    private Map<String, Object> body(Tenant t) {
        Map<String, Object> body = new HashMap<>();
        body.put("issuer", "https://login.example.test/" + t.slug());
        body.put("clientId", "custodia-" + t.slug());
        body.put("clientSecret", SECRET);
        body.put("passwordSignIn", true);
        body.put("domains", List.of(t.slug() + ".test", "Sub." + t.slug() + ".TEST"));
        return body;
    }

    private Api.Response put(Tenant t, Object body) {
        return api().send("PUT", "/api/v1/workspace/sso", t.adminToken(), "application/json", Api.json(body));
    }

    private List<String> audited(Tenant t, String action) {
        return db.select(AUDIT_ENTRY.AFTER)
                .from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()))
                .and(AUDIT_ENTRY.ACTION.eq(action))
                .orderBy(AUDIT_ENTRY.SEQ)
                .fetch(r -> String.valueOf(r.value1()));
    }

    @Test
    void theSecretIsWriteOnlySealedAndNeverAudited() {
        Tenant t = newWorkspace();
        assertThat(api().get("/api/v1/workspace/sso", t.adminToken()).status()).isEqualTo(404);

        Api.Response saved = put(t, body(t));

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain(SECRET).doesNotContain("\"clientSecret\"");
        assertThat(saved.json().get("clientSecretSet").asBoolean()).isTrue();
        assertThat(saved.json().get("domains").toString())
                .isEqualTo("[\"sub." + t.slug() + ".test\",\"" + t.slug() + ".test\"]");
        assertThat(saved.json().get("redirectUri").asString()).endsWith("/sso/callback/" + t.slug());
        Api.Response shown = api().get("/api/v1/workspace/sso", t.adminToken());
        assertThat(shown.body()).isEqualTo(saved.body());
        byte[] stored = db.select(WORKSPACE_SSO.CLIENT_SECRET)
                .from(WORKSPACE_SSO)
                .where(WORKSPACE_SSO.WORKSPACE_ID.eq(t.id()))
                .fetchSingle(WORKSPACE_SSO.CLIENT_SECRET);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(stored.length).isGreaterThan(SECRET.length() + 12);
        List<String> configured = audited(t, "workspace.sso.configured");
        assertThat(configured).hasSize(1);
        assertThat(configured.get(0)).contains("\"clientSecret\":\"changed\"").doesNotContain(SECRET);

        // The same again changes nothing; without the secret the stored one stays.
        assertThat(put(t, body(t)).status()).isEqualTo(200);
        Map<String, Object> withoutSecret = body(t);
        withoutSecret.remove("clientSecret");
        assertThat(put(t, withoutSecret).status()).isEqualTo(200);
        assertThat(audited(t, "workspace.sso.configured")).hasSize(1);
        withoutSecret.put("passwordSignIn", false);
        Api.Response changed = put(t, withoutSecret);
        assertThat(changed.json().get("passwordSignIn").asBoolean()).isFalse();
        assertThat(audited(t, "workspace.sso.configured")).hasSize(2);
        assertThat(audited(t, "workspace.sso.configured").get(1)).doesNotContain("clientSecret");
        assertThat(db.select(WORKSPACE_SSO.CLIENT_SECRET)
                        .from(WORKSPACE_SSO)
                        .where(WORKSPACE_SSO.WORKSPACE_ID.eq(t.id()))
                        .fetchSingle(WORKSPACE_SSO.CLIENT_SECRET))
                .isEqualTo(stored);

        assertThat(api().send("DELETE", "/api/v1/workspace/sso", t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        assertThat(audited(t, "workspace.sso.removed")).hasSize(1);
        assertThat(api().get("/api/v1/workspace/sso", t.adminToken()).status()).isEqualTo(404);
        assertThat(api().send("DELETE", "/api/v1/workspace/sso", t.adminToken(), null, null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aDomainIsMappedByOneWorkspaceOnly() {
        Tenant first = newWorkspace();
        Tenant second = newWorkspace();
        assertThat(put(first, body(first)).status()).isEqualTo(200);
        Map<String, Object> claiming = body(second);
        claiming.put("domains", List.of(second.slug() + ".test", first.slug().toUpperCase() + ".test"));

        Api.Response refused = put(second, claiming);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body())
                .doesNotContain(first.slug() + "\"")
                .doesNotContain(first.id().toString());
        assertThat(api().get("/api/v1/workspace/sso", second.adminToken()).status())
                .isEqualTo(404);
        // Once the first lets it go, the second may map it.
        api().send("DELETE", "/api/v1/workspace/sso", first.adminToken(), null, null);
        assertThat(put(second, claiming).status()).isEqualTo(200);
    }

    @Test
    void whatIsNotAProviderADomainOrAFitRoleIsRefused() {
        Tenant t = newWorkspace();
        Map<String, String> bad = Map.of(
                "issuer", "http://login.example.test/x",
                "clientId", "",
                "domains", "not a domain");
        bad.forEach((field, value) -> {
            Map<String, Object> body = body(t);
            body.put(field, field.equals("domains") ? List.of(value) : value);
            Api.Response refused = put(t, body);
            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains(field);
        });
        for (String issuer : List.of(
                "https://user@login.example.test/",
                "https://login.example.test/?q=1",
                "https://login.example.test/#f",
                "/relative",
                "https://" + "a".repeat(2000) + ".test",
                "https://login.example.test/\u0000")) {
            Map<String, Object> body = body(t);
            body.put("issuer", issuer);
            assertThat(put(t, body).status()).as(issuer).isEqualTo(422);
        }
        Map<String, Object> noSecret = body(t);
        noSecret.remove("clientSecret");
        assertThat(put(t, noSecret).body()).contains("clientSecret");
        Map<String, Object> noDomains = body(t);
        noDomains.put("domains", List.of());
        assertThat(put(t, noDomains).status()).isEqualTo(422);
        Map<String, Object> noRole = body(t);
        noRole.put("createUsers", true);
        assertThat(put(t, noRole).body()).contains("defaultRoleId");
        Map<String, Object> administrator = body(t);
        administrator.put("createUsers", true);
        administrator.put("defaultRoleId", roleId(t, "Administrator"));
        Api.Response tooMuch = put(t, administrator);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.body()).contains("system permission");
        Map<String, Object> salesperson = body(t);
        salesperson.put("createUsers", true);
        salesperson.put("defaultRoleId", roleId(t, "Salesperson"));
        assertThat(put(t, salesperson).status()).isEqualTo(200);
        // Plain http on the loopback address (a provider on this machine).
        Map<String, Object> local = body(t);
        local.put("issuer", "http://localhost:8081/realms/acme");
        assertThat(put(t, local).status()).isEqualTo(200);
    }

    @Test
    void onlyWorkspaceManagersSeeOrChangeIt() {
        Tenant t = newWorkspace();
        assertThat(put(t, body(t)).status()).isEqualTo(200);
        String email = "rita@" + t.slug() + ".test";
        assign(t, roleId(t, "Manager"), newUser(t, email));
        String manager = login(t.slug(), email, PASSWORD);

        assertThat(api().get("/api/v1/workspace/sso", manager).status()).isEqualTo(403);
        assertThat(api().send("PUT", "/api/v1/workspace/sso", manager, "application/json", Api.json(body(t)))
                        .status())
                .isEqualTo(403);
        assertThat(api().send("DELETE", "/api/v1/workspace/sso", manager, null, null)
                        .status())
                .isEqualTo(403);
    }
}
