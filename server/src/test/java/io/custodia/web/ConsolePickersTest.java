package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pickers: search as you type (people, departments, teams), drawn from the API's own searches. */
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

    @Test
    void departmentsTeamsAndATeamsMembersAreSearchedAndTheSearchButtonWorksWithoutJavaScript() throws Exception {
        Tenant acme = newWorkspace();
        String vendas = department(acme, "Vendas Sul");
        department(acme, "Compras");
        String suporte = created(api().post("/api/v1/teams", acme.adminToken(), Map.of("name", "Suporte N1")));
        created(api().post("/api/v1/teams", acme.adminToken(), Map.of("name", "Cobrança")));
        UUID ana = newUser(acme, "ana@" + acme.slug() + ".test", "Ana Atendente");
        UUID bruno = newUser(acme, "bruno@" + acme.slug() + ".test", "Bruno Alheio");
        put(acme, "/api/v1/teams/" + suporte + "/members/" + ana, "{\"supervisor\": false}");
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(acme.slug(), "admin@" + acme.slug() + ".test", PASSWORD);

        // The API searches departments and teams by name, whatever the case, wildcards taken literally.
        assertThat(names(api().get("/api/v1/departments?q=VENDAS", acme.adminToken())))
                .containsExactly("Vendas Sul");
        assertThat(names(api().get("/api/v1/departments?q=%25", acme.adminToken())))
                .isEmpty();
        assertThat(names(api().get("/api/v1/departments", acme.adminToken()))).hasSize(2);
        assertThat(names(api().get("/api/v1/teams?q=n1", acme.adminToken()))).containsExactly("Suporte N1");
        assertThat(api().get("/api/v1/users?status=gone", acme.adminToken()).status())
                .isEqualTo(422);

        // The pickers' fragments offer them as choices for the field, escaped.
        String deps = browser.get("/pickers/departments?field=departmentId&_typed=sul")
                .body();
        assertThat(deps)
                .contains("name=\"departmentId\" value=\"" + vendas + "\"")
                .doesNotContain("Compras");
        String teams = browser.get("/pickers/teams?field=teamId&_typed=sup").body();
        assertThat(teams).contains("value=\"" + suporte + "\"").doesNotContain("Cobrança");
        assertThat(browser.get("/pickers/teams?field=teamId&_typed=nada").body())
                .contains("No team matches.")
                .doesNotContain("type=\"radio\"");
        // A conversation's attendant is found among its team's members only.
        String members = browser.get("/pickers/people?teamId=" + suporte + "&field=attendantId&_typed=a")
                .body();
        assertThat(members).contains("value=\"" + ana + "\"").doesNotContain(bruno.toString());
        String contact = created(api().post("/api/v1/contacts", acme.adminToken(), Map.of("firstName", "C")));
        String conversation = created(api().post(
                        "/api/v1/conversations",
                        acme.adminToken(),
                        Map.of("teamId", suporte, "contactId", contact, "channel", "chat", "subject", "S")));
        assertThat(browser.get("/conversations/" + conversation).body())
                .contains("hx-get=\"/pickers/people?teamId=" + suporte + "&amp;field=attendantId&amp;required=false\"")
                .doesNotContain("<select id=\"a-user\"")
                .doesNotContain("Bruno Alheio");
        // Odd values answer nothing, never a server error, for every kind of picker.
        for (String path : new String[] {"/pickers/departments", "/pickers/teams", "/pickers/people?teamId=x"}) {
            String join = path.contains("?") ? "&" : "?";
            for (String typed : new String[] {"%00", "%ED%A0%80", "%3Cscript%3E", "x".repeat(100_000)}) {
                HttpResponse<String> answer = browser.get(path + join + "field=f&_typed=" + typed);
                assertThat(answer.statusCode()).as(path + " " + typed.length()).isIn(200, 400, 422);
                assertThat(answer.body()).doesNotContain("type=\"radio\"").doesNotContain("<script>");
            }
        }
        // Someone not signed in finds nothing.
        ConsoleVisitor stranger = new ConsoleVisitor(port());
        for (String path : new String[] {
            "/pickers/departments?field=f&_typed=sul", "/pickers/teams?field=f&_typed=sup", "/pickers/find?_find=x"
        }) {
            HttpResponse<String> answer = stranger.get(path);
            assertThat(answer.statusCode()).as(path).isNotEqualTo(200);
            assertThat(answer.body()).as(path).doesNotContain("Vendas").doesNotContain("Suporte");
        }

        // The assignments page picks the department and the team by search, no select list of them.
        String assignments = browser.get("/admin/assignments").body();
        assertThat(assignments)
                .contains("hx-get=\"/pickers/departments?field=departmentId&amp;required=false\"")
                .contains("hx-get=\"/pickers/teams?field=teamId&amp;required=false\"")
                .doesNotContain("<select id=\"as-dep\"")
                .doesNotContain("<select id=\"as-team\"");

        // Without JavaScript: the search button sends only what was typed in the pickers (their
        // own form), and the page comes back with the matches drawn under the box.
        assertThat(assignments)
                .contains("<form id=\"picker-find\" method=\"get\" action=\"/pickers/find\"")
                .contains("form=\"picker-find\" name=\"_find\" value=\"as-dep\"");
        String back = "http://localhost:" + port() + "/admin/assignments";
        HttpResponse<String> found = browser.get(
                "/pickers/find?_pickers=as-user+/pickers/people&_typed=&_pickers=as-dep+/pickers/departments"
                        + "&_typed=vendas&_pickers=as-team+/pickers/teams&_typed=&_find=as-dep",
                "Referer",
                back);
        assertThat(found.statusCode()).isEqualTo(302);
        assertThat(found.headers().firstValue("Location").orElseThrow()).endsWith("/admin/assignments");
        String drawn = browser.get("/admin/assignments").body();
        assertThat(drawn)
                .contains("name=\"departmentId\" value=\"" + vendas + "\"")
                .contains("value=\"vendas\"")
                .doesNotContain("Compras");
        assertThat(browser.get("/admin/assignments").body())
                .as("the matches are drawn once")
                .doesNotContain("name=\"departmentId\" value=\"" + vendas + "\"");
        // A source that is no picker's, or a page elsewhere, finds nothing and goes nowhere else.
        HttpResponse<String> forged = browser.get(
                "/pickers/find?_pickers=x+/api/v1/users&_typed=ana&_find=x", "Referer", "http://evil.test/x");
        assertThat(forged.headers().firstValue("Location").orElseThrow()).doesNotContain("evil");
        assertThat(browser.get("/").body()).doesNotContain(ana.toString());
    }

    private static List<String> names(Api.Response answer) {
        List<String> names = new ArrayList<>();
        answer.json().get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
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
