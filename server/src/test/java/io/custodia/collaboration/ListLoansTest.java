package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A grant never exceeds its granter: a shared list gives its members no more on a contact than
 * whoever added the contact held through their roles (issue #23, item 1).
 */
class ListLoansTest extends ApiTest {
    private Tenant t;
    private String contact;

    @BeforeEach
    void workspace() {
        t = newWorkspace();
        contact = created(api().post(
                        "/api/v1/contacts",
                        t.adminToken(),
                        Map.of("firstName", "Heloisa", "lastName", "Reserved", "email", "heloisa@secret.test")));
    }

    private String signedIn(String who, String role) {
        String email = who + "@" + t.slug() + ".test";
        UUID id = newUser(t, email);
        if (role != null) {
            created(api().post(
                            "/api/v1/role-assignments",
                            t.adminToken(),
                            Map.of("roleId", roleId(t, role), "userId", id.toString())));
        }
        return login(t.slug(), email, PASSWORD);
    }

    private UUID idOf(String who) {
        return UUID.fromString(api().get("/api/v1/users?q=" + who + "@", t.adminToken())
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString());
    }

    @Test
    void aReaderWhoPutsAContactOnHisOwnListGainsNothingAndNeitherDoesWhoeverHeSharesItWith() {
        String reader = signedIn("reader", "Read only");
        String nobody = signedIn("nobody", null);
        String list = created(api().post("/api/v1/lists", reader, Map.of("name", "Mine")));

        assertThat(api().post("/api/v1/lists/" + list + "/contacts", reader, Map.of("contactId", contact))
                        .status())
                .isEqualTo(201);
        assertThat(api().patch("/api/v1/contacts/" + contact, reader, Map.of("firstName", "Taken"))
                        .status())
                .isEqualTo(403);
        assertThat(api().send("DELETE", "/api/v1/contacts/" + contact, reader, null, null)
                        .status())
                .isEqualTo(403);

        put(reader, "/api/v1/lists/" + list + "/members/" + idOf("nobody"), "{\"level\":\"DELETE\"}");
        assertThat(api().get("/api/v1/contacts/" + contact, nobody).status()).isEqualTo(200);
        assertThat(api().send("DELETE", "/api/v1/contacts/" + contact, nobody, null, null)
                        .status())
                .isEqualTo(403);
        assertThat(api().patch("/api/v1/contacts/" + contact, nobody, Map.of("firstName", "Taken"))
                        .status())
                .isEqualTo(403);
        var why = api().get(
                        "/api/v1/access/explain?userId=" + idOf("nobody") + "&entity=contact&action=delete&recordId="
                                + contact,
                        nobody)
                .json();
        assertThat(why.get("allowed").asBoolean()).isFalse();
        assertThat(why.toString()).contains("could give only VIEW");
    }

    @Test
    void aFieldHiddenFromTheAdderStaysHiddenThroughHisListFromHimAndFromItsMembers() {
        String hidesEmail = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Reads contacts, not their e-mail",
                                "entities",
                                Map.of(
                                        "contact",
                                        Map.of("read", Map.of("level", "ALL"), "update", Map.of("level", "ALL"))),
                                "fields",
                                Map.of("contact", Map.of("email", "HIDDEN")))));
        String ana = signedIn("ana", null);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", hidesEmail, "userId", idOf("ana").toString())));
        String nobody = signedIn("nobody", null);
        String list = created(api().post("/api/v1/lists", ana, Map.of("name", "Mine")));
        api().post("/api/v1/lists/" + list + "/contacts", ana, Map.of("contactId", contact));
        put(ana, "/api/v1/lists/" + list + "/members/" + idOf("nobody"), "{\"level\":\"MANAGER\"}");

        for (String token : List.of(ana, nobody)) {
            var read = api().get("/api/v1/contacts/" + contact, token);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body()).doesNotContain("heloisa@secret.test").doesNotContain("\"email\"");
            assertThat(api().patch("/api/v1/contacts/" + contact, token, Map.of("email", "new@x.test"))
                            .status())
                    .isEqualTo(403);
            assertThat(api().get("/api/v1/contacts?q=heloisa@secret", token)
                            .json()
                            .get("items")
                            .size())
                    .isZero();
        }
        // What Ana's roles let her do, the list lends: its manager edits the contact's name.
        assertThat(api().patch("/api/v1/contacts/" + contact, nobody, Map.of("firstName", "Edited"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void whatOneReadsOnlyThroughAShareOrAnotherListIsNotOnesToPutOnAList() {
        String sharee = signedIn("sharee", null);
        share(t, "contacts", contact, idOf("sharee"));
        String own = created(api().post("/api/v1/lists", sharee, Map.of("name", "Mine")));
        assertThat(api().post("/api/v1/lists/" + own + "/contacts", sharee, Map.of("contactId", contact))
                        .status())
                .isEqualTo(403);

        String viewer = signedIn("viewer", null);
        String admins = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", "Admin's")));
        api().post("/api/v1/lists/" + admins + "/contacts", t.adminToken(), Map.of("contactId", contact));
        put(t.adminToken(), "/api/v1/lists/" + admins + "/members/" + idOf("viewer"), "{\"level\":\"VIEW\"}");
        String viewersOwn = created(api().post("/api/v1/lists", viewer, Map.of("name", "Mine")));
        assertThat(api().post("/api/v1/lists/" + viewersOwn + "/contacts", viewer, Map.of("contactId", contact))
                        .status())
                .isEqualTo(403);
    }

    private void put(String token, String path, String json) {
        assertThat(api().send("PUT", path, token, "application/json", json).status())
                .as("PUT " + path)
                .isEqualTo(200);
    }
}
