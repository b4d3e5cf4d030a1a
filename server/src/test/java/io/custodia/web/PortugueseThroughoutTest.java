package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every page of the console, read in Portuguese by an administrator in a workspace with something
 * on each page, holds no English sentence: a sentence with an English function word ("the", "you",
 * "with", ...) in the page's visible text is a text that was not translated.
 */
class PortugueseThroughoutTest extends ApiTest {
    private static final Pattern ENGLISH = Pattern.compile(
            "\\b(the|you|your|with|which|this|that|is|are|was|has|have|not|may|cannot|from|for|and|of|by"
                    + "|admits|allowed|denied|shared|level|everyone)\\b");
    private static final Pattern HIDDEN = Pattern.compile("(?is)<(script|style|code)[^>]*>.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]+>");

    @Test
    void noPageSpeaksEnglishToAPortugueseReader() throws Exception {
        Tenant t = newWorkspace();
        List<String> stages = pipelineOf(t, "Vendas", "Prospecção:OPEN", "Proposta:OPEN", "Ganho:WON");
        UUID bia = newUser(t, "bia@" + t.slug() + ".test", "Bia Souza");
        String deal = created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", "Fazenda Aurora", "stageId", stages.get(0), "amount", new BigDecimal("1500"))));
        String contact = created(
                api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Rita", "lastName", "Lopes")));
        String list = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", "Clientes-chave")));
        put(t, "/api/v1/lists/" + list + "/members/" + bia, "{\"level\":\"VIEW\"}");
        created(api().post(
                        "/api/v1/deals/" + deal + "/comments",
                        t.adminToken(),
                        Map.of("body", "Veja isto, @bia@" + t.slug() + ".test")));
        String bias = login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        created(api().post("/api/v1/access-requests", bias, Map.of("recordType", "deal", "recordId", deal)));
        String team =
                created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Suporte", "visibility", "TEAM")));
        String conversation = created(api().post(
                        "/api/v1/conversations",
                        t.adminToken(),
                        Map.of("teamId", team, "contactId", contact, "channel", "chat", "subject", "Pedido")));
        String role = roleId(t, "Salesperson");
        // A sharing rule reaching everyone: the explanations below name it.
        String sales = department(t, "Vendas");
        created(api().post(
                        "/api/v1/sharing-rules",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Vendas para todos",
                                "entity",
                                "deal",
                                "from",
                                Map.of("departmentId", sales, "includeSubdepartments", false),
                                "to",
                                Map.of("everyone", true),
                                "level",
                                "READ")));
        // An access review schedule over Vendas, with Bia reviewing: its page shows each of its parts.
        put(
                t,
                "/api/v1/access/review-schedule",
                "{\"everyMonths\": 3, \"scope\": {\"kind\": \"department\", \"departmentId\": \"" + sales
                        + "\"}, \"onTimeout\": \"revoke\", \"reviewerId\": \"" + bia + "\", \"daysToDecide\": 14}");

        ConsoleVisitor admin = new ConsoleVisitor(port());
        admin.get("/login?lang=pt-BR");
        admin.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        Map<String, List<String>> leaks = new TreeMap<>();
        for (String page : List.of(
                "/",
                "/dashboard",
                "/deals",
                "/deals/" + deal,
                "/contacts",
                "/contacts/" + contact,
                "/companies",
                "/board",
                "/conversations",
                "/conversations/" + conversation,
                // a conversation's explanation: its visibility rules, in the reader's language (#28)
                "/access/explain?userId=" + bia + "&entity=conversation&recordId=" + conversation,
                "/lists",
                "/lists/" + list,
                "/notifications",
                "/access-requests",
                "/access",
                "/access/explain?entity=deal&recordId=" + deal,
                "/access/explain?userId=" + bia + "&entity=deal&recordId=" + deal,
                "/access/effective?userId=" + bia,
                "/access/conflicts",
                "/access/review/changes",
                "/access/reviews",
                "/access/reviews/schedule",
                "/access/reviews/schedule/stop",
                "/admin",
                "/admin/users",
                "/admin/users/" + bia,
                "/admin/users/" + bia + "/offboard",
                "/admin/users/" + bia + "/offboard?transferTo=" + t.adminId()
                        + "&what=records&what=lists&deactivate=true",
                "/admin/departments",
                "/admin/teams",
                "/admin/assignments",
                "/admin/settings",
                "/admin/integrations",
                "/admin/audit",
                "/admin/roles",
                "/admin/roles/" + role,
                "/me/two-factor")) {
            var answer = admin.get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
            List<String> english = englishIn(answer.body());
            if (!english.isEmpty()) {
                leaks.put(page, english);
            }
        }
        assertThat(team).isNotBlank();
        assertThat(leaks).as("English in the Portuguese console").isEmpty();
    }

    /**
     * A refusal the console shows quotes the API's detail after its own sentence (issue #28): in
     * the Portuguese console that detail is Portuguese too, not the API's English.
     */
    @Test
    void theApisRefusalReadsInPortugueseOnAPortuguesePage() throws Exception {
        Tenant t = newWorkspace();
        newUser(t, "bia@" + t.slug() + ".test", "Bia Souza");
        ConsoleVisitor visitor = new ConsoleVisitor(port());
        visitor.get("/login?lang=pt-BR");
        visitor.signIn(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        Map<String, String> refusals = new TreeMap<>();
        for (String page : List.of("/deals/" + UUID.randomUUID(), "/access/effective?userId=" + t.adminId())) {
            var answer = visitor.get(page);
            assertThat(answer.statusCode()).as(page).isIn(403, 404);
            refusals.put(page, answer.body());
        }
        refusals.forEach((page, html) -> {
            assertThat(englishIn(html)).as(page).isEmpty();
            assertThat(html).as(page).containsAnyOf("não existe", "falta a permissão");
        });
    }

    /** The lines of the page's visible text that hold an English function word. */
    private static List<String> englishIn(String html) {
        String text = TAG.matcher(HIDDEN.matcher(html).replaceAll(" "))
                .replaceAll("\n")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'");
        List<String> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = ENGLISH.matcher(line);
            if (m.find()) {
                found.add(line.strip());
            }
        }
        return found;
    }
}
