package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004: the owner "may transfer the label, advisable if the original owner is leaving the
 * company". When they left without doing so, holders of users.manage see and transfer the lists of
 * the deactivated owner, and those lists only.
 */
class OrphanedListsTest extends ApiTest {
    private Tenant t;
    private UUID olga;
    private UUID pedro;
    private String pedroToken;
    private String maraToken;
    private String olgasList;
    private String pedrosList;

    @BeforeEach
    void anOwnerLeaves() {
        t = newWorkspace();
        olga = newUser(t, "olga@" + t.slug() + ".test");
        pedro = newUser(t, "pedro@" + t.slug() + ".test");
        UUID mara = newUser(t, "mara@" + t.slug() + ".test");
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Manager"), "userId", mara.toString())));
        String olgaToken = login(t.slug(), "olga@" + t.slug() + ".test", PASSWORD);
        pedroToken = login(t.slug(), "pedro@" + t.slug() + ".test", PASSWORD);
        maraToken = login(t.slug(), "mara@" + t.slug() + ".test", PASSWORD);
        olgasList = created(api().post("/api/v1/lists", olgaToken, Map.of("name", "Clientes da Olga")));
        pedrosList = created(api().post("/api/v1/lists", pedroToken, Map.of("name", "Clientes do Pedro")));
        assertThat(api().send(
                                "PUT",
                                "/api/v1/lists/" + olgasList + "/members/" + pedro,
                                olgaToken,
                                "application/json",
                                "{\"level\":\"VIEW\"}")
                        .status())
                .isEqualTo(200);
    }

    private void deactivateOlga() {
        assertThat(api().patch("/api/v1/users/" + olga, t.adminToken(), Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
    }

    private Api.Response transfer(String token, String list, UUID to) {
        return api().post("/api/v1/lists/" + list + "/transfer", token, Map.of("userId", to.toString()));
    }

    @Test
    void anAdministratorSeesNoListOfAnActiveOwnerAndSeesOlgasOnceSheIsDeactivated() {
        assertThat(api().get("/api/v1/lists/" + olgasList, t.adminToken()).status())
                .isEqualTo(404);

        deactivateOlga();
        Api.Response seen = api().get("/api/v1/lists/" + olgasList, t.adminToken());
        JsonNode orphaned =
                api().get("/api/v1/lists?orphaned=true", t.adminToken()).json();

        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().get("name").asString()).isEqualTo("Clientes da Olga");
        assertThat(seen.json().path("yourLevel").isMissingNode()
                        || seen.json().get("yourLevel").isNull())
                .isTrue();
        assertThat(seen.json().get("can").get("transfer").asBoolean())
                .as("the one action an adopter may take is offered")
                .isTrue();
        assertThat(seen.json().get("can").get("share").asBoolean()).isFalse();
        assertThat(orphaned.get("items").valueStream().map(l -> l.get("id").asString()))
                .containsExactly(olgasList);
        assertThat(api().get("/api/v1/lists/" + olgasList + "/contacts", t.adminToken())
                        .status())
                .as("seeing the list is not reading its contacts")
                .isEqualTo(404);
        assertThat(api().get("/api/v1/lists", t.adminToken()).body()).doesNotContain(olgasList);
    }

    @Test
    void theActiveOwnersPrivateListAnswersAsIfItDidNotExist() {
        deactivateOlga();
        Api.Response pedros = api().get("/api/v1/lists/" + pedrosList, t.adminToken());
        Api.Response missing = api().get("/api/v1/lists/" + UUID.randomUUID(), t.adminToken());
        Api.Response pedrosTransfer = transfer(t.adminToken(), pedrosList, olga);
        Api.Response missingTransfer =
                transfer(t.adminToken(), UUID.randomUUID().toString(), pedro);

        assertThat(List.of(pedros.status(), missing.status(), pedrosTransfer.status(), missingTransfer.status()))
                .containsOnly(404);
        assertThat(Api.withoutIds(pedros.body())).isEqualTo(Api.withoutIds(missing.body()));
        assertThat(Api.withoutIds(pedrosTransfer.body())).isEqualTo(Api.withoutIds(missingTransfer.body()));
    }

    @Test
    void withoutUsersManageNobodyElseAdoptsTheList() {
        deactivateOlga();

        assertThat(api().get("/api/v1/lists/" + olgasList, maraToken).status()).isEqualTo(404);
        assertThat(transfer(maraToken, olgasList, pedro).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/lists?orphaned=true", maraToken).status()).isEqualTo(403);
        assertThat(transfer(pedroToken, olgasList, pedro).status())
                .as("a VIEW member stays a VIEW member")
                .isEqualTo(403);
    }

    @Test
    void theAdministratorTransfersItToAnActiveUserOnlyAndTheReviewFlagsItUntilThen() {
        deactivateOlga();
        JsonNode review = api().get("/api/v1/access/review", t.adminToken()).json();
        assertThat(review.toString()).contains("deactivated but owns 1 shared list(s)");

        assertThat(transfer(t.adminToken(), olgasList, olga).status()).isEqualTo(422);
        Api.Response given = transfer(t.adminToken(), olgasList, pedro);

        assertThat(given.status()).isEqualTo(200);
        JsonNode asPedro = api().get("/api/v1/lists/" + olgasList, pedroToken).json();
        assertThat(asPedro.get("yourLevel").asString()).isEqualTo("OWNER");
        assertThat(asPedro.get("members").toString()).contains(olga + "\",\"level\":\"MANAGER");
        assertThat(api().get("/api/v1/audit?targetType=list", t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .toString())
                .contains("list.transferred")
                .contains(t.adminId().toString());
        assertThat(api().get("/api/v1/lists/" + olgasList, t.adminToken()).status())
                .as("an active owner's list again")
                .isEqualTo(404);
        assertThat(api().get("/api/v1/access/review", t.adminToken()).body()).doesNotContain("shared list(s)");
    }
}
