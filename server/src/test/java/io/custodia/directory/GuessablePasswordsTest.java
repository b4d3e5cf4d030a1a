package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NIST SP 800-63B over HTTP: common, breached and guessable passwords are refused with the reason,
 * in the caller's language; long or odd passwords without composition rules pass.
 */
class GuessablePasswordsTest extends ApiTest {

    /** Creates Ana Souza, with this e-mail (before the @) and password. */
    private Api.Response withPassword(Tenant t, String local, String password, String... language) {
        return api().post(
                        "/api/v1/users",
                        t.adminToken(),
                        Map.of("email", local + "@" + t.slug() + ".test", "name", "Ana Souza", "password", password),
                        language);
    }

    @Test
    void commonRepeatedSequentialAndPersonalPasswordsAreRefusedWithTheLibrarysReason() {
        Tenant t = newWorkspace();
        for (String weak : List.of(
                "password",
                "12345678",
                "        ",
                "aaaaaaaaaaaa",
                "abcdefgh",
                "qwertyuiop",
                "Passw0rd!",
                "iloveyou2024",
                "correct horse",
                "anasouza",
                "Ana.Souza1990",
                "ana.souza@" + t.slug() + ".test",
                t.slug() + "2024",
                "custodia123")) {
            Api.Response refused = withPassword(t, "ana.souza", weak);
            assertThat(refused.status()).as(weak).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("password");
            assertThat(refused.json().get("errors").get(0).get("message").asString())
                    .as(weak)
                    .startsWith("This password is too easy to guess.");
        }
        assertThat(withPassword(t, "ana.souza", "password")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("This is a top-10 common password.");
        assertThat(withPassword(t, "ana.souza", "anasouza2024")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .contains("It contains your name, your e-mail or the workspace's name.");
        assertThat(api().get("/api/v1/users?q=ana.souza", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void theReasonIsInTheCallersLanguage() {
        Tenant t = newWorkspace();
        assertThat(withPassword(t, "ana.souza", "12345678", "Accept-Language", "pt-BR,pt;q=0.9")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .startsWith("Esta senha é fácil demais de adivinhar.")
                .contains("senhas mais utilizadas");
        Api.Response signUp = api().post(
                        "/api/v1/workspaces",
                        null,
                        Map.of(
                                "name",
                                "Acme",
                                "slug",
                                "acme-" + t.slug(),
                                "admin",
                                Map.of("email", "ana@acme.test", "name", "Ana", "password", "correct horse")));
        assertThat(signUp.status()).isEqualTo(422);
        assertThat(signUp.json().get("errors").get(0).get("field").asString()).isEqualTo("admin.password");
    }

    @Test
    void noCompositionRulesEightCharactersSuffice() {
        Tenant t = newWorkspace();
        List<String> strong =
                List.of(PASSWORD, "zk4#Qm9!", "violet kettle harbour", "lanterna azul no quintal", "ação-pão-limão-77");
        for (int i = 0; i < strong.size(); i++) {
            Api.Response created = withPassword(t, "u" + i, strong.get(i));
            assertThat(created.status())
                    .as(strong.get(i) + ": " + created.body())
                    .isEqualTo(201);
            assertThat(login(t.slug(), "u" + i + "@" + t.slug() + ".test", strong.get(i)))
                    .isNotBlank();
        }
    }
}
