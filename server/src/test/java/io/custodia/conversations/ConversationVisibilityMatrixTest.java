package io.custodia.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The whole visibility table of access-model section 6 over HTTP: every row of the table the engine
 * is tested with (visibility x state x attended x viewer), checked on the single conversation and on
 * the tabs, which are SQL.
 */
class ConversationVisibilityMatrixTest extends ApiTest {
    private static final Path TABLE =
            Path.of("../policy/src/test/resources/io/custodia/policy/conversation-visibility.tsv");

    record Row(String visibility, String state, boolean attended, String viewer, String expected) {}

    static List<Row> table() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            if (line.startsWith("#") || line.startsWith("visibility") || line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t");
            rows.add(new Row(c[0], c[1], c[2].equals("yes"), c[3], c[4]));
        }
        return rows;
    }

    /** One workspace per visibility, with a person in each viewer role and a conversation per case. */
    private final class Setup {
        final Tenant tenant = newWorkspace();
        final Map<String, String> tokens = new HashMap<>();
        final Map<String, UUID> ids = new HashMap<>();
        final String team;
        final String contact;

        Setup(String visibility) {
            team = created(api().post(
                            "/api/v1/teams", tenant.adminToken(), Map.of("name", "Support", "visibility", visibility)));
            for (String viewer :
                    List.of("attendant", "former-member-attendant", "member", "supervisor", "other", "view-all")) {
                String email = viewer + "@" + tenant.slug() + ".test";
                ids.put(viewer, newUser(tenant, email));
                tokens.put(viewer, login(tenant.slug(), email, PASSWORD));
            }
            for (String member : List.of("attendant", "former-member-attendant", "member")) {
                Conversing.joinTeam(api(), tenant, team, ids.get(member), false);
            }
            Conversing.joinTeam(api(), tenant, team, ids.get("supervisor"), true);
            Conversing.grant(api(), tenant, ids.get("view-all"), Map.of("system", List.of("conversations.view_all")));
            contact = created(api().post("/api/v1/contacts", tenant.adminToken(), Map.of("firstName", "Ana")));
        }

        String conversation(String state, String attendant) {
            Map<String, Object> body = new HashMap<>();
            body.put("teamId", team);
            body.put("contactId", contact);
            body.put("channel", "whatsapp");
            body.put("subject", state + " by " + attendant);
            if (attendant != null) {
                body.put("attendantId", ids.get(attendant).toString());
            }
            String id = created(api().post("/api/v1/conversations", tenant.adminToken(), body));
            if (state.equals("COMPLETED")) {
                assertThat(api().post("/api/v1/conversations/" + id + "/complete", tenant.adminToken(), Map.of())
                                .status())
                        .isEqualTo(200);
            }
            return id;
        }
    }

    @Test
    void everyRowOfTheVisibilityTableHoldsOverHttpForTheConversationAndItsTab() throws IOException {
        List<Row> rows = table();
        assertThat(rows).hasSize(60);
        for (String visibility : List.of("ALL", "TEAM", "ATTENDANT")) {
            Setup setup = new Setup(visibility);
            Map<String, String> conversations = new HashMap<>();
            for (String state : List.of("OPEN", "COMPLETED")) {
                for (String attendant : new String[] {"attendant", "former-member-attendant", null}) {
                    conversations.put(state + "/" + attendant, setup.conversation(state, attendant));
                }
            }
            // The former member attends their conversations but has left the team since.
            Conversing.leaveTeam(api(), setup.tenant, setup.team, setup.ids.get("former-member-attendant"));
            Map<String, Map<String, Set<String>>> tabs = new HashMap<>();
            for (String viewer : setup.tokens.keySet()) {
                Map<String, Set<String>> byTab = new HashMap<>();
                for (String tab : List.of("mine", "queue", "others", "completed")) {
                    byTab.put(
                            tab,
                            Conversing.ids(
                                    api(),
                                    "/api/v1/conversations?tab=" + tab + "&limit=200",
                                    setup.tokens.get(viewer)));
                }
                tabs.put(viewer, byTab);
            }
            for (Row row : rows) {
                if (!row.visibility().equals(visibility)) {
                    continue;
                }
                String attendant = !row.attended()
                        ? null
                        : row.viewer().equals("former-member-attendant") ? "former-member-attendant" : "attendant";
                String id = conversations.get(row.state() + "/" + attendant);
                Api.Response one = api().get("/api/v1/conversations/" + id, setup.tokens.get(row.viewer()));
                boolean visible = !row.expected().equals("-");
                assertThat(one.status()).as("GET %s", row).isEqualTo(visible ? 200 : 404);
                Set<String> inTabs = new HashSet<>();
                tabs.get(row.viewer()).forEach((tab, shown) -> {
                    if (shown.contains(id)) {
                        inTabs.add(tab);
                    }
                });
                Set<String> expectedTabs =
                        visible && !row.expected().equals("visible") ? Set.of(row.expected()) : Set.of();
                assertThat(inTabs).as("tabs of %s", row).isEqualTo(expectedTabs);
                if (visible) {
                    String tab = one.json().get("tab").isNull()
                            ? "visible"
                            : one.json().get("tab").asString();
                    assertThat(tab).as("tab named in GET %s", row).isEqualTo(row.expected());
                }
            }
        }
    }
}
