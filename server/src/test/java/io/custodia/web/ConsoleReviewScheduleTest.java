package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The access review schedule's page is a role manager's only: anyone else gets no link to it and
 * is refused it (whether a schedule exists or not, so the refusal tells nothing); a value the API
 * refuses comes back on the form in the page's language; the apps scope is offered only to whom
 * the API would let set it.
 */
class ConsoleReviewScheduleTest extends ApiTest {
    private static final String PAGE = "/access/reviews/schedule";
    private static final String API = "/api/v1/access/review-schedule";

    @Test
    void someoneWithoutRolesManageGetsNoLinkAndIsRefusedThePage() throws Exception {
        Tenant t = newWorkspace();
        newUser(t, "bia@" + t.slug() + ".test", "Bia Souza");
        ConsoleVisitor bia = new ConsoleVisitor(port());
        bia.signIn(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        refusedTheSchedule(bia, "without a schedule");
        assertThat(setByApi(t.adminToken(), "everyone").status()).isEqualTo(200);
        refusedTheSchedule(bia, "with a schedule");

        String csrf = ConsoleVisitor.encoded(bia.csrfFrom("/access/reviews"));
        HttpResponse<String> set =
                bia.post(PAGE, "everyMonths=1&kind=administrators&onTimeout=revoke&daysToDecide=3&_csrf=" + csrf);
        HttpResponse<String> stopped = bia.post(PAGE + "/stop", "_csrf=" + csrf);
        assertThat(List.of(set.statusCode(), stopped.statusCode())).containsOnly(302);
        var schedule = api().get(API, t.adminToken());
        assertThat(schedule.status()).isEqualTo(200);
        assertThat(schedule.json().get("scope").get("kind").asString())
                .as("the refused forms changed nothing")
                .isEqualTo("everyone");
    }

    @Test
    void aValueTheApiRefusesComesBackOnTheFormInPortuguese() throws Exception {
        Tenant t = newWorkspace();
        ConsoleVisitor admin = new ConsoleVisitor(port());
        admin.get("/login?lang=pt-BR");
        admin.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        String referer = "http://localhost:" + port() + PAGE;
        for (var refused : Map.of(
                        "everyMonths=3&daysToDecide=400", "um número inteiro de 1 a 365",
                        "everyMonths=25&daysToDecide=30", "um número inteiro de 1 a 24")
                .entrySet()) {
            HttpResponse<String> sent = admin.post(
                    PAGE,
                    refused.getKey() + "&kind=everyone&onTimeout=keep&reviewerId=&_csrf="
                            + ConsoleVisitor.encoded(admin.csrfFrom(PAGE)),
                    "Referer",
                    referer);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(302);
            assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith(PAGE);
            HttpResponse<String> page = admin.get(PAGE);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .as(refused.getKey())
                    .contains("class=\"error\"", refused.getValue(), "Salvar a agenda")
                    .doesNotContain("a whole number");
        }
        assertThat(api().get(API, t.adminToken()).status()).isEqualTo(404);
    }

    @Test
    void theAppsScopeIsOfferedOnlyToWhomTheApiLetsSetIt() throws Exception {
        Tenant t = newWorkspace();
        UUID rita = newUser(t, "rita@" + t.slug() + ".test", "Rita");
        assign(
                t,
                created(api().post(
                                "/api/v1/roles",
                                t.adminToken(),
                                Map.of("name", "Gestão de papéis", "system", List.of("roles.manage")))),
                rita);
        String ritas = login(t.slug(), "rita@" + t.slug() + ".test", PASSWORD);
        assertThat(setByApi(ritas, "apps").status()).isEqualTo(403);
        assertThat(setByApi(ritas, "everyone").status()).isEqualTo(200);
        assertThat(setByApi(t.adminToken(), "apps").status()).isEqualTo(200);

        ConsoleVisitor manager = new ConsoleVisitor(port());
        manager.signIn(t.slug(), "rita@" + t.slug() + ".test", PASSWORD);
        ConsoleVisitor admin = new ConsoleVisitor(port());
        admin.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        // An apps schedule is not hers to read, replace or stop: the page is refused as the API is.
        assertThat(manager.get(PAGE).statusCode()).isEqualTo(403);
        assertThat(manager.get(PAGE + "/stop").statusCode()).isEqualTo(403);
        assertThat(setByApi(t.adminToken(), "everyone").status()).isEqualTo(200);
        for (String page : List.of(PAGE, "/access/reviews")) {
            assertThat(body(manager, page))
                    .as(page)
                    .contains("<option value=\"everyone\"")
                    .doesNotContain("<option value=\"apps\"");
            assertThat(body(admin, page)).as(page).contains("<option value=\"apps\"");
        }
        assertThat(body(manager, "/access/reviews")).contains("href=\"" + PAGE + "\"");
    }

    private void refusedTheSchedule(ConsoleVisitor visitor, String when) throws Exception {
        assertThat(body(visitor, "/access/reviews")).as(when).doesNotContain(PAGE);
        for (String page : List.of(PAGE, PAGE + "/stop")) {
            HttpResponse<String> refused = visitor.get(page);
            assertThat(refused.statusCode()).as(page + " " + when).isEqualTo(403);
            assertThat(refused.body()).as(page + " " + when).doesNotContain("sch-every");
        }
    }

    private Api.Response setByApi(String token, String kind) {
        return api().send(
                        "PUT",
                        API,
                        token,
                        "application/json",
                        "{\"everyMonths\": 6, \"scope\": {\"kind\": \"" + kind + "\"}, \"onTimeout\": \"keep\","
                                + " \"daysToDecide\": 30}");
    }

    private static String body(ConsoleVisitor visitor, String path) throws Exception {
        HttpResponse<String> page = visitor.get(path);
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        return page.body();
    }
}
