package io.custodia.web;

import static io.custodia.platform.db.Tables.INTEGRATION_CALL;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A salesperson's day and an administrator's day in the console, in Portuguese and in English,
 * driven through Debian's headless Chromium. The screenshots of the main pages land in
 * {@code target/screenshots} (the ones in docs/screenshots come from here).
 */
class ConsoleJourneysTest extends ApiTest {
    private static final Path SHOTS = Path.of("target/screenshots");

    private Tenant tenant;
    private UUID ana;
    private UUID bruno;
    private String pipeline;
    private String won;
    private String dealOfAna;
    private String dealElsewhere;
    private String south;

    @BeforeEach
    void aSalesTeam() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        pipeline = created(api().post(
                        "/api/v1/pipelines",
                        tenant.adminToken(),
                        Map.of(
                                "name",
                                "Vendas",
                                "stages",
                                List.of(
                                        Map.of("name", "Prospecção", "kind", "OPEN"),
                                        Map.of("name", "Proposta", "kind", "OPEN"),
                                        Map.of("name", "Ganho", "kind", "WON")))));
        won = api().get("/api/v1/pipelines", tenant.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("stages")
                .get(2)
                .get("id")
                .asString();
        ana = newUser(tenant, "ana@" + tenant.slug() + ".test");
        bruno = newUser(tenant, "bruno@" + tenant.slug() + ".test");
        UUID carla = newUser(tenant, "carla@" + tenant.slug() + ".test");
        south = department(tenant, "Sul");
        String north = department(tenant, "Norte");
        join(tenant, south, ana);
        join(tenant, south, bruno);
        join(tenant, north, carla);
        String salesperson = roleId(tenant, "Salesperson");
        for (UUID user : List.of(ana, bruno, carla)) {
            created(api().post(
                            "/api/v1/role-assignments",
                            tenant.adminToken(),
                            Map.of("roleId", salesperson, "userId", user.toString())));
        }
        String anaToken = login(tenant.slug(), "ana@" + tenant.slug() + ".test", PASSWORD);
        dealOfAna = created(api().post(
                        "/api/v1/deals",
                        anaToken,
                        Map.of("title", "Fazenda Aurora", "amount", 125000.5, "currency", "BRL")));
        String carlaToken = login(tenant.slug(), "carla@" + tenant.slug() + ".test", PASSWORD);
        dealElsewhere = created(api().post(
                        "/api/v1/deals",
                        carlaToken,
                        Map.of("title", "Porto Norte", "amount", 9000, "currency", "BRL")));
    }

    private void signIn(ConsoleBrowser browser, String lang, String email) {
        browser.signIn(lang, tenant.slug(), email, PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void aSalespersonFindsADealLogsACallAndMentionsAColleague(String lang) throws Exception {
        boolean pt = lang.equals("pt-BR");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, lang, "ana@" + tenant.slug() + ".test");
            assertThat(browser.heading()).isEqualTo((pt ? "Olá, " : "Hello, ") + "ana");

            browser.follow(pt ? "Negócios" : "Deals");
            browser.fill("q", "Aurora");
            browser.press(pt ? "Filtrar" : "Filter");
            // Her own deal, formatted as money in the page's language; Carla's deal is not hers to see.
            assertThat(browser.text())
                    .contains("Fazenda Aurora")
                    .contains(pt ? "R$ 125.000,50" : "R$125,000.50")
                    .doesNotContain("Porto Norte");
            browser.screenshot(SHOTS.resolve(lang + "-deals.png"));

            browser.follow("Fazenda Aurora");
            browser.chooseValue("a-type", "call");
            browser.fill("a-subject", pt ? "Ligação de acompanhamento" : "Follow-up call");
            browser.pressNear("a-subject", pt ? "Registrar" : "Log it");
            assertThat(browser.text()).contains(pt ? "Ligação: Ligação de acompanhamento" : "Call: Follow-up call");

            browser.fill(
                    "c-body",
                    (pt ? "Pode revisar a proposta? " : "Can you review the offer? ") + "@bruno@" + tenant.slug()
                            + ".test");
            browser.pressNear("c-body", pt ? "Publicar comentário" : "Post comment");
            assertThat(browser.text()).contains(pt ? "Pode revisar a proposta?" : "Can you review the offer?");
            browser.screenshot(SHOTS.resolve(lang + "-deal.png"));

            browser.open("/board?pipelineId=" + pipeline);
            assertThat(browser.text()).contains("Prospecção").contains("Fazenda Aurora");
            browser.screenshot(SHOTS.resolve(lang + "-board.png"));
            browser.screenshot(SHOTS.resolve(lang + "-board-phone.png"), 390);
        }
        // Bruno was told, through the same notifications every client reads.
        String brunoToken = login(tenant.slug(), "bruno@" + tenant.slug() + ".test", PASSWORD);
        var notifications =
                api().get("/api/v1/notifications", brunoToken).json().get("items");
        assertThat(notifications.valueStream().map(n -> n.get("type").asString()))
                .contains("mention");
        var activities = api().get("/api/v1/activities?dealId=" + dealOfAna, tenant.adminToken())
                .json()
                .get("items");
        assertThat(activities.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void aSalespersonIsToldWhyACardCannotMoveToAStageHerRoleCloses(String lang) {
        boolean pt = lang.equals("pt-BR");
        String role = created(api().post(
                        "/api/v1/roles",
                        tenant.adminToken(),
                        Map.of(
                                "name",
                                "No closing " + lang,
                                "entities",
                                Map.of(
                                        "deal",
                                        Map.of("read", Map.of("level", "OWN"), "update", Map.of("level", "OWN"))),
                                "stages",
                                Map.of(won, Map.of("update", Map.of("level", "NONE"))))));
        created(api().post(
                        "/api/v1/role-assignments",
                        tenant.adminToken(),
                        Map.of("roleId", role, "userId", ana.toString())));
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, lang, "ana@" + tenant.slug() + ".test");
            browser.open("/board?pipelineId=" + pipeline);
            browser.choose("move-" + dealOfAna, "Ganho");
            String refused = pt ? "Você não tem permissão para isso." : "You do not have permission for this.";
            browser.pressInPlace("move-" + dealOfAna, pt ? "Mover" : "Move", refused);
            assertThat(browser.text()).contains(refused).contains("update");
            // A stage she may move into: the card moves without the page being reloaded.
            browser.choose("move-" + dealOfAna, "Proposta");
            browser.pressInPlace(
                    "move-" + dealOfAna,
                    pt ? "Mover" : "Move",
                    pt ? "O negócio foi para a nova etapa." : "The deal moved");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void anAdministratorShapesTheOrganisationAndExplainsAccess(String lang) throws Exception {
        boolean pt = lang.equals("pt-BR");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, lang, "admin@" + tenant.slug() + ".test");

            // A department, from the tree page.
            browser.open("/admin/departments");
            browser.fill("d-name", "Litoral " + lang);
            browser.pick("d-parent", "Sul", south);
            browser.pressNear("d-name", pt ? "Criar" : "Create");
            assertThat(browser.text()).contains("Litoral " + lang);
            browser.screenshot(SHOTS.resolve(lang + "-departments.png"));
            assertThat(api().get("/api/v1/departments", tenant.adminToken()).body())
                    .contains("Litoral " + lang);

            // A stage permission on the Salesperson role: no updates in the won stage.
            String salesperson = roleId(tenant, "Salesperson");
            browser.open("/admin/roles/" + salesperson);
            browser.chooseValue("s-" + won + "-update", "NONE");
            // And a condition from the builder: deals in reais or dollars only.
            browser.expand("cf-deal-read");
            browser.chooseValue("cf-deal-read", "currency");
            browser.chooseValue("co-deal-read", "in");
            browser.fill("cv-deal-read", "BRL, USD");
            browser.press(pt ? "Salvar" : "Save");
            assertThat(browser.text()).contains(pt ? "Salvo." : "Saved.");
            browser.screenshot(SHOTS.resolve(lang + "-role.png"));
            var role = api().get("/api/v1/roles/" + salesperson, tenant.adminToken())
                    .json();
            assertThat(role.get("stages").get(won).get("update").get("level").asString())
                    .isEqualTo("NONE");
            assertThat(role.get("entities")
                            .get("deal")
                            .get("read")
                            .get("condition")
                            .toString())
                    .isEqualTo("{\"field\":\"currency\",\"op\":\"in\",\"values\":[\"BRL\",\"USD\"]}");

            // Why Ana cannot see Carla's deal.
            browser.open("/access");
            browser.pick("x-user", "ana@", ana.toString());
            browser.fill("x-record", dealElsewhere);
            browser.pressNear("x-record", pt ? "Explicar" : "Explain");
            assertThat(browser.heading()).contains(pt ? "Por que esta pessoa" : "Why can");
            assertThat(browser.text()).contains(pt ? "Não permitido" : "Not allowed");
            browser.screenshot(SHOTS.resolve(lang + "-explain.png"));

            // What moving Ana to the north would change, before anything is saved.
            String north = api().get("/api/v1/departments", tenant.adminToken())
                    .json()
                    .get("items")
                    .valueStream()
                    .filter(d -> d.get("name").asString().equals("Norte"))
                    .findFirst()
                    .orElseThrow()
                    .get("id")
                    .asString();
            browser.open("/access");
            browser.pick("si-user", "ana@", ana.toString());
            browser.chooseValue("si-op", "joinDepartment");
            browser.chooseValue("si-dep", north);
            browser.pressNear("si-op", pt ? "Simular" : "Simulate");
            assertThat(browser.text())
                    .contains(pt ? "Uma simulação: nada foi alterado." : "A simulation: nothing was changed.");
            // Giving her the Manager role would change levels: those show first, before and after.
            browser.open("/access");
            browser.pick("si-user", "ana@", ana.toString());
            browser.chooseValue("si-op", "assignRole");
            browser.chooseValue("si-role", roleId(tenant, "Manager"));
            browser.pressNear("si-op", pt ? "Simular" : "Simulate");
            assertThat(browser.text())
                    .contains(
                            pt
                                    ? "O que a mudança concederia e retiraria"
                                    : "What the change would grant and take away");
            browser.screenshot(SHOTS.resolve(lang + "-simulation.png"));
            assertThat(api().get("/api/v1/departments/" + north + "/members", tenant.adminToken())
                            .body())
                    .doesNotContain(ana.toString());

            // The access review, downloaded with the browser's own session.
            HttpResponse<String> review = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/access/review.csv"))
                                    .header("Cookie", "JSESSIONID=" + browser.cookie("JSESSIONID"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(review.statusCode()).isEqualTo(200);
            assertThat(review.headers().firstValue("Content-Disposition").orElse(""))
                    .contains("access-review.csv");
            assertThat(review.body()).contains("ana@" + tenant.slug() + ".test");
            // The download was an export: audited, and what the next review is compared with.
            assertThat(api().get("/api/v1/audit?action=access_review.exported", tenant.adminToken())
                            .json()
                            .get("items")
                            .size())
                    .isEqualTo(1);
            newUser(tenant, "diana@" + tenant.slug() + ".test");
            browser.open("/access");
            browser.follow(pt ? "Comparado com a última revisão" : "Compared with the last review");
            assertThat(browser.text())
                    .contains(pt ? "Desde a revisão exportada" : "Since the review exported", "diana@");

            anAppIsEditedReKeyedTracedAndDeleted(browser, pt, lang);

            browser.open("/conversations");
            browser.screenshot(SHOTS.resolve(lang + "-inbox.png"));
            browser.open("/access/effective?userId=" + ana);
            browser.screenshot(SHOTS.resolve(lang + "-effective.png"));
        }
    }

    /** Seed 000 in the console: an app edited, its secret rotated, its sync log filtered to what failed, deleted. */
    private void anAppIsEditedReKeyedTracedAndDeleted(ConsoleBrowser browser, boolean pt, String lang)
            throws Exception {
        String app = created(api().post(
                        "/api/v1/integrations/apps",
                        tenant.adminToken(),
                        Map.of(
                                "name",
                                "Notas " + lang,
                                "redirectUris",
                                List.of("http://localhost:9999/cb"),
                                "scopes",
                                List.of("deals:read"))));
        for (String[] call : List.of(
                new String[] {"/api/v1/deals", "ok", null},
                new String[] {"/api/v1/integrations/meetings", "partial", "field amount: expected a number"})) {
            db.insertInto(INTEGRATION_CALL)
                    .set(INTEGRATION_CALL.WORKSPACE_ID, tenant.id())
                    .set(INTEGRATION_CALL.ID, UUID.randomUUID())
                    .set(INTEGRATION_CALL.APP_ID, UUID.fromString(app))
                    .set(INTEGRATION_CALL.METHOD, "POST")
                    .set(INTEGRATION_CALL.ENDPOINT, call[0])
                    .set(INTEGRATION_CALL.STATUS, 201)
                    .set(INTEGRATION_CALL.OUTCOME, call[1])
                    .set(INTEGRATION_CALL.ERROR, call[2])
                    .set(INTEGRATION_CALL.DURATION_MS, 5)
                    .execute();
        }
        browser.open("/admin/integrations");
        browser.expand("ed-name-" + app);
        browser.fill("ed-name-" + app, "Notas de reunião " + lang);
        browser.pressNear("ed-name-" + app, pt ? "Salvar aplicativo" : "Save app");
        assertThat(browser.text()).contains(pt ? "Salvo." : "Saved.", "Notas de reunião " + lang);

        browser.expand("ov-" + app);
        browser.fill("ov-" + app, "0");
        browser.pressNear("ov-" + app, pt ? "Trocar segredo" : "Rotate secret");
        assertThat(browser.text())
                .contains(pt ? "O segredo anterior continua valendo até" : "The previous secret keeps working until");
        assertThat(api().get("/api/v1/audit?action=integration.app.secret_rotated", tenant.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);

        browser.open("/admin/integrations?appId=" + app);
        browser.chooseValue("sync-outcome", "not-ok");
        browser.pressNear("sync-outcome", pt ? "Filtrar" : "Filter");
        assertThat(browser.text()).contains("expected a number").doesNotContain("POST /api/v1/deals");
        browser.screenshot(SHOTS.resolve(lang + "-integrations.png"));

        browser.expand("ov-" + app);
        browser.press(pt ? "Excluir aplicativo" : "Delete app");
        assertThat(api().get("/api/v1/integrations/apps", tenant.adminToken()).body())
                .doesNotContain(app);
    }

    @Test
    void theInboxShowsANewConversationInTheQueueWithoutBeingReloaded() throws InterruptedException {
        String team = created(
                api().post("/api/v1/teams", tenant.adminToken(), Map.of("name", "Suporte", "visibility", "TEAM")));
        assertThat(api().send(
                                "PUT",
                                "/api/v1/teams/" + team + "/members/" + tenant.adminId(),
                                tenant.adminToken(),
                                "application/json",
                                "{\"supervisor\": false}")
                        .status())
                .isEqualTo(200);
        String contact = created(api().post("/api/v1/contacts", tenant.adminToken(), Map.of("firstName", "Lia")));
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, "en", "admin@" + tenant.slug() + ".test");
            browser.open("/conversations?tab=queue");
            assertThat(browser.text()).contains("The queue is empty.");
            browser.awaitLiveStream();
            // Several heartbeats (one a second in tests) pass: the stream of a live session stays open.
            Thread.sleep(3_000);
            created(api().post(
                            "/api/v1/conversations",
                            tenant.adminToken(),
                            Map.of(
                                    "teamId",
                                    team,
                                    "contactId",
                                    contact,
                                    "channel",
                                    "whatsapp",
                                    "subject",
                                    "Boleto vencido")));
            // The page is not reloaded: the live stream tells it, and it fetches the tab's rows again.
            browser.waitForText("Boleto vencido");
            assertThat(browser.text()).contains("Lia");
        }
    }

    @Test
    void signingOutWorksAfterTheInboxHasOpenedItsLiveStreamUnderTheContentSecurityPolicy() {
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, "en", "ana@" + tenant.slug() + ".test");
            browser.open("/conversations");
            // The stream is an API request carried by the session cookie, as every script's call is.
            browser.awaitLiveStream();
            // The Content-Security-Policy let htmx and its stream run, and refused nothing the pages hold.
            browser.open("/deals");
            browser.open("/board");
            browser.open("/conversations");
            browser.awaitLiveStream();
            assertThat(browser.contentSecurityViolations()).isEmpty();
            browser.press("Sign out");
            assertThat(browser.path()).isEqualTo("/login");
            assertThat(browser.text()).contains("You are signed out.");
            browser.open("/deals");
            assertThat(browser.path()).as("the session is over").isEqualTo("/login");
        }
    }

    @Test
    void theConsoleIsBehindSignInAndItsFormsNeedTheCsrfToken() throws Exception {
        Api.Response page = api().send("GET", "/deals", null, null, null, "Accept", "text/html");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login");
        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("workspace=" + tenant.slug()
                                        + "&email=admin%40" + tenant.slug() + ".test&password=x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
    }
}
