package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A list page names the owners of its records and reads no one else (issue #26: it read every
 * person of the workspace, 200 at a time, for each page), through the API's {@code id=} filter.
 */
class NamesOnAListPageTest extends ApiTest {

    @Test
    void theUsersApiAnswersTheAskedIdsOnly() {
        Tenant acme = newWorkspace();
        Tenant other = newWorkspace();
        UUID ana = newUser(acme, "ana@" + acme.slug() + ".test", "Ana");
        UUID bia = newUser(acme, "bia@" + acme.slug() + ".test", "Bia");
        newUser(acme, "caio@" + acme.slug() + ".test", "Caio");
        UUID stranger = newUser(other, "dora@" + other.slug() + ".test", "Dora");

        String both = api().get("/api/v1/users?id=" + ana + "," + bia + "," + stranger, acme.adminToken())
                .body();
        assertThat(both).contains("\"Ana\"", "\"Bia\"").doesNotContain("Caio", "Dora");
        assertThat(api().get("/api/v1/users?id=" + ana + "&id=" + bia, acme.adminToken())
                        .body())
                .contains("\"Ana\"", "\"Bia\"")
                .doesNotContain("Caio");

        // Both forms at once, and the same id twice (found by the outside probe).
        assertThat(api().get("/api/v1/users?id=" + ana + "," + bia + "&id=" + bia, acme.adminToken())
                        .body())
                .contains("\"Ana\"", "\"Bia\"")
                .doesNotContain("Caio");

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(UUID.randomUUID().toString());
        }
        assertThat(api().get("/api/v1/users?id=" + String.join(",", many), acme.adminToken())
                        .status())
                .isEqualTo(422);
        assertThat(api().get("/api/v1/users?id=not-an-id", acme.adminToken()).status())
                .isEqualTo(400);
        assertThat(api().get("/api/v1/users?id=%00", acme.adminToken()).status())
                .isIn(400, 422);
    }

    @Test
    void aListPageNamesTheOwnersOnItAndNoOneElse() throws Exception {
        Tenant acme = newWorkspace();
        UUID ana = newUser(acme, "ana@" + acme.slug() + ".test", "Ana Owner");
        newUser(acme, "zoe@" + acme.slug() + ".test", "Zoe Nobody");
        assertThat(api().post(
                                "/api/v1/contacts",
                                acme.adminToken(),
                                Map.of("firstName", "Carla", "ownerId", ana.toString()))
                        .status())
                .isEqualTo(201);

        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(acme.slug(), "admin@" + acme.slug() + ".test", PASSWORD);
        String page = browser.get("/contacts").body();
        assertThat(page).contains("Carla", "Ana Owner").doesNotContain("Zoe Nobody");
        // An owner filter that names nobody still draws the page.
        assertThat(browser.get("/contacts?ownerId=" + UUID.randomUUID()).statusCode())
                .isEqualTo(200);
    }
}
