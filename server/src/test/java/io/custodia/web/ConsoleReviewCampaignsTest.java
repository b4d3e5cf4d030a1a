package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Access review campaigns in the console: the administrator starts one (in Portuguese), the head of
 * department revokes an item from their own page (in English), the administrator closes and exports.
 */
class ConsoleReviewCampaignsTest extends ApiTest {
    private static final Pattern ITEM_FORM = Pattern.compile("action=\"(/access/reviews/[^\"]+/decision)\"");

    @Test
    void theAdministratorStartsTheHeadRevokesTheAdministratorClosesAndExports() throws Exception {
        Tenant t = newWorkspace();
        Vendas v = vendasWithAHead(t, "Bia Souza");
        String vendas = v.department();

        ConsoleVisitor admin = new ConsoleVisitor(port());
        admin.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        String list = page(admin, "/access/reviews?lang=pt-BR");
        assertThat(list).contains("Campanhas de revisão de acesso", "Iniciar a campanha", "Nenhuma campanha ainda.");
        String due = Instant.now()
                .plus(7, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.MINUTES)
                .toString();
        HttpResponse<String> started = admin.post(
                "/access/reviews",
                "name=Revis%C3%A3o+Q4&kind=department&departmentId=" + vendas + "&dueAt="
                        + due.substring(0, due.length() - 1) + "&onTimeout=keep&reviewerId=&_csrf="
                        + ConsoleVisitor.encoded(admin.csrfFrom("/access/reviews")));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        String campaign = URI.create(started.headers().firstValue("Location").orElseThrow())
                .getPath();
        String overview = page(admin, campaign);
        assertThat(overview)
                .contains("Revisão Q4", "Bia Souza", "Encerrar a campanha", "Exportar o resultado (CSV)", "Sem decisão")
                .as("the administrator is not this item's reviewer: no decision form")
                .doesNotContain("/decision\"");

        ConsoleVisitor head = new ConsoleVisitor(port());
        head.signIn(t.slug(), "helena@" + t.slug() + ".test", PASSWORD);
        assertThat(page(head, "/access/reviews?lang=en"))
                .contains("Access review campaigns", "Revisão Q4")
                .doesNotContain("Start the campaign");
        String mine = page(head, campaign);
        assertThat(mine)
                .contains("Bia Souza", "Keep", "Revoke")
                .doesNotContain("Close the campaign", "Export the result");
        Matcher form = ITEM_FORM.matcher(mine);
        assertThat(form.find()).isTrue();
        HttpResponse<String> decided = head.post(
                form.group(1),
                "decision=revoke&comment=left+the+audit+team&_csrf=" + ConsoleVisitor.encoded(head.csrfFrom(campaign)));
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(302);
        assertThat(page(head, campaign)).contains("Revoked", "left the audit team");
        String bias = login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        assertThat(api().get("/api/v1/audit", bias).status()).isEqualTo(403);

        HttpResponse<String> closed =
                admin.post(campaign + "/close", "_csrf=" + ConsoleVisitor.encoded(admin.csrfFrom(campaign)));
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(302);
        assertThat(page(admin, campaign)).contains("Encerrada", "Resultado selado");
        HttpResponse<String> csv = admin.get(campaign + "/export.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body()).startsWith("itemId,kind").contains("Bia Souza", "revoked");
    }

    @Test
    void aShareAndAMembershipNameTheirRecordAndListOnlyToWhoMayReadThem() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        Vendas v = vendasWithAHead(t, "Bia Souza");
        UUID carla = newUser(t, "carla@" + t.slug() + ".test", "Carla");
        assign(t, roleId(t, "Salesperson"), carla);
        String carlas = login(t.slug(), "carla@" + t.slug() + ".test", PASSWORD);
        String deal = created(api().post("/api/v1/deals", carlas, Map.of("title", "Renovação secreta Acme")));
        String until = Instant.now().plus(30, ChronoUnit.DAYS).toString();
        assertThat(api().send(
                                "PUT",
                                "/api/v1/deals/" + deal + "/shares/" + v.bia(),
                                carlas,
                                "application/json",
                                Api.json(Map.of("level", "EDIT", "expiresAt", until)))
                        .status())
                .isEqualTo(200);
        String list = created(api().post("/api/v1/lists", carlas, Map.of("name", "Clientes VIP privados")));
        assertThat(api().send(
                                "PUT",
                                "/api/v1/lists/" + list + "/members/" + v.bia(),
                                carlas,
                                "application/json",
                                "{\"level\": \"VIEW\"}")
                        .status())
                .isEqualTo(200);
        String campaign = "/access/reviews/"
                + created(api().post(
                                "/api/v1/access/reviews",
                                t.adminToken(),
                                Map.of(
                                        "name",
                                        "Revisão Q4",
                                        "scope",
                                        Map.of("kind", "department", "departmentId", v.department()),
                                        "dueAt",
                                        Instant.now().plus(7, ChronoUnit.DAYS).toString(),
                                        "onTimeout",
                                        "keep")));

        ConsoleVisitor head = new ConsoleVisitor(port());
        head.signIn(t.slug(), "helena@" + t.slug() + ".test", PASSWORD);
        assertThat(page(head, campaign + "?lang=pt-BR"))
                .contains(
                        "Compartilhamento de registro",
                        "um negócio que você não pode ler",
                        "Pode editar",
                        "até ",
                        "Participação em lista",
                        "uma lista que você não pode ver")
                .doesNotContain("Renovação secreta Acme", deal, "Clientes VIP privados", list);

        ConsoleVisitor admin = new ConsoleVisitor(port());
        admin.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        assertThat(page(admin, campaign + "?lang=en"))
                .as("the administrator may read the deal, but is not on Carla's list")
                .contains(
                        "Record share", "Deal “Renovação secreta Acme”", "Can edit", "until ", "a list you may not see")
                .doesNotContain("Clientes VIP privados");
    }

    private static String page(ConsoleVisitor browser, String path) throws Exception {
        HttpResponse<String> response = browser.get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
