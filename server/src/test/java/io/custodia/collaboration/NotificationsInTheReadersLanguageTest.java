package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A notification is kept as a message key and read in the language of whoever reads it. */
class NotificationsInTheReadersLanguageTest extends ApiTest {

    @Test
    void theSameMentionReadsInPortugueseOrEnglishAsTheReaderAsks() {
        Tenant t = newWorkspace();
        onePipeline(t);
        // Bia has no role: she is told of the mention, and that she needs access to read it.
        newUser(t, "bia@" + t.slug() + ".test", "Bia Souza");
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Fazenda Aurora")));
        created(api().post(
                        "/api/v1/deals/" + deal + "/comments",
                        t.adminToken(),
                        Map.of("body", "Veja isto, @bia@" + t.slug() + ".test")));
        String bia = login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);

        JsonNode portuguese = first(bia, "pt-BR");
        JsonNode english = first(bia, "en");

        assertThat(portuguese.get("id")).isEqualTo(english.get("id"));
        assertThat(portuguese.get("message").asString())
                .isEqualTo("Admin mencionou você em um negócio que você não pode ver: é preciso ter acesso;"
                        + " peça-o para ler o comentário");
        assertThat(english.get("message").asString())
                .isEqualTo("Admin mentioned you on a deal you cannot see: access is required; request it to read"
                        + " the comment");
        assertThat(english.get("messageKey").asString()).isEqualTo("notice.mentionAccessRequired.deal");
        assertThat(english.get("messageArgs").get(0).asString()).isEqualTo("Admin");
    }

    private JsonNode first(String token, String language) {
        return api().send("GET", "/api/v1/notifications", token, null, null, "Accept-Language", language)
                .json()
                .get("items")
                .get(0);
    }
}
