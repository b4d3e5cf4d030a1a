package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One record shared with one user: another way in, besides roles, that revoking closes at once. */
class RecordSharesTest extends ApiTest {
    private Tenant t;
    private UUID ana;
    private UUID carla;
    private String anaToken;
    private String carlaToken;
    private String carlasDeal;

    @BeforeEach
    void twoSalespeopleInDifferentDepartments() {
        t = newWorkspace();
        onePipeline(t);
        Map<String, Object> body = new HashMap<>(Map.of("name", "Sales"));
        String sales = created(api().post("/api/v1/departments", t.adminToken(), body));
        body.put("name", "Support");
        String support = created(api().post("/api/v1/departments", t.adminToken(), body));
        ana = newUser(t, "ana@" + t.slug() + ".test");
        carla = newUser(t, "carla@" + t.slug() + ".test");
        api().send("PUT", "/api/v1/departments/" + sales + "/members/" + ana, t.adminToken(), "application/json", "{}");
        api().send(
                        "PUT",
                        "/api/v1/departments/" + support + "/members/" + carla,
                        t.adminToken(),
                        "application/json",
                        "{}");
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "everyone", true)));
        anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
        carlaToken = login(t.slug(), "carla@" + t.slug() + ".test", PASSWORD);
        carlasDeal = created(api().post("/api/v1/deals", carlaToken, Map.of("title", "Carla's")));
    }

    private Api.Response share(String token, UUID with, String level) {
        return api().send(
                        "PUT",
                        "/api/v1/deals/" + carlasDeal + "/shares/" + with,
                        token,
                        "application/json",
                        Api.json(Map.of("level", level)));
    }

    @Test
    void aReadShareLetsHerSeeTheDealInGetListAndExplainUntilItIsRevoked() {
        assertThat(api().get("/api/v1/deals/" + carlasDeal, anaToken).status()).isEqualTo(404);

        assertThat(share(carlaToken, ana, "READ").status()).isEqualTo(200);

        assertThat(api().get("/api/v1/deals/" + carlasDeal, anaToken).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/deals", anaToken).json().get("items").size())
                .isEqualTo(1);
        assertThat(api().patch("/api/v1/deals/" + carlasDeal, anaToken, Map.of("title", "Mine"))
                        .status())
                .isEqualTo(403);
        var why = api().get(
                        "/api/v1/access/explain?userId=" + ana + "&entity=deal&action=read&recordId=" + carlasDeal,
                        t.adminToken())
                .json();
        assertThat(why.get("allowed").asBoolean()).isTrue();
        assertThat(why.get("paths").toString()).contains("\"share\"");
        assertThat(api().get("/api/v1/deals/" + carlasDeal + "/shares", carlaToken)
                        .json()
                        .get("items")
                        .get(0)
                        .get("level")
                        .asString())
                .isEqualTo("READ");

        assertThat(api().send("DELETE", "/api/v1/deals/" + carlasDeal + "/shares/" + ana, carlaToken, null, null)
                        .status())
                .isEqualTo(204);

        assertThat(api().get("/api/v1/deals/" + carlasDeal, anaToken).status()).isEqualTo(404);
    }

    private List<String> anasDeals() {
        return api().get("/api/v1/deals", anaToken)
                .json()
                .get("items")
                .valueStream()
                .map(d -> d.get("id").asString())
                .toList();
    }

    @Test
    void aDealSharedWithHerIsInHerVeryNextListHoweverSharesComeAndGo() {
        // Her list read first: the server now knows she holds no share and lists her own deals only.
        assertThat(anasDeals()).isEmpty();

        share(carlaToken, ana, "READ");
        assertThat(anasDeals()).containsExactly(carlasDeal);

        api().send("DELETE", "/api/v1/deals/" + carlasDeal + "/shares/" + ana, carlaToken, null, null);
        assertThat(anasDeals()).isEmpty();
        share(carlaToken, ana, "EDIT");
        assertThat(anasDeals()).containsExactly(carlasDeal);

        // Her last share gone, then another access change: the server reads the workspace again
        // and forgets she held one; a new share must still reach her next list.
        api().send("DELETE", "/api/v1/deals/" + carlasDeal + "/shares/" + ana, carlaToken, null, null);
        api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support"));
        assertThat(anasDeals()).isEmpty();
        share(carlaToken, ana, "READ");
        assertThat(anasDeals()).containsExactly(carlasDeal);
    }

    @Test
    void anEditShareLetsHerUpdateButNeverDeleteReOwnOrPassItOn() {
        share(carlaToken, ana, "EDIT");
        UUID bruno = newUser(t, "bruno@" + t.slug() + ".test");

        assertThat(api().patch("/api/v1/deals/" + carlasDeal, anaToken, Map.of("title", "Renamed by Ana"))
                        .status())
                .isEqualTo(200);
        assertThat(api().send("DELETE", "/api/v1/deals/" + carlasDeal, anaToken, null, null)
                        .status())
                .isEqualTo(403);
        Api.Response reown = api().patch("/api/v1/deals/" + carlasDeal, anaToken, Map.of("ownerId", ana.toString()));
        assertThat(reown.status()).isEqualTo(403);
        assertThat(share(anaToken, bruno, "READ").status()).isEqualTo(403);
        assertThat(api().get("/api/v1/audit?action=deal.shared", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void onlyTheOwnerOrAnUpdaterShares() {
        Api.Response stranger = share(anaToken, ana, "READ");
        Api.Response badLevel = share(carlaToken, ana, "OWNER");
        Api.Response unknownUser = share(carlaToken, UUID.randomUUID(), "READ");

        assertThat(stranger.status()).isEqualTo(404);
        assertThat(badLevel.status()).isEqualTo(400);
        assertThat(unknownUser.status()).isEqualTo(404);
    }

    @Test
    void everyShareIsListedOnlyToThoseWhoMayShareAndOthersSeeTheirOwnWithoutItsMaker() {
        UUID dan = newUser(t, "dan@" + t.slug() + ".test");
        String danToken = login(t.slug(), "dan@" + t.slug() + ".test", PASSWORD);
        assertThat(share(carlaToken, ana, "READ").status()).isEqualTo(200);
        assertThat(share(carlaToken, dan, "EDIT").status()).isEqualTo(200);
        String path = "/api/v1/deals/" + carlasDeal + "/shares";

        var all = api().get(path, carlaToken).json().get("items");
        var anas = api().get(path, anaToken).json().get("items");
        var dans = api().get(path, danToken).json().get("items");

        assertThat(all.size()).isEqualTo(2);
        assertThat(all.get(0).get("createdBy").asString()).isEqualTo(carla.toString());
        assertThat(anas.size()).as(anas.toString()).isEqualTo(1);
        assertThat(anas.get(0).get("userId").asString()).isEqualTo(ana.toString());
        assertThat(anas.get(0).get("createdBy").isNull()).isTrue();
        assertThat(dans.size())
                .as("an EDIT share does not let her pass it on, nor see the others")
                .isEqualTo(1);
        assertThat(dans.get(0).get("userId").asString()).isEqualTo(dan.toString());
    }
}
