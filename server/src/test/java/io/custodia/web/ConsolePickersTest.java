package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The people pickers: search as you type, drawn from the API's search of the directory. */
class ConsolePickersTest extends ApiTest {

    @Test
    void thePickerOffersTheFirstMatchesEscapedAndARecordFormNoLongerHoldsEveryone() throws Exception {
        Tenant acme = newWorkspace();
        for (int i = 0; i < 30; i++) {
            newUser(acme, String.format("p%02d@%s.test", i, acme.slug()), String.format("Pessoa %02d", i));
        }
        UUID odd = newUser(acme, "zq@" + acme.slug() + ".test", "<script>alert(1)</script> Zélia Quintana");
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(acme.slug(), "admin@" + acme.slug() + ".test", PASSWORD);

        // What is typed finds by name or e-mail, at most ten at a time, each a choice for the field.
        String some = fragment(browser, "ownerId", "PESSOA");
        assertThat(count(some, "type=\"radio\" name=\"ownerId\"")).isEqualTo(PickerPages.SHOWN);
        String one = fragment(browser, "ownerId", "quint");
        assertThat(count(one, "type=\"radio\"")).isEqualTo(1);
        assertThat(one)
                .contains("value=\"" + odd + "\"", "&lt;script&gt;alert(1)&lt;/script&gt; Zélia Quintana")
                .doesNotContain("<script>");
        assertThat(fragment(browser, "ownerId", "nobody-at-all"))
                .contains("No one matches.")
                .doesNotContain("type=\"radio\"");
        // Nothing typed offers no one: the picker never lists the whole workspace, nor the viewer.
        assertThat(fragment(browser, "ownerId", "")).doesNotContain("type=\"radio\"");
        assertThat(fragment(browser, "ownerId", "   ")).doesNotContain("type=\"radio\"");

        // Odd input answers no one, never a server error (NUL, lone surrogates and broken UTF-8 are
        // refused, 400 or 422, by the server's parameter rules before any page), and a field name is never written out
        // raw.
        for (String typed :
                new String[] {"%00", "a%00b", "%ED%A0%80", "%FF%FE", "1e400", "%25", "_", "x".repeat(100_000)}) {
            HttpResponse<String> answer = browser.get("/pickers/people?field=ownerId&_typed=" + typed);
            assertThat(answer.statusCode())
                    .as(typed.length() > 20 ? "100k" : typed)
                    .isIn(200, 400, 422);
            assertThat(answer.body()).doesNotContain("Pessoa").doesNotContain("type=\"radio\"");
        }
        HttpResponse<String> badField = browser.get("/pickers/people?field=%3Cscript%3E&_typed=quint");
        assertThat(badField.statusCode()).isEqualTo(200);
        assertThat(badField.body()).doesNotContain("<script>").doesNotContain("type=\"radio\"");

        // Someone not signed in lists no one.
        HttpResponse<String> stranger = new ConsoleVisitor(port()).get("/pickers/people?field=ownerId&_typed=quint");
        assertThat(stranger.statusCode()).isNotEqualTo(200);
        assertThat(stranger.body()).doesNotContain("Quintana");

        // A record's page holds its owner and the picker, not the workspace's people.
        onePipeline(acme);
        String deal = created(api().post("/api/v1/deals", acme.adminToken(), Map.of("title", "Harbour cranes")));
        String page = browser.get("/deals/" + deal).body();
        assertThat(page)
                .contains("hx-get=\"/pickers/people?field=ownerId&amp;required=true\"")
                .contains("hx-get=\"/pickers/people?field=userId&amp;required=true\"")
                .contains("name=\"ownerId\" value=\"" + acme.adminId() + "\" checked")
                .doesNotContain("Pessoa 0")
                .doesNotContain("Quintana")
                .doesNotContain("<select id=\"f-owner\"");
        // The explorer and a list's filter neither list everyone nor hold the viewer.
        for (String path : new String[] {"/access", "/deals"}) {
            String other = browser.get(path).body();
            assertThat(other).as(path).doesNotContain("Pessoa 0").doesNotContain("Quintana");
            assertThat(other).as(path).doesNotContain("value=\"" + acme.adminId() + "\"");
        }
        // Nor do the forms that add someone to a department or a list, or give someone a role.
        String vendas = department(acme, "Vendas");
        String list = created(api().post("/api/v1/lists", acme.adminToken(), Map.of("name", "Clientes")));
        for (String path : new String[] {"/admin/departments", "/admin/assignments", "/lists/" + list}) {
            String other = browser.get(path).body();
            assertThat(other).as(path).doesNotContain("Pessoa 0").doesNotContain("Quintana");
        }
        assertThat(browser.get("/admin/departments").body())
                .contains("hx-get=\"/pickers/people?field=userId&amp;required=true\"", "id=\"dm-" + vendas + "\"");

        // Choosing a match and saving makes that person the owner; the search box is not sent on.
        String csrf = browser.csrfFrom("/deals/" + deal);
        String version = api().get("/api/v1/deals/" + deal, acme.adminToken())
                .json()
                .get("version")
                .asString();
        HttpResponse<String> saved = browser.post(
                "/deals/" + deal,
                "_csrf=" + ConsoleVisitor.encoded(csrf) + "&version=" + version + "&title=Harbour+cranes&ownerId=" + odd
                        + "&_typed=quint");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(api().get("/api/v1/deals/" + deal, acme.adminToken())
                        .json()
                        .get("ownerId")
                        .asString())
                .isEqualTo(odd.toString());
    }

    private static String fragment(ConsoleVisitor browser, String field, String typed) throws Exception {
        HttpResponse<String> answer = browser.get(
                "/pickers/people?field=" + field + "&required=true&_typed=" + ConsoleVisitor.encoded(typed));
        assertThat(answer.statusCode()).as(typed).isEqualTo(200);
        return answer.body();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
