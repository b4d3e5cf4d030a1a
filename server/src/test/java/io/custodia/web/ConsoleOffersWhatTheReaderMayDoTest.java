package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console follows each user's rights (issue #28): a record's page offers the actions its reader
 * may take and no others (a reader sees the fields disabled, with no save, delete or sharing form;
 * a holder of an EDIT share can save but neither delete nor share; the owner can do all three), and
 * links to why the reader sees it; a list's hidden fields are picked per field; a template role is
 * copied from its page.
 */
class ConsoleOffersWhatTheReaderMayDoTest extends ApiTest {

    @Test
    void aRecordsPageOffersOnlyTheActionsItsReaderMayTake() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Own deals, reads all",
                                "entities",
                                Map.of(
                                        "deal",
                                        Map.of(
                                                "read", Map.of("level", "ALL"),
                                                "update", Map.of("level", "OWN"),
                                                "delete", Map.of("level", "OWN"))))));
        UUID owner = newUser(t, "owner@" + t.slug() + ".test");
        UUID editor = newUser(t, "editor@" + t.slug() + ".test");
        UUID reader = newUser(t, "reader@" + t.slug() + ".test");
        for (UUID user : new UUID[] {owner, editor, reader}) {
            assign(t, role, user);
        }
        String deal = created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", "Harbour cranes", "ownerId", owner.toString())));
        put(t, "/api/v1/deals/" + deal + "/shares/" + editor, "{\"level\":\"EDIT\"}");

        String reads = page(t, "reader", deal);
        String edits = page(t, "editor", deal);
        String owns = page(t, "owner", deal);

        assertThat(reads)
                .contains("<fieldset class=\"fields\" disabled>")
                .doesNotContain("/deals/" + deal + "/delete")
                .doesNotContain("/deals/" + deal + "/shares\"")
                .doesNotContain(">Save<");
        assertThat(edits)
                .contains("<fieldset class=\"fields\">", ">Save<")
                .doesNotContain("/deals/" + deal + "/delete")
                .doesNotContain("/deals/" + deal + "/shares\"");
        assertThat(owns)
                .contains("<fieldset class=\"fields\">", ">Save<", "/deals/" + deal + "/delete")
                .contains("action=\"/deals/" + deal + "/shares\"");
    }

    @Test
    void aRecordsPageLinksToWhyItsReaderSeesItAndTheExplainerPagesNeedNoParameters() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        UUID reader = newUser(t, "reader@" + t.slug() + ".test");
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Harbour cranes")));
        share(t, "deals", deal, reader);
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), "reader@" + t.slug() + ".test", PASSWORD);

        Matcher link = Pattern.compile("href=\"(/access/explain\\?[^\"]+)\"")
                .matcher(browser.get("/deals/" + deal).body());
        assertThat(link.find()).as("a \"why can I see this?\" link").isTrue();
        HttpResponse<String> why = browser.get(link.group(1).replace("&amp;", "&"));
        HttpResponse<String> bareExplain = browser.get("/access/explain");
        HttpResponse<String> bareEffective = browser.get("/access/effective");

        assertThat(why.statusCode()).as(why.body()).isEqualTo(200);
        assertThat(why.body()).contains("verdict-allowed", "Allowed");
        for (HttpResponse<String> bare : List.of(bareExplain, bareEffective)) {
            assertThat(bare.statusCode()).as(bare.body()).isEqualTo(200);
            assertThat(bare.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        }
    }

    @Test
    void aListsHiddenFieldsArePickedFromTheContactsFieldsAndNoneTickedHidesNothing() throws Exception {
        Tenant t = newWorkspace();
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of("entity", "contact", "key", "cpf", "label", "CPF", "type", "text")));
        newUser(t, "owner@" + t.slug() + ".test");
        String owner = login(t.slug(), "owner@" + t.slug() + ".test", PASSWORD);
        String list = created(api().post("/api/v1/lists", owner, Map.of("name", "Clientes SP")));
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), "owner@" + t.slug() + ".test", PASSWORD);

        String page = browser.get("/lists/" + list).body();
        String csrf = browser.csrfFrom("/lists/" + list);
        HttpResponse<String> hidden =
                browser.post("/lists/" + list + "/hidden-fields", "fields=phone&fields=cpf&_csrf=" + csrf);
        var afterHiding = api().get("/api/v1/lists/" + list, owner).json().get("hiddenFields");
        HttpResponse<String> none = browser.post("/lists/" + list + "/hidden-fields", "_csrf=" + csrf);
        var afterNone = api().get("/api/v1/lists/" + list, owner).json().get("hiddenFields");

        assertThat(page)
                .contains("type=\"checkbox\" name=\"fields\" value=\"phone\"")
                .contains("type=\"checkbox\" name=\"fields\" value=\"cpf\"")
                .contains("CPF");
        assertThat(hidden.statusCode()).isEqualTo(302);
        assertThat(afterHiding.valueStream().map(f -> f.asString())).containsExactlyInAnyOrder("phone", "cpf");
        assertThat(none.statusCode()).isEqualTo(302);
        assertThat(afterNone.isEmpty()).as(afterNone.toString()).isTrue();
    }

    @Test
    void aTemplateRoleIsCopiedFromItsPageUnderANewName() throws Exception {
        Tenant t = newWorkspace();
        String salesperson = roleId(t, "Salesperson");
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        String csrf = browser.csrfFrom("/admin/roles/" + salesperson);
        String inPortuguese =
                browser.get("/admin/roles/" + salesperson + "?lang=pt-BR").body();

        HttpResponse<String> copied =
                browser.post("/admin/roles/" + salesperson + "/copy", "name=Vendas+SP&_csrf=" + csrf);

        assertThat(copied.statusCode()).as(copied.body()).isEqualTo(302);
        String location = copied.headers().firstValue("Location").orElseThrow();
        String copy = location.substring(location.lastIndexOf('/') + 1);
        var original = api().get("/api/v1/roles/" + salesperson, t.adminToken()).json();
        var made = api().get("/api/v1/roles/" + copy, t.adminToken()).json();
        assertThat(made.get("name").asString()).isEqualTo("Vendas SP");
        assertThat(made.get("entities")).isEqualTo(original.get("entities"));
        // The editor names fields and permissions in the reader's words, keys only as a hint.
        assertThat(inPortuguese)
                .contains(">Empresa</label>", "Gerenciar papéis e atribuições", "Copiar como novo papel")
                .doesNotContain(">companyId</label>");
    }

    private String page(Tenant t, String who, String deal) throws Exception {
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), who + "@" + t.slug() + ".test", PASSWORD);
        return browser.get("/deals/" + deal).body();
    }
}
