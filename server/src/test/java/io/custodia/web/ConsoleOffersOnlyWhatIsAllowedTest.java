package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.policy.Role;
import io.custodia.policy.RoleTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #28 in a real browser: a person holding each role template, and a member at each level of
 * a shared list, opens the pages where the console offers actions; every action offered is
 * performed and none is refused, and every action not offered is one the API refuses that person
 * (the record's or list's {@code can}, or the API's answer to the same action). Pages in pt-BR.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleOffersOnlyWhatIsAllowedTest extends ApiTest {
    private static final List<String> KINDS = List.of("deals", "contacts", "companies");

    private Tenant tenant;
    private UUID owner;
    private UUID extra;
    private String south;
    private final Map<String, String> ofTheOwner = new LinkedHashMap<>();
    private final Map<String, UUID> byTemplate = new LinkedHashMap<>();
    private final Map<String, UUID> byLevel = new LinkedHashMap<>();
    private String list;
    private String listed;
    private Path files;

    /** One workspace for every case: a department "Sul" where a salesperson owns a deal, a contact, a company. */
    @BeforeAll
    void oneWorkspace() throws Exception {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        pipelineOf(tenant, "Vendas", "Prospecção:OPEN", "Proposta:OPEN", "Negociação:OPEN");
        south = department(tenant, "Sul");
        owner = newUser(tenant, "dono@" + tenant.slug() + ".test", "Dono");
        extra = newUser(tenant, "extra@" + tenant.slug() + ".test", "Extra");
        join(tenant, south, owner);
        assign(tenant, roleId(tenant, RoleTemplates.SALESPERSON), owner);
        for (String template : templates()) {
            UUID user = newUser(tenant, slug(template) + "@" + tenant.slug() + ".test", template);
            join(tenant, south, user);
            assign(tenant, roleId(tenant, template), user);
            byTemplate.put(template, user);
        }
        for (String kind : KINDS) {
            ofTheOwner.put(kind, recordOf(kind, owner, "do Dono"));
        }
        // A shared list owned by a person without any role, with a member at each level below.
        String listOwner = email("OWNER");
        byLevel.put("OWNER", newUser(tenant, listOwner, "Lista OWNER"));
        String ownersToken = login(tenant.slug(), listOwner, PASSWORD);
        list = created(api().post("/api/v1/lists", ownersToken, Map.of("name", "Clientes do Sul")));
        for (String level : List.of("VIEW", "EDIT", "DELETE", "MANAGER")) {
            UUID member = newUser(tenant, email(level), "Lista " + level);
            byLevel.put(level, member);
            member(ownersToken, list, member, level);
        }
        // The administrator, whose roles read every contact, puts contacts on it.
        member(ownersToken, list, tenant.adminId(), "MANAGER");
        listed = onTheList(list, recordOf("contacts", owner, "da lista"));
        files = Files.createTempDirectory("roleproof");
    }

    @ParameterizedTest
    @MethodSource("templates")
    void aHolderOfEachRoleTemplateIsOfferedWhatTheEngineAllowsAndNothingElse(String template) throws Exception {
        UUID user = byTemplate.get(template);
        String email = slug(template) + "@" + tenant.slug() + ".test";
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            OfferedActions proof = proof(browser, template, user, email);
            for (String kind : KINDS) {
                String own = proof.onTheListPage(kind);
                proof.onTheRecordPage(kind, ofTheOwner.get(kind), () -> recordOf(kind, owner, "descartável"));
                if (own != null) {
                    proof.onTheRecordPage(kind, own, () -> recordOf(kind, user, "descartável"));
                }
            }
            proof.onTheBoard();
            proof.onTheSchedulePage(south);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"VIEW", "EDIT", "DELETE", "MANAGER", "OWNER"})
    void aMemberAtEachListLevelIsOfferedWhatTheListAllowsAndNothingElse(String level) throws Exception {
        UUID user = byLevel.get(level);
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            OfferedActions proof = proof(browser, "lista " + level, user, email(level));
            // Each member removes a contact of its own from the list, and the owner deletes and
            // hands on lists of its own, so that the main list stays as it is for the others.
            proof.onTheListsPage(list, () -> onTheList(list, recordOf("contacts", owner, "a remover")), () -> {
                String ownersToken = login(tenant.slug(), email("OWNER"), PASSWORD);
                String spare =
                        created(api().post("/api/v1/lists", ownersToken, Map.of("name", "Descartável " + level)));
                for (Map.Entry<String, UUID> member : byLevel.entrySet()) {
                    if (!member.getKey().equals("OWNER")) {
                        member(ownersToken, spare, member.getValue(), member.getKey());
                    }
                }
                return spare;
            });
            // Contacts may be exported through a list (no role needed); nothing else is offered.
            assertThat(proof.onTheListPage("contacts")).isNull();
            proof.onTheRecordPage(
                    "contacts", listed, () -> onTheList(list, recordOf("contacts", owner, "descartável")));
        }
    }

    @Test
    void anAccessRequestIsAskedByItsRequesterAndDecidedByWhoeverMayShareTheRecord() throws Exception {
        UUID outsider = newUser(tenant, "fora@" + tenant.slug() + ".test", "Fora");
        String approved = recordOf("deals", owner, "a pedir");
        String denied = recordOf("deals", owner, "a recusar");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            OfferedActions asker = proof(browser, "quem pede", outsider, "fora@" + tenant.slug() + ".test");
            asker.asksForAccess("deal", approved);
            asker.asksForAccess("deal", denied);
            asker.onTheRequestsPage(List.of());
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            OfferedActions reader =
                    proof(browser, "quem só lê", byTemplate.get(RoleTemplates.READ_ONLY), readOnlyEmail());
            reader.onTheRequestsPage(List.of());
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            OfferedActions decider = proof(browser, "dono", owner, "dono@" + tenant.slug() + ".test");
            decider.onTheRequestsPage(List.of("approve", "deny"));
        }
    }

    /** The names of the five role templates every workspace starts with. */
    static List<String> templates() {
        return RoleTemplates.all().stream().map(Role::name).toList();
    }

    @Test
    void aConversationOffersItsMemberAndItsSupervisorWhatTheirTeamRolesAllow() throws Exception {
        String team = created(
                api().post("/api/v1/teams", tenant.adminToken(), Map.of("name", "Suporte", "visibility", "TEAM")));
        UUID supervisor = newUser(tenant, "supervisora@" + tenant.slug() + ".test", "Supervisora");
        UUID member = newUser(tenant, "atendente@" + tenant.slug() + ".test", "Atendente");
        put(tenant, "/api/v1/teams/" + team + "/members/" + supervisor, "{\"supervisor\": true}");
        put(tenant, "/api/v1/teams/" + team + "/members/" + member, "{\"supervisor\": false}");
        String contact = ofTheOwner.get("contacts");
        String queued = conversation(team, contact, null, "Boleto vencido");
        String attended = conversation(team, contact, member, "Segunda via");
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            // From the queue: take it, write, complete, reopen.
            proof(browser, "atendente", member, "atendente@" + tenant.slug() + ".test")
                    .onTheConversationPage(queued, member);
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            // The member's conversation: the supervisor takes it over, writes, completes, reopens.
            proof(browser, "supervisora", supervisor, "supervisora@" + tenant.slug() + ".test")
                    .onTheConversationPage(attended, supervisor);
        }
    }

    private String conversation(String team, String contact, UUID attendant, String subject) {
        Map<String, Object> body = new LinkedHashMap<>(
                Map.of("teamId", team, "contactId", contact, "channel", "whatsapp", "subject", subject));
        if (attendant != null) {
            body.put("attendantId", attendant.toString());
        }
        return created(api().post("/api/v1/conversations", tenant.adminToken(), body));
    }

    private String readOnlyEmail() {
        return slug(RoleTemplates.READ_ONLY) + "@" + tenant.slug() + ".test";
    }

    private OfferedActions proof(ConsoleBrowser browser, String who, UUID user, String email) {
        browser.signIn("pt-BR", tenant.slug(), email, PASSWORD);
        return new OfferedActions(
                api(), browser, port(), who, user, login(tenant.slug(), email, PASSWORD), extra, files);
    }

    private String email(String level) {
        return "lista-" + level.toLowerCase() + "@" + tenant.slug() + ".test";
    }

    private static String slug(String template) {
        return template.toLowerCase().replace(' ', '-');
    }

    private void member(String ownersToken, String list, UUID user, String level) {
        assertThat(api().send(
                                "PUT",
                                "/api/v1/lists/" + list + "/members/" + user,
                                ownersToken,
                                "application/json",
                                "{\"level\":\"" + level + "\"}")
                        .status())
                .isEqualTo(200);
    }

    /** Puts the contact on the list, as the administrator (a manager of it); answers the contact. */
    private String onTheList(String list, String contact) {
        var added =
                api().post("/api/v1/lists/" + list + "/contacts", tenant.adminToken(), Map.of("contactId", contact));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return contact;
    }

    /** A record of this kind owned by this person, made by the administrator; answers its id. */
    private String recordOf(String kind, UUID ownerId, String what) {
        Map<String, Object> body = new LinkedHashMap<>(OfferedActions.named(kind, "Registro " + what));
        body.put("ownerId", ownerId.toString());
        return created(api().post("/api/v1/" + kind, tenant.adminToken(), body));
    }

    static List<String> sorted(List<String> actions) {
        List<String> copy = new ArrayList<>(actions);
        copy.sort(null);
        return copy;
    }
}
