package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004: an editor "may add a new contact to the list". {@code POST /api/v1/lists/{id}/contacts}
 * with a new contact's body creates it, owned by the caller, on the list, for EDIT and above, with
 * no role at all; the list's hidden fields are refused on write, and nobody below EDIT learns
 * anything from what they send.
 */
class ListContactCreationTest extends ApiTest {
    private Tenant t;
    private String list;
    private final Map<String, UUID> ids = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();

    @BeforeEach
    void workspace() {
        t = newWorkspace();
        for (String who : List.of("view", "edit", "delete", "manager", "stranger")) {
            String email = who + "@" + t.slug() + ".test";
            ids.put(who, newUser(t, email));
            tokens.put(who, login(t.slug(), email, PASSWORD));
        }
        list = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", "Clientes SP")));
        for (String level : List.of("view", "edit", "delete", "manager")) {
            put(
                    t,
                    "/api/v1/lists/" + list + "/members/" + ids.get(level),
                    "{\"level\":\"" + level.toUpperCase() + "\"}");
        }
        put(t, "/api/v1/lists/" + list + "/hidden-fields", "[\"phone\"]");
    }

    private Api.Response create(String who, String listId, Map<String, Object> body) {
        return api().post("/api/v1/lists/" + listId + "/contacts", tokens.get(who), body);
    }

    @Test
    void anEditorWithNoRoleCreatesAContactSheOwnsOnTheListAndEveryMemberSeesIt() {
        assertThat(api().post("/api/v1/contacts", tokens.get("edit"), Map.of("firstName", "Direct"))
                        .status())
                .as("without a role, creating a contact elsewhere is refused")
                .isEqualTo(403);

        Api.Response made = create("edit", list, Map.of("firstName", "Joana", "lastName", "Prado"));

        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode contact = made.json();
        String id = contact.get("id").asString();
        assertThat(contact.get("ownerId").asString()).isEqualTo(ids.get("edit").toString());
        assertThat(made.header("Location")).isEqualTo("/api/v1/contacts/" + id);
        assertThat(api().get("/api/v1/lists/" + list + "/contacts", tokens.get("view"))
                        .json()
                        .get("items")
                        .valueStream()
                        .map(c -> c.get("id").asString()))
                .containsExactly(id);
        assertThat(api().patch("/api/v1/contacts/" + id, tokens.get("edit"), Map.of("firstName", "Joana M."))
                        .status())
                .isEqualTo(200);
        assertThat(db.fetchValue("select added_by from list_contact where contact_id = ?", UUID.fromString(id)))
                .isEqualTo(ids.get("edit"));
        assertThat(api().get("/api/v1/audit?targetType=contact", t.adminToken()).body())
                .contains("contact.created");
        assertThat(api().get("/api/v1/audit?targetType=list", t.adminToken()).body())
                .contains("list.contact.added");
    }

    @Test
    void theEntryLendsWhatTheCreatorsLevelAllowsSoADeleteMembersContactCanBeDeletedByTheList() {
        String byEditor = create("edit", list, Map.of("firstName", "Lent edit"))
                .json()
                .get("id")
                .asString();
        String byDeleter = create("delete", list, Map.of("firstName", "Lent delete"))
                .json()
                .get("id")
                .asString();

        assertThat(api().send("DELETE", "/api/v1/contacts/" + byEditor, tokens.get("delete"), null, null)
                        .status())
                .as("the editor lends EDIT only")
                .isEqualTo(403);
        assertThat(api().send("DELETE", "/api/v1/contacts/" + byDeleter, tokens.get("manager"), null, null)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void aFieldTheListHidesIsRefusedLikeEveryHiddenWriteWhateverItsValueAndNothingIsCreated() {
        Api.Response hidden = create("edit", list, Map.of("firstName", "Ana", "phone", "+55 11 1234-5678"));
        Api.Response empty = create("edit", list, Map.of("firstName", "Ana", "phone", ""));

        assertThat(hidden.status()).isEqualTo(403);
        assertThat(hidden.body())
                .isEqualTo(empty.body())
                .contains("missing permission: edit field 'phone' of contact (hidden from you)");
        assertThat(api().get("/api/v1/lists/" + list + "/contacts", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
        assertThat(create("manager", list, Map.of("firstName", "Ana", "phone", "+55 11 1234-5678"))
                        .status())
                .as("the list hides fields from members below MANAGER only")
                .isEqualTo(201);
    }

    @Test
    void aViewMemberAndAStrangerLearnNothingFromTheBodyTheySend() {
        Map<String, Object> good = Map.of("firstName", "Ana");
        Map<String, Object> bad = Map.of("phone", "x", "nonsense", 1);
        Api.Response viewGood = create("view", list, good);
        Api.Response viewBad = create("view", list, bad);
        Api.Response strangerExisting = create("stranger", list, good);
        Api.Response strangerMissing = create("stranger", UUID.randomUUID().toString(), good);
        String otherList = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", "Privada")));
        Api.Response strangerBad = create("stranger", otherList, bad);

        assertThat(viewGood.status()).isEqualTo(403);
        assertThat(viewBad.body()).isEqualTo(viewGood.body());
        assertThat(strangerExisting.status()).isEqualTo(404);
        assertThat(strangerMissing.status()).isEqualTo(404);
        assertThat(strangerBad.status()).isEqualTo(404);
        assertThat(Api.withoutIds(strangerExisting.body())).isEqualTo(Api.withoutIds(strangerMissing.body()));
        assertThat(Api.withoutIds(strangerBad.body())).isEqualTo(Api.withoutIds(strangerMissing.body()));
    }

    @Test
    void anotherOwnerOrAnInvalidBodyIsRefusedAndOddValuesNeverAnswer5xx() {
        Api.Response otherOwner = create(
                "edit",
                list,
                Map.of("firstName", "Ana", "ownerId", ids.get("manager").toString()));
        Api.Response mixed =
                create("edit", list, Map.of("contactId", UUID.randomUUID().toString(), "firstName", "A"));
        Api.Response unknown = create("edit", list, Map.of("shoeSize", "42"));

        assertThat(otherOwner.status()).isEqualTo(422);
        assertThat(otherOwner.body()).contains("ownerId");
        assertThat(mixed.status()).isEqualTo(422);
        assertThat(unknown.status()).isEqualTo(422);
        for (Object odd : List.of("a\u0000b", "\uD800", "x".repeat(100_000), "", " ", 1e300, List.of(), Map.of())) {
            Api.Response r = create("edit", list, Map.of("firstName", odd));
            assertThat(r.status())
                    .as(String.valueOf(odd).length() + " chars: " + r.body())
                    .isLessThan(500);
        }
        assertThat(api().send(
                                "POST",
                                "/api/v1/lists/" + list + "/contacts",
                                tokens.get("edit"),
                                "application/json",
                                "{\"firstName\": 1e400}")
                        .status())
                .isLessThan(500);
    }
}
