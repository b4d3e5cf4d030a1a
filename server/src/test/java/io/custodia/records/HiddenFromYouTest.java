package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paths of issue #22, each in its own words: what a salesperson may not see (a hidden field,
 * someone else's deal and what hangs on it) changes no answer she gets. NoninterferenceTest proves
 * the same on random worlds; these are the scenarios that were reproduced over HTTP.
 */
class HiddenFromYouTest extends ApiTest {
    private Tenant t;
    private UUID ana;
    private UUID bruno;
    private UUID carla;
    private String anaToken;

    @BeforeEach
    void sales() {
        t = newWorkspace();
        onePipeline(t);
        String sales = department(t, "Sales");
        ana = newUser(t, "ana@" + t.slug() + ".test");
        bruno = newUser(t, "bruno@" + t.slug() + ".test");
        carla = newUser(t, "carla@" + t.slug() + ".test");
        join(t, sales, ana);
        join(t, sales, bruno);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "departmentId", sales)));
        anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
    }

    private String deal(String title, UUID owner, int amount) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("ownerId", owner.toString());
        body.put("amount", amount);
        return created(api().post("/api/v1/deals", t.adminToken(), body));
    }

    /** A personal role of Ana's holding field entries on deals only. */
    private void anaSees(Map<String, String> fields) {
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "Fields " + fields, "fields", Map.of("deal", fields))));
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", role, "userId", ana.toString())));
    }

    @Test
    void aHiddenTitleIsNeitherSearchedNorSortedNorCarriedInACursor() {
        deal("Secret merger", bruno, 10);
        deal("Open tender", bruno, 20);
        anaSees(Map.of("title", "HIDDEN"));

        assertThat(api().get("/api/v1/deals?q=Secret", anaToken)
                        .json()
                        .get("items")
                        .size())
                .isZero();
        Api.Response byName = api().get("/api/v1/deals?sort=name", anaToken);
        assertThat(byName.status()).isEqualTo(422);
        assertThat(byName.json().get("errors").get(0).get("field").asString()).isEqualTo("sort");
        String cursor = api().get("/api/v1/deals?limit=1", anaToken)
                .json()
                .get("nextCursor")
                .asString();
        assertThat(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1))
                .doesNotContain("Secret")
                .doesNotContain("Open");
    }

    @Test
    void filtersByAHiddenOwnerOrStageAreRefusedNeverApplied() {
        deal("Bruno's", bruno, 10);
        anaSees(Map.of("ownerId", "HIDDEN", "stageId", "HIDDEN"));

        for (String filter : List.of("ownerId=" + bruno, "stageId=" + UUID.randomUUID())) {
            Api.Response filtered = api().get("/api/v1/deals?" + filter, anaToken);
            assertThat(filtered.status()).as(filter).isEqualTo(422);
            assertThat(filtered.json().get("errors").get(0).get("message").asString())
                    .contains("hidden from you");
        }
        assertThat(api().get("/api/v1/deals/" + deal("Ana's", ana, 5), anaToken).body())
                .doesNotContain("ownerId")
                .doesNotContain("stageId");
    }

    @Test
    void aCallerWhoMayNotUpdateGetsOneAnswerWhateverTheBodyAndAHiddenFieldOneWhateverItsValue() {
        String brunos = deal("Bruno's", bruno, 200);
        String anas = deal("Ana's", ana, 100);
        anaSees(Map.of("amount", "HIDDEN"));

        Api.Response repeating = api().patch("/api/v1/deals/" + brunos, anaToken, Map.of("amount", 200));
        Api.Response differing = api().patch("/api/v1/deals/" + brunos, anaToken, Map.of("amount", 999));
        assertThat(repeating.status()).isEqualTo(403);
        assertThat(repeating.body()).isEqualTo(differing.body()).contains("deal.update");

        Api.Response same = api().patch("/api/v1/deals/" + anas, anaToken, Map.of("amount", 100));
        Api.Response other = api().patch("/api/v1/deals/" + anas, anaToken, Map.of("amount", 5));
        assertThat(same.status()).isEqualTo(403);
        assertThat(same.body()).isEqualTo(other.body()).contains("hidden from you");
    }

    @Test
    void theOwnerObeysFieldEntriesOnCreateAndUpdate() {
        String anas = deal("Ana's", ana, 100);
        // A role that would let her give deals to anyone, but keeps the owner read-only for her.
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Gives deals to anyone, owner read-only",
                                "entities",
                                Map.of(
                                        "deal",
                                        Map.of(
                                                "read", Map.of("level", "ALL"),
                                                "create", Map.of("level", "ALL"),
                                                "update", Map.of("level", "ALL"))),
                                "fields",
                                Map.of("deal", Map.of("ownerId", "READ")))));
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", role, "userId", ana.toString())));

        assertThat(api().patch("/api/v1/deals/" + anas, anaToken, Map.of("ownerId", bruno.toString()))
                        .status())
                .isEqualTo(403);
        assertThat(api().post("/api/v1/deals", anaToken, Map.of("title", "Given", "ownerId", bruno.toString()))
                        .status())
                .isEqualTo(403);
        assertThat(api().post("/api/v1/deals", anaToken, Map.of("title", "Mine", "ownerId", ana.toString()))
                        .status())
                .isEqualTo(201);
        assertThat(api().patch("/api/v1/deals/" + anas, anaToken, Map.of("ownerId", ana.toString(), "title", "Kept"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void activitiesAndNotesGoWithTheirDealWhenItIsReassignedAway() {
        String deal = deal("Ana's for now", ana, 100);
        String call = created(api().post(
                        "/api/v1/activities",
                        anaToken,
                        Map.of("type", "call", "subject", "Pricing call", "dealId", deal)));
        String note =
                created(api().post("/api/v1/notes", anaToken, Map.of("body", "They want 20 seats", "dealId", deal)));
        assertThat(api().get("/api/v1/activities/" + call, anaToken).status()).isEqualTo(200);

        api().patch("/api/v1/deals/" + deal, t.adminToken(), Map.of("ownerId", carla.toString()));

        assertThat(api().get("/api/v1/activities/" + call, anaToken).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/notes/" + note, anaToken).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/activities?dealId=" + deal, anaToken)
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(api().get("/api/v1/notes?q=seats", anaToken)
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    @Test
    void aDealListsOnlyTheContactsTheReaderMayReadAndHerWriteKeepsTheOthers() {
        String hers = created(api().post(
                        "/api/v1/contacts", t.adminToken(), Map.of("lastName", "Visible", "ownerId", ana.toString())));
        String carlas = created(api().post(
                        "/api/v1/contacts",
                        t.adminToken(),
                        Map.of("lastName", "Elsewhere", "ownerId", carla.toString())));
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Joint");
        body.put("ownerId", ana.toString());
        body.put("contactIds", List.of(hers, carlas));
        String deal = created(api().post("/api/v1/deals", t.adminToken(), body));

        assertThat(api().get("/api/v1/deals/" + deal, anaToken)
                        .json()
                        .get("contactIds")
                        .toString())
                .contains(hers)
                .doesNotContain(carlas);
        api().patch("/api/v1/deals/" + deal, anaToken, Map.of("contactIds", List.of()));
        assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                        .json()
                        .get("contactIds")
                        .toString())
                .contains(carlas)
                .doesNotContain(hers);
    }

    @Test
    void everyExportAnswersAlikeToACallerWhoMayExportNothing() {
        for (String type : List.of("deals", "contacts", "companies", "activities", "notes")) {
            Api.Response export = api().get("/api/v1/" + type + "/export", anaToken);
            assertThat(export.status()).as(type).isEqualTo(403);
            assertThat(export.json().get("detail").asString()).contains(".export");
        }
    }

    @Test
    void theRecycleBinShowsOnlyWhatTheCallerMayReadAndRestoresNothingElse() {
        String deleter = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Deletes notes, reads none",
                                "entities",
                                Map.of(
                                        "note",
                                        Map.of("read", Map.of("level", "NONE"), "delete", Map.of("level", "ALL"))))));
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", deleter, "userId", ana.toString())));
        String deal = deal("Ana's", ana, 1);
        String note = created(
                api().post("/api/v1/notes", t.adminToken(), Map.of("body", "Whole private body", "dealId", deal)));
        api().send("DELETE", "/api/v1/notes/" + note, t.adminToken(), null, null);

        assertThat(api().get("/api/v1/trash", anaToken).body())
                .doesNotContain("Whole private body")
                .doesNotContain(note);
        assertThat(api().post("/api/v1/trash/notes/" + note + "/restore", anaToken, Map.of())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aCursorWorksOnlyForItsCallerItsListAndItsFilters() {
        for (int i = 0; i < 3; i++) {
            deal("Ana's " + i, ana, i);
        }
        String cursor = api().get("/api/v1/deals?limit=1&q=Ana", anaToken)
                .json()
                .get("nextCursor")
                .asString();

        assertThat(api().get("/api/v1/deals?limit=1&q=Ana&cursor=" + cursor, anaToken)
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/deals?limit=2&q=Ana&cursor=" + cursor, anaToken)
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/deals?limit=1&q=An&cursor=" + cursor, anaToken)
                        .status())
                .isEqualTo(400);
        assertThat(api().get("/api/v1/contacts?limit=1&q=Ana&cursor=" + cursor, anaToken)
                        .status())
                .isEqualTo(400);
        assertThat(api().get("/api/v1/deals?limit=1&q=Ana&cursor=" + cursor, t.adminToken())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anExplanationDoesNotNameAPrivateListTheAskerIsNotOn() {
        String contact = created(api().post(
                        "/api/v1/contacts", t.adminToken(), Map.of("lastName", "Listed", "ownerId", ana.toString())));
        String list = created(api().post("/api/v1/lists", anaToken, Map.of("name", "Ana's secret clients")));
        assertThat(api().post("/api/v1/lists/" + list + "/contacts", anaToken, Map.of("contactId", contact))
                        .status())
                .isEqualTo(201);

        String asked = "/api/v1/access/explain?userId=" + ana + "&entity=contact&action=read&recordId=" + contact;
        Api.Response byAdmin = api().get(asked, t.adminToken());
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(byAdmin.body()).doesNotContain("Ana's secret clients").contains("whose name is not shown");
        assertThat(api().get(asked, anaToken).body()).contains("Ana's secret clients");
    }
}
