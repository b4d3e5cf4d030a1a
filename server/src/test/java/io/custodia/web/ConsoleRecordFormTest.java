package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The console's record form sends what the person changed: emptied fields empty, the rest untouched. */
class ConsoleRecordFormTest extends ApiTest {

    @Test
    void emptyingAnInputEmptiesTheFieldAndAFieldHiddenFromTheEditorIsNotShownAndStaysAsItWas() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        for (String key : List.of("region", "secretCode")) {
            created(api().post(
                            "/api/v1/fields",
                            t.adminToken(),
                            Map.of("entity", "deal", "key", key, "label", key, "type", "text")));
        }
        String editorEmail = "editor@" + t.slug() + ".test";
        UUID editor = newUser(t, editorEmail);
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name", "Editor without secrets",
                                "entities",
                                        Map.of(
                                                "deal",
                                                Map.of(
                                                        "read",
                                                        Map.of("level", "ALL"),
                                                        "update",
                                                        Map.of("level", "ALL"))),
                                "fields", Map.of("deal", Map.of("secretCode", "HIDDEN")))));
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", role, "userId", editor.toString())));
        String deal = created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of(
                                "title",
                                "Harbour cranes",
                                "amount",
                                5000,
                                "ownerId",
                                editor.toString(),
                                "fields",
                                Map.of("region", "North", "secretCode", "CANARY-42"))));
        JsonNode before = api().get("/api/v1/deals/" + deal, t.adminToken()).json();
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), editorEmail, PASSWORD);
        String page = browser.get("/deals/" + deal).body();
        // The field hidden from the editor is not on her form at all; the one she may see is.
        assertThat(page)
                .contains("name=\"field.region\"")
                .doesNotContain("field.secretCode")
                .doesNotContain("CANARY-42");
        String csrf = browser.csrfFrom("/deals/" + deal);

        HttpResponse<String> saved = browser.post(
                "/deals/" + deal,
                form(
                        csrf,
                        before,
                        Map.of("title", "Harbour cranes", "amount", "", "field.region", "", "field.secretCode", "")));
        HttpResponse<String> unchanged = browser.post(
                "/deals/" + deal,
                form(
                        csrf,
                        api().get("/api/v1/deals/" + deal, t.adminToken()).json(),
                        Map.of("title", "Harbour cranes", "amount", "", "field.region", "", "field.secretCode", "")));

        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).contains("/deals/" + deal);
        JsonNode after = api().get("/api/v1/deals/" + deal, t.adminToken()).json();
        assertThat(after.get("amount").isNull()).as(after.toString()).isTrue();
        assertThat(after.get("fields").get("region").isNull())
                .as("an emptied custom field answers null")
                .isTrue();
        assertThat(after.get("fields").get("secretCode").asString()).isEqualTo("CANARY-42");
        assertThat(after.get("version").asLong())
                .isEqualTo(before.get("version").asLong() + 1);
        assertThat(unchanged.statusCode()).isEqualTo(302);
        assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                        .json()
                        .get("version")
                        .asLong())
                .as("a save without changes writes nothing")
                .isEqualTo(after.get("version").asLong());
    }

    @Test
    void builtInFieldsHiddenFromTheEditorHaveNoInputAndTheFormStillSaves() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        String editorEmail = "blind@" + t.slug() + ".test";
        UUID editor = newUser(t, editorEmail);
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name", "Editor of amounts",
                                "entities",
                                        Map.of(
                                                "deal",
                                                Map.of(
                                                        "read",
                                                        Map.of("level", "ALL"),
                                                        "update",
                                                        Map.of("level", "ALL"))),
                                "fields",
                                        Map.of(
                                                "deal",
                                                Map.of("title", "HIDDEN", "stageId", "HIDDEN", "ownerId", "HIDDEN")))));
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", role, "userId", editor.toString())));
        String deal =
                created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Harbour cranes", "amount", 5000)));
        JsonNode before = api().get("/api/v1/deals/" + deal, t.adminToken()).json();
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), editorEmail, PASSWORD);
        String page = browser.get("/deals/" + deal).body();
        assertThat(page)
                .contains("name=\"amount\"")
                .doesNotContain("name=\"title\"")
                .doesNotContain("name=\"stageId\"")
                .doesNotContain("name=\"ownerId\"")
                .doesNotContain("Harbour cranes");
        String csrf = browser.csrfFrom("/deals/" + deal);

        // What a browser sends for that page: the inputs it has, the amount changed.
        HttpResponse<String> saved = browser.post(
                "/deals/" + deal,
                "_csrf=" + ConsoleVisitor.encoded(csrf) + "&version="
                        + before.get("version").asLong() + "&amount=6000");

        assertThat(saved.statusCode()).isEqualTo(302);
        JsonNode after = api().get("/api/v1/deals/" + deal, t.adminToken()).json();
        assertThat(after.get("amount").decimalValue()).isEqualByComparingTo("6000");
        assertThat(after.get("title").asString()).isEqualTo("Harbour cranes");
        assertThat(after.get("ownerId").asString())
                .isEqualTo(before.get("ownerId").asString());
    }

    @Test
    void savingAFormShownBeforeSomeoneElsesChangeOverwritesNothing() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Harbour cranes")));
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        String csrf = browser.csrfFrom("/deals/" + deal);
        JsonNode shown = api().get("/api/v1/deals/" + deal, t.adminToken()).json();
        assertThat(api().patch("/api/v1/deals/" + deal, t.adminToken(), Map.of("title", "Harbour cranes, phase 2"))
                        .status())
                .isEqualTo(200);

        // Sent from the record's page, as a browser says: once changing the title back, once as shown.
        String page = "http://localhost:" + port() + "/deals/" + deal;
        for (String title : List.of("Harbour cranes", "Harbour cranes, phase 2")) {
            HttpResponse<String> refused = browser.post(
                    "/deals/" + deal, form(csrf, shown, Map.of("title", title, "amount", "")), "Referer", page);

            // Refused by the API (412); the console goes back to the record and says why.
            assertThat(refused.statusCode()).isEqualTo(302);
            String back = refused.headers().firstValue("Location").orElseThrow();
            assertThat(back).contains("/deals/" + deal);
            assertThat(browser.get(URI.create(back).getPath()).body())
                    .containsAnyOf(
                            "Someone changed this record after you opened it",
                            "Alguém alterou este registro depois que você o abriu");
        }
        assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                        .json()
                        .get("title")
                        .asString())
                .isEqualTo("Harbour cranes, phase 2");
    }

    /** The record form as the browser sends it: every input, with the stage and owner as shown. */
    private static String form(String csrf, JsonNode shown, Map<String, String> inputs) {
        StringBuilder body = new StringBuilder("_csrf=" + ConsoleVisitor.encoded(csrf));
        body.append("&version=").append(shown.get("version").asLong());
        body.append("&stageId=").append(shown.get("stageId").asString());
        body.append("&ownerId=").append(shown.get("ownerId").asString());
        inputs.forEach(
                (name, value) -> body.append('&').append(name).append('=').append(ConsoleVisitor.encoded(value)));
        return body.toString();
    }
}
