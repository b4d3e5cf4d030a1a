package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Finding people by name or e-mail through the API. */
class PeopleSearchTest extends ApiTest {

    @Test
    void searchingPeopleFindsTheTextInNamesAndEmailsWhateverTheCase() {
        Tenant acme = newWorkspace();
        newUser(acme, "msouza@" + acme.slug() + ".test", "Mariana Souza");
        newUser(acme, "joana.mariana@" + acme.slug() + ".test", "Joana Lima");
        newUser(acme, "pedro@" + acme.slug() + ".test", "Pedro Alves");

        assertThat(names(acme, "MARIANA")).containsExactlyInAnyOrder("Mariana Souza", "Joana Lima");
        assertThat(names(acme, "  alves ")).containsExactly("Pedro Alves");
        assertThat(names(acme, "nobody")).isEmpty();
        assertThat(names(acme, "")).contains("Mariana Souza", "Joana Lima", "Pedro Alves", "Admin");
    }

    @Test
    void percentAndUnderscoreAreSearchedForAsTheyAreTyped() {
        Tenant acme = newWorkspace();
        newUser(acme, "ana@" + acme.slug() + ".test", "Ana 100% vendas");
        newUser(acme, "bruno@" + acme.slug() + ".test", "Bruno 1000 vendas");
        newUser(acme, "carla_x@" + acme.slug() + ".test", "Carla");
        newUser(acme, "caiox@" + acme.slug() + ".test", "Caio");

        assertThat(names(acme, "100%")).containsExactly("Ana 100% vendas");
        assertThat(names(acme, "a_x")).containsExactly("Carla");
    }

    @Test
    void aSearchPagesWithItsCursorAndNeverLeavesTheWorkspace() {
        Tenant acme = newWorkspace();
        Tenant globex = newWorkspace();
        for (int i = 0; i < 5; i++) {
            newUser(acme, "seller" + i + "@" + acme.slug() + ".test", "Seller " + i);
        }
        newUser(acme, "buyer@" + acme.slug() + ".test", "Buyer");
        newUser(globex, "seller@" + globex.slug() + ".test", "Seller elsewhere");

        List<String> found = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            Api.Response page = api().get("/api/v1/users?q=seller&limit=2" + cursor, acme.adminToken());
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(u -> found.add(u.get("name").asString()));
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : "&cursor=" + next.asString();
            pages++;
        } while (cursor != null);

        assertThat(found).containsExactly("Seller 0", "Seller 1", "Seller 2", "Seller 3", "Seller 4");
        assertThat(pages).isEqualTo(3);
    }

    private List<String> names(Tenant tenant, String q) {
        Api.Response page = api().get(
                        "/api/v1/users?limit=200&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
                        tenant.adminToken());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        page.json().get("items").forEach(u -> names.add(u.get("name").asString()));
        return names;
    }
}
