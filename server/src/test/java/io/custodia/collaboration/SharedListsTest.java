package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Shared contact lists over HTTP, level by level (access model section 7). The members hold no
 * role at all: whatever they can do here comes from the list alone.
 */
class SharedListsTest extends ApiTest {
    private Tenant t;
    private final Map<String, UUID> users = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();

    /** The last name of the contacts every user's roles read; the others are read only through lists. */
    private static final String READ_BY_EVERYONE = "Addable";

    @BeforeEach
    void workspace() {
        t = newWorkspace();
        for (String who : List.of("view", "edit", "delete", "manager", "owner", "stranger", "other")) {
            String email = who + "@" + t.slug() + ".test";
            users.put(who, newUser(t, email));
            tokens.put(who, login(t.slug(), email, PASSWORD));
        }
        String readsAddable = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Reads addable contacts",
                                "entities",
                                Map.of(
                                        "contact",
                                        Map.of(
                                                "read",
                                                Map.of(
                                                        "level",
                                                        "ALL",
                                                        "condition",
                                                        Map.of(
                                                                "field",
                                                                "lastName",
                                                                "op",
                                                                "eq",
                                                                "value",
                                                                READ_BY_EVERYONE)))))));
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", readsAddable, "everyone", true)));
    }

    private String contact(String firstName) {
        return created(api().post(
                        "/api/v1/contacts",
                        t.adminToken(),
                        Map.of("firstName", firstName, "lastName", "Souza", "phone", "+55 11 5555-0000")));
    }

    private String list(String name) {
        return created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", name)));
    }

    private int status(Api.Response response) {
        return response.status();
    }

    /** One level's abilities and refusals: every row is an action and the status it must answer. */
    private Map<String, Integer> actAs(String who) {
        String list = list("List of " + who);
        String onList = contact("OnList");
        String toRemove = contact("ToRemove");
        String toDelete = contact("ToDelete");
        // toAdd is readable by everyone's roles (a contact read only through a list or a share is not
        // one's to put on a list), so adding it tests the level alone.
        String toAdd = created(api().post(
                        "/api/v1/contacts",
                        t.adminToken(),
                        Map.of("firstName", "ToAdd", "lastName", READ_BY_EVERYONE)));
        for (String c : List.of(onList, toRemove, toDelete)) {
            assertThat(status(
                            api().post("/api/v1/lists/" + list + "/contacts", t.adminToken(), Map.of("contactId", c))))
                    .isEqualTo(201);
        }
        give(list, who);
        // Deleting the list is tried on a second one, since the owner's transfer above gives the first away.
        String doomed = list("Doomed list of " + who);
        give(doomed, who);
        String token = tokens.get(who);
        Map<String, Integer> got = new LinkedHashMap<>();
        got.put("read list", status(api().get("/api/v1/lists/" + list, token)));
        got.put("list contacts", status(api().get("/api/v1/lists/" + list + "/contacts", token)));
        got.put("read contact", status(api().get("/api/v1/contacts/" + onList, token)));
        got.put(
                "edit contact",
                status(api().patch("/api/v1/contacts/" + onList, token, Map.of("firstName", "Edited"))));
        got.put("comment", status(api().post("/api/v1/contacts/" + onList + "/comments", token, Map.of("body", "hi"))));
        got.put(
                "add contact",
                status(api().post("/api/v1/lists/" + list + "/contacts", token, Map.of("contactId", toAdd))));
        got.put(
                "create contact",
                status(api().post(
                                "/api/v1/lists/" + list + "/contacts",
                                token,
                                Map.of("firstName", "New", "lastName", "On the list"))));
        got.put(
                "remove contact",
                status(api().send("DELETE", "/api/v1/lists/" + list + "/contacts/" + toRemove, token, null, null)));
        got.put("delete contact", status(api().send("DELETE", "/api/v1/contacts/" + toDelete, token, null, null)));
        got.put(
                "share list",
                status(api().send(
                                "PUT",
                                "/api/v1/lists/" + list + "/members/" + users.get("other"),
                                token,
                                "application/json",
                                "{\"level\": \"EDIT\"}")));
        got.put(
                "hide fields",
                status(api().send(
                                "PUT",
                                "/api/v1/lists/" + list + "/hidden-fields",
                                token,
                                "application/json",
                                "[\"phone\"]")));
        got.put("rename", status(api().patch("/api/v1/lists/" + list, token, Map.of("name", "Renamed"))));
        got.put(
                "transfer",
                status(api().post(
                                "/api/v1/lists/" + list + "/transfer",
                                token,
                                Map.of("userId", users.get("other").toString()))));
        got.put("delete list", status(api().send("DELETE", "/api/v1/lists/" + doomed, token, null, null)));
        return got;
    }

    /** Puts the user on the admin's list at the level the name says, or makes them its owner. */
    private void give(String list, String who) {
        if (who.equals("owner")) {
            api().send(
                            "PUT",
                            "/api/v1/lists/" + list + "/members/" + users.get(who),
                            t.adminToken(),
                            "application/json",
                            "{\"level\": \"VIEW\"}");
            assertThat(status(api().post(
                                    "/api/v1/lists/" + list + "/transfer",
                                    t.adminToken(),
                                    Map.of("userId", users.get(who).toString()))))
                    .isEqualTo(200);
        } else if (!who.equals("stranger")) {
            assertThat(status(api().send(
                                    "PUT",
                                    "/api/v1/lists/" + list + "/members/" + users.get(who),
                                    t.adminToken(),
                                    "application/json",
                                    "{\"level\": \"" + who.toUpperCase() + "\"}")))
                    .isEqualTo(200);
        }
    }

    @Test
    void everyLevelCanDoExactlyWhatSectionSevenSays() {
        List<String> actions = List.of(
                "read list",
                "list contacts",
                "read contact",
                "edit contact",
                "comment",
                "add contact",
                "create contact",
                "remove contact",
                "delete contact",
                "share list",
                "hide fields",
                "rename",
                "transfer",
                "delete list");
        // Rows: actions; columns: VIEW, EDIT, DELETE, MANAGER, owner, not on the list.
        int[][] expected = {
            {200, 200, 200, 200, 200, 404},
            {200, 200, 200, 200, 200, 404},
            {200, 200, 200, 200, 200, 404},
            {403, 200, 200, 200, 200, 404},
            {403, 201, 201, 201, 201, 404},
            {403, 201, 201, 201, 201, 404},
            {403, 201, 201, 201, 201, 404},
            {403, 403, 204, 204, 204, 404},
            {403, 403, 204, 204, 204, 404},
            {403, 403, 403, 200, 200, 404},
            {403, 403, 403, 200, 200, 404},
            {403, 403, 403, 403, 200, 404},
            {403, 403, 403, 403, 200, 404},
            {403, 403, 403, 403, 204, 404},
        };
        List<String> levels = List.of("view", "edit", "delete", "manager", "owner", "stranger");
        List<String> mismatches = new ArrayList<>();
        for (int column = 0; column < levels.size(); column++) {
            Map<String, Integer> got = actAs(levels.get(column));
            for (int row = 0; row < actions.size(); row++) {
                int want = expected[row][column];
                int was = got.get(actions.get(row));
                if (want != was) {
                    mismatches.add(
                            levels.get(column) + " / " + actions.get(row) + ": expected " + want + ", got " + was);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aContactSeenOnlyThroughTheListHidesItsHiddenFieldsInReadsListsAndExports() {
        String list = list("Key accounts");
        String contact = contact("Marta");
        api().post("/api/v1/lists/" + list + "/contacts", t.adminToken(), Map.of("contactId", contact));
        api().send(
                        "PUT",
                        "/api/v1/lists/" + list + "/members/" + users.get("view"),
                        t.adminToken(),
                        "application/json",
                        "{\"level\": \"VIEW\"}");
        api().send(
                        "PUT",
                        "/api/v1/lists/" + list + "/members/" + users.get("manager"),
                        t.adminToken(),
                        "application/json",
                        "{\"level\": \"MANAGER\"}");
        assertThat(status(api().send(
                                "PUT",
                                "/api/v1/lists/" + list + "/hidden-fields",
                                tokens.get("manager"),
                                "application/json",
                                "[\"phone\"]")))
                .isEqualTo(200);

        JsonNode asViewer =
                api().get("/api/v1/contacts/" + contact, tokens.get("view")).json();
        JsonNode asManager =
                api().get("/api/v1/contacts/" + contact, tokens.get("manager")).json();
        JsonNode listed = api().get("/api/v1/lists/" + list + "/contacts", tokens.get("view"))
                .json();
        String exported =
                api().get("/api/v1/contacts/export", tokens.get("view")).body();

        assertThat(asViewer.has("phone")).isFalse();
        assertThat(asViewer.get("firstName").asString()).isEqualTo("Marta");
        assertThat(asManager.get("phone").asString()).isEqualTo("+55 11 5555-0000");
        assertThat(listed.get("items").get(0).has("phone")).isFalse();
        assertThat(exported).contains("Marta").doesNotContain("5555");
        assertThat(status(api().patch("/api/v1/contacts/" + contact, tokens.get("view"), Map.of("phone", "1"))))
                .isEqualTo(403);
        assertThat(status(api().send(
                                "PUT",
                                "/api/v1/lists/" + list + "/hidden-fields",
                                tokens.get("manager"),
                                "application/json",
                                "[\"shoeSize\"]")))
                .isEqualTo(422);
    }

    private List<String> contactsOf(String who) {
        return api().get("/api/v1/contacts", tokens.get(who))
                .json()
                .get("items")
                .valueStream()
                .map(c -> c.get("id").asString())
                .toList();
    }

    @Test
    void someoneOnNoListUntilNowSeesTheListsContactsOnHerVeryNextRequest() {
        String list = list("Partners");
        String contact = contact("Paulo");
        api().post("/api/v1/lists/" + list + "/contacts", t.adminToken(), Map.of("contactId", contact));
        // Read first: the server now knows she is on no list and looks at her own contacts only.
        assertThat(contactsOf("view")).isEmpty();

        give(list, "view");
        assertThat(contactsOf("view")).containsExactly(contact);

        // Off her only list, then another access change (the server reads the workspace again and
        // forgets she was on one), then on a new list: still seen at once.
        api().send("DELETE", "/api/v1/lists/" + list + "/members/" + users.get("view"), t.adminToken(), null, null);
        api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support"));
        assertThat(contactsOf("view")).isEmpty();
        String another = list("Suppliers");
        api().post("/api/v1/lists/" + another + "/contacts", t.adminToken(), Map.of("contactId", contact));
        give(another, "view");
        assertThat(contactsOf("view")).containsExactly(contact);
    }

    @Test
    void theExplanationNamesTheListAndAContactsListsAddToRoleAccessInTheContactList() {
        String list = list("Partners");
        String contact = contact("Paulo");
        api().post("/api/v1/lists/" + list + "/contacts", t.adminToken(), Map.of("contactId", contact));
        api().send(
                        "PUT",
                        "/api/v1/lists/" + list + "/members/" + users.get("edit"),
                        t.adminToken(),
                        "application/json",
                        "{\"level\": \"EDIT\"}");

        JsonNode why = api().get(
                        "/api/v1/access/explain?userId=" + users.get("edit") + "&entity=contact&action=update&recordId="
                                + contact,
                        t.adminToken())
                .json();
        JsonNode all = api().get("/api/v1/contacts", tokens.get("edit")).json();

        assertThat(why.get("allowed").asBoolean()).as(why.toString()).isTrue();
        assertThat(why.toString()).contains("Partners").contains("\"list\"");
        assertThat(all.get("items").valueStream().map(c -> c.get("id").asString()))
                .containsExactly(contact);
    }

    @Test
    void transferMakesTheOldOwnerAManagerAndRemovalsAndDeletionsTellTheOwner() {
        String list = list("Transfer me");
        String contact = contact("Rita");
        api().post("/api/v1/lists/" + list + "/contacts", t.adminToken(), Map.of("contactId", contact));
        api().send(
                        "PUT",
                        "/api/v1/lists/" + list + "/members/" + users.get("delete"),
                        t.adminToken(),
                        "application/json",
                        "{\"level\": \"DELETE\"}");

        api().post(
                        "/api/v1/lists/" + list + "/transfer",
                        t.adminToken(),
                        Map.of("userId", users.get("owner").toString()));
        JsonNode seen = api().get("/api/v1/lists/" + list, t.adminToken()).json();
        api().send("DELETE", "/api/v1/contacts/" + contact, tokens.get("delete"), null, null);
        JsonNode told = api().get("/api/v1/notifications", tokens.get("owner")).json();
        JsonNode audit =
                api().get("/api/v1/audit?targetType=list", t.adminToken()).json();

        assertThat(seen.get("yourLevel").asString()).isEqualTo("MANAGER");
        assertThat(seen.get("ownerId").asString()).isEqualTo(users.get("owner").toString());
        assertThat(told.get("items").valueStream().map(n -> n.get("type").asString()))
                .contains("list.contact.deleted", "list.transferred");
        assertThat(audit.toString()).contains("list.transferred", "list.member.put", "list.created");
    }
}
