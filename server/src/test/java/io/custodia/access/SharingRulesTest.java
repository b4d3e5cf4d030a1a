package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Sharing rules over HTTP (access-model, "Sharing rules"): only role managers keep them, odd bodies
 * are refused by name, and a rule reaches its group on a list, a single read, a search and an export
 * alike, at the next request, at a record share's levels.
 */
class SharingRulesTest extends ApiTest {
    private Tenant t;
    private String vendas;
    private String marketing;
    private String team;
    private UUID ana;
    private UUID davi;
    private String anaToken;
    private String daviToken;
    private String brunosDeal;

    @BeforeEach
    void anaInVendasBrunoInMarketingDaviInATeam() {
        t = newWorkspace();
        onePipeline(t);
        vendas = department(t, "Vendas");
        marketing = department(t, "Marketing");
        team = created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Suporte")));
        ana = newUser(t, "ana@" + t.slug() + ".test");
        UUID bruno = newUser(t, "bruno@" + t.slug() + ".test");
        davi = newUser(t, "davi@" + t.slug() + ".test");
        join(t, vendas, ana);
        join(t, marketing, bruno);
        put(t, "/api/v1/teams/" + team + "/members/" + davi, "{}");
        // Everyone reads, changes and deletes their own deals and exports every deal they may read.
        Map<String, Object> deals = Map.of(
                "read", Map.of("level", "OWN"),
                "create", Map.of("level", "OWN"),
                "update", Map.of("level", "OWN"),
                "delete", Map.of("level", "OWN"),
                "export", Map.of("level", "ALL"));
        String own = created(
                api().post("/api/v1/roles", t.adminToken(), Map.of("name", "Own", "entities", Map.of("deal", deals))));
        created(api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", own, "everyone", true)));
        anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
        daviToken = login(t.slug(), "davi@" + t.slug() + ".test", PASSWORD);
        String brunoToken = login(t.slug(), "bruno@" + t.slug() + ".test", PASSWORD);
        brunosDeal = created(api().post("/api/v1/deals", brunoToken, Map.of("title", "Campanha de verão")));
    }

    private Map<String, Object> rule(String level, Map<String, Object> to) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Marketing para Vendas");
        body.put("entity", "deal");
        body.put("from", Map.of("departmentId", marketing, "includeSubdepartments", false));
        body.put("to", to);
        body.put("level", level);
        return body;
    }

    private String create(Map<String, Object> body) {
        return created(api().post("/api/v1/sharing-rules", t.adminToken(), body));
    }

    private boolean anaSees(String token) {
        boolean single = api().get("/api/v1/deals/" + brunosDeal, token).status() == 200;
        boolean listed = api().get("/api/v1/deals", token).body().contains(brunosDeal);
        boolean found = api().get("/api/v1/deals?q=Campanha", token).body().contains(brunosDeal);
        boolean exported = api().get("/api/v1/deals/export", token).body().contains("Campanha de verão");
        // One rule, one answer: every way of reading agrees.
        assertThat(List.of(listed, found, exported)).containsOnly(single);
        return single;
    }

    @Test
    void onlyRoleManagersKeepRulesAndEachChangeCountsAtTheNextRequest() {
        assertThat(api().get("/api/v1/sharing-rules", anaToken).status()).isEqualTo(403);
        assertThat(api().post("/api/v1/sharing-rules", anaToken, rule("READ", Map.of("departmentId", vendas)))
                        .status())
                .isEqualTo(403);
        assertThat(anaSees(anaToken)).isFalse();

        String id = create(rule("READ", Map.of("departmentId", vendas)));

        assertThat(anaSees(anaToken)).isTrue();
        assertThat(api().get("/api/v1/sharing-rules/" + id, anaToken).status()).isEqualTo(403);
        JsonNode shown =
                api().get("/api/v1/sharing-rules/" + id, t.adminToken()).json();
        assertThat(shown.get("from").get("departmentId").asString()).isEqualTo(marketing);
        assertThat(shown.get("to").get("departmentId").asString()).isEqualTo(vendas);
        assertThat(shown.get("level").asString()).isEqualTo("READ");
        assertThat(api().get("/api/v1/sharing-rules", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
        JsonNode why = api().get(
                        "/api/v1/access/explain?userId=" + ana + "&entity=deal&action=read&recordId=" + brunosDeal,
                        anaToken)
                .json();
        assertThat(why.get("summary").asString()).contains("the rule Marketing para Vendas");
        assertThat(why.get("paths").toString()).contains("shares deal records with Vendas at READ");

        Map<String, Object> toTheTeam = rule("READ", Map.of("teamId", team));
        assertThat(api().send(
                                "PUT",
                                "/api/v1/sharing-rules/" + id,
                                t.adminToken(),
                                "application/json",
                                Api.json(toTheTeam))
                        .status())
                .isEqualTo(200);
        assertThat(anaSees(anaToken)).isFalse();
        assertThat(anaSees(daviToken)).isTrue();

        assertThat(api().send("DELETE", "/api/v1/sharing-rules/" + id, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        assertThat(anaSees(daviToken)).isFalse();
        assertThat(api().get("/api/v1/sharing-rules/" + id, t.adminToken()).status())
                .isEqualTo(404);
        assertThat(api().get("/api/v1/audit", t.adminToken()).body())
                .contains("sharing_rule.created", "sharing_rule.updated", "sharing_rule.deleted");
    }

    @Test
    void editLetsHerUpdateButNeverDeleteShareOrGiveAway() {
        create(rule("EDIT", Map.of("everyone", true)));

        JsonNode deal = api().get("/api/v1/deals/" + brunosDeal, anaToken).json();
        assertThat(deal.get("can").get("update").asBoolean()).isTrue();
        assertThat(deal.get("can").get("delete").asBoolean()).isFalse();
        assertThat(deal.get("can").get("share").asBoolean()).isFalse();
        assertThat(api().patch("/api/v1/deals/" + brunosDeal, anaToken, Map.of("title", "Campanha de inverno"))
                        .status())
                .isEqualTo(200);
        assertThat(api().send("DELETE", "/api/v1/deals/" + brunosDeal, anaToken, null, null)
                        .status())
                .isEqualTo(403);
        assertThat(api().send(
                                "PUT",
                                "/api/v1/deals/" + brunosDeal + "/shares/" + davi,
                                anaToken,
                                "application/json",
                                "{\"level\":\"READ\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api().patch("/api/v1/deals/" + brunosDeal, anaToken, Map.of("ownerId", ana.toString()))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aDepartmentARuleNamesStaysAndATeamMemberWhoLeavesLosesTheRule() {
        String id = create(rule("READ", Map.of("teamId", team)));
        String empty = department(t, "Vazio");
        Map<String, Object> fromEmpty = rule("READ", Map.of("teamId", team));
        fromEmpty.put("from", Map.of("departmentId", empty));
        String second = create(fromEmpty);

        Api.Response refused = api().send("DELETE", "/api/v1/departments/" + empty, t.adminToken(), null, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("1 sharing rule(s)");
        assertThat(anaSees(daviToken)).isTrue();

        assertThat(api().send("DELETE", "/api/v1/teams/" + team + "/members/" + davi, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        assertThat(anaSees(daviToken)).isFalse();

        api().send("DELETE", "/api/v1/sharing-rules/" + second, t.adminToken(), null, null);
        assertThat(api().send("DELETE", "/api/v1/departments/" + empty, t.adminToken(), null, null)
                        .status())
                .isEqualTo(204);
        assertThat(api().get("/api/v1/sharing-rules/" + id, t.adminToken()).status())
                .isEqualTo(200);
    }

    @Test
    void oddBodiesAreRefusedByNameAndNeverAnswer5xx() {
        Map<String, Object> unknownField = rule("READ", Map.of("everyone", true));
        unknownField.put("from", Map.of("condition", Map.of("field", "subject", "op", "eq", "value", "x")));
        assertRefused(unknownField, "from.condition.field");
        Map<String, Object> notANumber = rule("READ", Map.of("everyone", true));
        notANumber.put("from", Map.of("condition", Map.of("field", "amount", "op", "gt", "value", "1e400")));
        assertRefused(notANumber, "from.condition.value");
        assertRefused(rule("READ", Map.of("departmentId", UUID.randomUUID().toString())), "to.departmentId");
        assertRefused(rule("READ", Map.of("teamId", UUID.randomUUID().toString())), "to.teamId");
        Tenant other = newWorkspace();
        assertRefused(rule("READ", Map.of("departmentId", department(other, "Alheio"))), "to.departmentId");
        Map<String, Object> both = rule("READ", Map.of("everyone", true));
        both.put("from", Map.of("departmentId", marketing, "condition", Map.of()));
        assertRefused(both, "from");
        assertRefused(rule("READ", Map.of()), "to");
        assertRefused(rule("READ", Map.of("everyone", false)), "to.everyone");
        assertRefused(rule("DELETE", Map.of("everyone", true)), "level");
        Map<String, Object> entity = rule("READ", Map.of("everyone", true));
        entity.put("entity", "pipeline");
        assertRefused(entity, "entity");
        Map<String, Object> numberForId = rule("READ", Map.of("everyone", true));
        numberForId.put("from", Map.of("departmentId", 1e300));
        assertRefused(numberForId, "from.departmentId");
        // As JSON text: NUL, a lone surrogate and a bell escaped, as a client may send them.
        for (String name : List.of("", "   ", "a\\u0000b", "\\uD800", "x".repeat(100_000), "\\u0007")) {
            Map<String, Object> odd = rule("READ", Map.of("everyone", true));
            odd.put("name", "NAME");
            assertRefused(Api.json(odd).replace("\"NAME\"", "\"" + name + "\""), "name");
        }
        Map<String, Object> extra = new HashMap<>(rule("READ", Map.of("everyone", true)));
        extra.put("delete", true);
        assertRefused(extra, "delete");
        Api.Response invalidJson =
                api().send("POST", "/api/v1/sharing-rules", t.adminToken(), "application/json", "{\"name\": \"\\uD800");
        assertThat(invalidJson.status()).isBetween(400, 499);
        assertThat(api().get("/api/v1/sharing-rules", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isZero();
    }

    private void assertRefused(Object body, String field) {
        Api.Response response = api().post("/api/v1/sharing-rules", t.adminToken(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }

    @Test
    void aSimulationShowsWhatAddingOrRemovingARuleWouldShare() {
        Map<String, Object> add = Map.of(
                "userId", ana.toString(),
                "changes",
                        List.of(Map.of(
                                "op", "addSharingRule", "sharingRule", rule("READ", Map.of("departmentId", vendas)))));
        JsonNode added =
                api().post("/api/v1/access/simulate", t.adminToken(), add).json();
        assertThat(added.get("records").get("deal").get("gained").asLong()).isEqualTo(1);
        assertThat(api().post("/api/v1/access/simulate", anaToken, add).status())
                .isEqualTo(403);

        String id = create(rule("READ", Map.of("departmentId", vendas)));
        Map<String, Object> remove = Map.of(
                "userId", ana.toString(), "changes", List.of(Map.of("op", "removeSharingRule", "sharingRuleId", id)));
        JsonNode removed =
                api().post("/api/v1/access/simulate", t.adminToken(), remove).json();
        assertThat(removed.get("records").get("deal").get("lost").asLong()).isEqualTo(1);
        assertThat(anaSees(anaToken)).as("nothing is saved").isTrue();
    }
}
