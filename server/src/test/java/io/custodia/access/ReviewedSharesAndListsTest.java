package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.platform.WorkspaceSecrets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Access-model, "Access review campaigns": record shares and list memberships are items of a
 * people campaign; an item names its record or list only to a reader who may read it at that
 * moment; revoking one goes through the normal path with the starter's authority; the sealed
 * export holds ids, never titles.
 */
class ReviewedSharesAndListsTest extends ApiTest {
    private static final String TITLE = "Renovação secreta Acme";
    private static final String CARLAS_LIST = "Clientes VIP privados";
    private static final String ADMINS_LIST = "Parceiros do administrador";

    private Tenant t;
    private String vendas;
    private UUID helena;
    private UUID bia;
    private String carlas;
    private String bias;
    private String helenas;
    private String deal;
    private String carlasList;
    private String adminsList;
    private String until;
    private String campaign;

    @BeforeEach
    void biaHoldsAShareAndMembershipsHelenaCannotSee() {
        t = newWorkspace();
        onePipeline(t);
        Vendas v = vendasWithAHead(t, "Bia");
        vendas = v.department();
        helena = v.helena();
        bia = v.bia();
        UUID carla = newUser(t, "carla@" + t.slug() + ".test", "Carla");
        assign(t, roleId(t, "Salesperson"), carla);
        carlas = login(t.slug(), "carla@" + t.slug() + ".test", PASSWORD);
        bias = login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        helenas = login(t.slug(), "helena@" + t.slug() + ".test", PASSWORD);
        deal = created(api().post("/api/v1/deals", carlas, Map.of("title", TITLE)));
        until = Instant.now()
                .plus(Duration.ofDays(30))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        ok(api().send(
                        "PUT",
                        "/api/v1/deals/" + deal + "/shares/" + bia,
                        carlas,
                        "application/json",
                        Api.json(Map.of("level", "EDIT", "expiresAt", until))));
        carlasList = created(api().post("/api/v1/lists", carlas, Map.of("name", CARLAS_LIST)));
        member(carlasList, carlas, bia);
        adminsList = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", ADMINS_LIST)));
        member(adminsList, t.adminToken(), bia);
        created(api().post("/api/v1/lists", bias, Map.of("name", "Lista da Bia")));
        assertThat(api().get("/api/v1/deals/" + deal, helenas).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/lists/" + carlasList, helenas).status()).isEqualTo(404);
        campaign = created(api().post("/api/v1/access/reviews", t.adminToken(), departmentCampaign(vendas)));
    }

    private static Map<String, Object> departmentCampaign(String department) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Revisão de Vendas");
        body.put("scope", Map.of("kind", "department", "departmentId", department));
        body.put("dueAt", Instant.now().plus(Duration.ofDays(7)).toString());
        body.put("onTimeout", "keep");
        return body;
    }

    private void member(String list, String token, UUID user) {
        ok(api().send(
                        "PUT",
                        "/api/v1/lists/" + list + "/members/" + user,
                        token,
                        "application/json",
                        Api.json(Map.of("level", "VIEW"))));
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private String itemsBody(String token) {
        Api.Response r = api().get("/api/v1/access/reviews/" + campaign + "/items", token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private List<JsonNode> items(String token, String kind) {
        return api().get("/api/v1/access/reviews/" + campaign + "/items", token)
                .json()
                .get("items")
                .valueStream()
                .filter(i -> i.get("kind").asString().equals(kind))
                .toList();
    }

    /** The item as the administrator reads it: the share, or the membership of the list with this id. */
    private JsonNode adminsItem(String kind, String targetId) {
        return items(t.adminToken(), kind).stream()
                .filter(i -> i.get("target").get("id").asString().equals(targetId))
                .findFirst()
                .orElseThrow();
    }

    private static String outcome(JsonNode item) {
        return item.get("outcome").isNull() ? "" : item.get("outcome").asString();
    }

    private Api.Response decide(String item, String decision) {
        return api().post(
                        "/api/v1/access/reviews/" + campaign + "/items/" + item + "/decision",
                        helenas,
                        Map.of("decision", decision));
    }

    @Test
    void aDepartmentCampaignReviewsItsPeoplesSharesAndMembershipsButNotOwnership() {
        JsonNode share = adminsItem("record_share", deal);
        assertThat(share.get("subjectId").asString()).isEqualTo(bia.toString());
        assertThat(share.get("reviewerId").asString()).isEqualTo(helena.toString());
        assertThat(share.get("grant").asString()).isEqualTo("EDIT");
        assertThat(Instant.parse(share.get("expiresAt").asString())).isEqualTo(Instant.parse(until));
        assertThat(share.get("grantId").asString()).isEqualTo("deal/" + deal + "/" + bia);
        assertThat(share.get("target").get("type").asString()).isEqualTo("deal");
        assertThat(share.get("target").get("name").asString())
                .as("the administrator may read the deal: it is named")
                .isEqualTo(TITLE);

        List<JsonNode> memberships = items(t.adminToken(), "list_membership");
        assertThat(memberships)
                .as("Bia's memberships of Carla's and the administrator's lists; her own list's ownership is none")
                .hasSize(2)
                .allMatch(i -> i.get("subjectId").asString().equals(bia.toString()));
        assertThat(adminsItem("list_membership", adminsList)
                        .get("target")
                        .get("name")
                        .asString())
                .isEqualTo(ADMINS_LIST);
        assertThat(memberships.stream().map(i -> i.get("grant").asString())).containsOnly("VIEW");
        assertThat(items(t.adminToken(), "role_assignment")).hasSize(1);
    }

    @Test
    void aReviewerWhoMayNotReadTheRecordOrSeeTheListLearnsNoNameAndNoId() {
        String seen = itemsBody(helenas);
        assertThat(seen)
                .doesNotContain(TITLE, deal, CARLAS_LIST, carlasList, ADMINS_LIST, adminsList)
                .contains("\"kind\":\"record_share\"", "\"kind\":\"list_membership\"", "EDIT", "VIEW");
        JsonNode share = items(helenas, "record_share").get(0);
        assertThat(share.get("grantId").isNull()).isTrue();
        assertThat(share.get("target").get("type").asString()).isEqualTo("deal");
        assertThat(share.get("target").get("id").isNull()).isTrue();
        assertThat(share.get("target").get("name").isNull()).isTrue();
        assertThat(Instant.parse(share.get("expiresAt").asString()))
                .as("the grant's own end is still told")
                .isEqualTo(Instant.parse(until));
        JsonNode unseenList = adminsItem("list_membership", adminsList);
        assertThat(items(t.adminToken(), "list_membership"))
                .as("the administrator is not on Carla's list: to them too it is a list they may not see")
                .anyMatch(i -> i.get("target").get("id").isNull()
                        && i.get("grantId").isNull()
                        && !i.get("id").equals(unseenList.get("id")));

        // The twin world: the same but for what the reviewer may not read; her answer is the same bytes.
        ok(api().send("PATCH", "/api/v1/deals/" + deal, carlas, "application/json", "{\"title\": \"Outro título\"}"));
        ok(api().send("PATCH", "/api/v1/lists/" + carlasList, carlas, "application/json", "{\"name\": \"Outra\"}"));
        assertThat(itemsBody(helenas)).isEqualTo(seen);

        ok(api().send(
                        "PUT",
                        "/api/v1/deals/" + deal + "/shares/" + helena,
                        carlas,
                        "application/json",
                        "{\"level\": \"READ\"}"));
        assertThat(items(helenas, "record_share")
                        .get(0)
                        .get("target")
                        .get("name")
                        .asString())
                .as("decided when she reads the item: now she may read the deal")
                .isEqualTo("Outro título");
    }

    @Test
    void revokingGoesThroughTheNormalPathsWithTheStartersAuthority() {
        String shareItem = adminsItem("record_share", deal).get("id").asString();
        Api.Response revoked = decide(shareItem, "revoke");
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("outcome").asString()).isEqualTo("revoked");
        assertThat(revoked.body())
                .as("the answer to the reviewer names nothing either")
                .doesNotContain(TITLE, deal);
        assertThat(api().get("/api/v1/deals/" + deal, bias).status())
                .as("Bia's very next request no longer reads the deal")
                .isEqualTo(404);
        JsonNode unshared = api().get("/api/v1/audit?action=deal.unshared", t.adminToken())
                .json()
                .get("items")
                .get(0);
        assertThat(unshared.get("actor").toString()).contains(helena.toString());

        String adminsListItem =
                adminsItem("list_membership", adminsList).get("id").asString();
        assertThat(decide(adminsListItem, "revoke").json().get("outcome").asString())
                .isEqualTo("revoked");
        assertThat(api().get("/api/v1/lists/" + adminsList, bias).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/audit?action=list.member.removed", t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .get("actor")
                        .toString())
                .contains(helena.toString());

        String carlasListItem = items(t.adminToken(), "list_membership").stream()
                .filter(i -> i.get("target").get("id").isNull())
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        Api.Response refused = decide(carlasListItem, "revoke");
        assertThat(refused.json().get("outcome").asString())
                .as("the administrator who started the campaign is not on Carla's list")
                .isEqualTo("refused");
        assertThat(refused.json().get("reason").asString())
                .isEqualTo("whoever started the access review is not on this list");
        assertThat(refused.body()).doesNotContain(carlasList, CARLAS_LIST);
        assertThat(api().get("/api/v1/lists/" + carlasList, bias).status())
                .as("the membership stays")
                .isEqualTo(200);
    }

    @Test
    void aShareThatExpiredMeanwhileIsGone() {
        String second = created(api().post("/api/v1/deals", carlas, Map.of("title", "Curta duração")));
        String soon =
                Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS).toString();
        ok(api().send(
                        "PUT",
                        "/api/v1/deals/" + second + "/shares/" + bia,
                        carlas,
                        "application/json",
                        Api.json(Map.of("level", "READ", "expiresAt", soon))));
        campaign = created(api().post("/api/v1/access/reviews", t.adminToken(), departmentCampaign(vendas)));
        String item = adminsItem("record_share", second).get("id").asString();

        Instant deadline = Instant.now().plusSeconds(40);
        while (!outcome(adminsItem("record_share", second)).equals("gone")) {
            assertThat(Instant.now()).as("the share's end makes the item gone").isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertThat(decide(item, "keep").status()).isEqualTo(409);
        assertThat(adminsItem("record_share", deal).get("outcome").isNull())
                .as("the share that lasts is still to decide")
                .isTrue();
    }

    @Test
    void theSealedExportHoldsTypesAndIdsButNoTitleOrName() {
        Api.Response closed = api().post("/api/v1/access/reviews/" + campaign + "/close", t.adminToken(), Map.of());
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        Api.Response json = api().send(
                        "GET",
                        "/api/v1/access/reviews/" + campaign + "/export",
                        t.adminToken(),
                        null,
                        null,
                        "Accept",
                        "application/json");
        assertThat(WorkspaceSecrets.sha256(json.body()))
                .isEqualTo(closed.json().get("resultSha256").asString());
        assertThat(json.body())
                .contains(deal, carlasList, adminsList, "deal/" + deal + "/" + bia)
                .doesNotContain(TITLE, CARLAS_LIST, ADMINS_LIST);
        JsonNode share = json.json()
                .get("items")
                .valueStream()
                .filter(i -> i.get("kind").asString().equals("record_share"))
                .findFirst()
                .orElseThrow();
        assertThat(share.get("target").toString()).isEqualTo("{\"type\":\"deal\",\"id\":\"" + deal + "\"}");
        assertThat(Instant.parse(share.get("expiresAt").asString())).isEqualTo(Instant.parse(until));

        Api.Response csv = api().send(
                        "GET",
                        "/api/v1/access/reviews/" + campaign + "/export",
                        t.adminToken(),
                        null,
                        null,
                        "Accept",
                        "text/csv");
        assertThat(csv.body())
                .startsWith("itemId,kind,grantId,subjectId,subject,grant,expiresAt,targetType,targetId,reviewerId,")
                .contains("record_share,deal/" + deal, ",deal," + deal + ",", ",list," + carlasList + ",")
                .doesNotContain(TITLE, CARLAS_LIST);
    }
}
