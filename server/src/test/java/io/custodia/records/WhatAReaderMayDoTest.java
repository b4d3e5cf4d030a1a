package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each record says what its reader may do with it (access-model, "Deciding on a record"), on the
 * single read and in pages alike, and each action it offers is allowed while each it withholds is
 * refused: the owner, a reader, a holder of an EDIT share and the administrator, on one deal.
 */
class WhatAReaderMayDoTest extends ApiTest {

    @Test
    void eachRecordSaysWhatItsReaderMayDoAndTheWritePathsAgree() {
        Tenant t = newWorkspace();
        onePipeline(t);
        UUID owner = newUser(t, "owner@" + t.slug() + ".test");
        UUID reader = newUser(t, "reader@" + t.slug() + ".test");
        UUID editor = newUser(t, "editor@" + t.slug() + ".test");
        UUID someone = newUser(t, "someone@" + t.slug() + ".test");
        assign(t, role(t, "Own deals", "OWN", "OWN"), owner);
        assign(t, role(t, "Reads every deal", "ALL", "NONE"), reader);
        assign(t, role(t, "Reads every deal too", "ALL", "NONE"), editor);
        String deal = created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", "Harbour cranes", "ownerId", owner.toString())));
        put(t, "/api/v1/deals/" + deal + "/shares/" + editor, "{\"level\":\"EDIT\"}");

        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("reader", login(t.slug(), "reader@" + t.slug() + ".test", PASSWORD));
        tokens.put("editor", login(t.slug(), "editor@" + t.slug() + ".test", PASSWORD));
        tokens.put("owner", login(t.slug(), "owner@" + t.slug() + ".test", PASSWORD));
        tokens.put("administrator", t.adminToken());
        Map<String, List<Boolean>> expected = Map.of(
                "reader", List.of(false, false, false),
                "editor", List.of(true, false, false),
                "owner", List.of(true, true, true),
                "administrator", List.of(true, true, true));

        tokens.forEach((who, token) -> {
            JsonNode one = api().get("/api/v1/deals/" + deal, token).json();
            JsonNode listed =
                    api().get("/api/v1/deals", token).json().get("items").get(0);
            List<Boolean> can = List.of(
                    one.get("can").get("update").asBoolean(),
                    one.get("can").get("delete").asBoolean(),
                    one.get("can").get("share").asBoolean());
            assertThat(can).as(who).isEqualTo(expected.get(who));
            assertThat(listed.get("can")).as(who + " in a page").isEqualTo(one.get("can"));

            Api.Response update = api().patch("/api/v1/deals/" + deal, token, Map.of("title", "Harbour cranes"));
            assertThat(update.status()).as(who + " updates").isEqualTo(can.get(0) ? 200 : 403);
            Api.Response share = api().send(
                            "PUT",
                            "/api/v1/deals/" + deal + "/shares/" + someone,
                            token,
                            "application/json",
                            "{\"level\":\"READ\"}");
            assertThat(share.status()).as(who + " shares").isEqualTo(can.get(2) ? 200 : 403);
        });
        // Deleting last: those who may not are refused, then the owner may.
        for (String who : List.of("reader", "editor", "owner")) {
            Api.Response delete = api().send("DELETE", "/api/v1/deals/" + deal, tokens.get(who), null, null);
            assertThat(delete.status())
                    .as(who + " deletes")
                    .isEqualTo(expected.get(who).get(1) ? 204 : 403);
        }
    }

    /**
     * An activity and a note are decided with the deal they belong to, in pages as in single reads
     * (a page's rows are read without it, so it is read for them), and say they take no comments:
     * they have no comments to take.
     */
    @Test
    void anActivityAndANoteSayInPagesWhatTheirSingleReadSays() {
        Tenant t = newWorkspace();
        onePipeline(t);
        UUID owner = newUser(t, "owner@" + t.slug() + ".test");
        UUID reader = newUser(t, "reader@" + t.slug() + ".test");
        UUID someone = newUser(t, "someone@" + t.slug() + ".test");
        Map<String, Object> own = Map.of(
                "read", Map.of("level", "OWN"),
                "update", Map.of("level", "OWN"),
                "delete", Map.of("level", "OWN"));
        Map<String, Object> readsAll = Map.of("read", Map.of("level", "ALL"));
        assign(t, roleOver(t, "Own work", Map.of("deal", own, "activity", own, "note", own)), owner);
        assign(
                t,
                roleOver(t, "Reads all work", Map.of("deal", readsAll, "activity", readsAll, "note", readsAll)),
                reader);
        String deal = created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", "Harbour cranes", "ownerId", owner.toString())));
        Map<String, String> children = new LinkedHashMap<>();
        children.put(
                "activities",
                created(api().post(
                                "/api/v1/activities",
                                t.adminToken(),
                                Map.of(
                                        "type",
                                        "call",
                                        "subject",
                                        "Discovery",
                                        "dealId",
                                        deal,
                                        "ownerId",
                                        owner.toString()))));
        children.put(
                "notes",
                created(api().post(
                                "/api/v1/notes",
                                t.adminToken(),
                                Map.of("body", "Wants 20 cranes", "dealId", deal, "ownerId", owner.toString()))));
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("reader", login(t.slug(), "reader@" + t.slug() + ".test", PASSWORD));
        tokens.put("owner", login(t.slug(), "owner@" + t.slug() + ".test", PASSWORD));
        tokens.put("administrator", t.adminToken());

        children.forEach((path, id) -> tokens.forEach((who, token) -> {
            String as = who + " on " + path;
            JsonNode one = api().get("/api/v1/" + path + "/" + id, token).json();
            JsonNode listed = api().get("/api/v1/" + path + "?dealId=" + deal, token)
                    .json()
                    .get("items")
                    .get(0);
            assertThat(listed.get("can")).as(as + " in a page").isEqualTo(one.get("can"));
            boolean writes = !who.equals("reader");
            assertThat(one.get("can").get("update").asBoolean()).as(as).isEqualTo(writes);
            assertThat(one.get("can").get("share").asBoolean()).as(as).isEqualTo(writes);
            assertThat(one.get("can").get("comment").asBoolean()).as(as).isFalse();
            assertThat(api().patch("/api/v1/" + path + "/" + id, token, Map.of())
                            .status())
                    .as(as + " updates")
                    .isEqualTo(writes ? 200 : 403);
            Api.Response share = api().send(
                            "PUT",
                            "/api/v1/" + path + "/" + id + "/shares/" + someone,
                            token,
                            "application/json",
                            "{\"level\":\"READ\"}");
            assertThat(share.status()).as(as + " shares").isEqualTo(writes ? 200 : 403);
            assertThat(api().get("/api/v1/" + path + "/" + id + "/comments", token)
                            .status())
                    .as(as + ": no comments to offer")
                    .isEqualTo(404);
        }));
    }

    /**
     * One whose roles grant no create on a type is refused (403) whatever the body, before the body
     * is judged or the workspace is found to lack a pipeline for a deal: neither is theirs to learn.
     */
    @Test
    void aCreateNoRoleGrantsIsRefusedBeforeItsBodyOrTheWorkspaceIsJudged() {
        Tenant t = newWorkspace();
        UUID id = newUser(t, "reader@" + t.slug() + ".test");
        assign(t, role(t, "Reads every deal", "ALL", "NONE"), id);
        String reader = login(t.slug(), "reader@" + t.slug() + ".test", PASSWORD);
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("title", "No pipeline yet"), Map.of("title", 5, "nonsense", true), Map.of())) {
            Api.Response refused = api().post("/api/v1/deals", reader, body);
            assertThat(refused.status()).as("%s", body).isEqualTo(403);
            assertThat(refused.json().get("detail").asString()).isEqualTo("missing permission: deal.create");
        }
        // The administrator, who may create deals, is told what is missing.
        Api.Response missing = api().post("/api/v1/deals", t.adminToken(), Map.of("title", "No pipeline yet"));
        assertThat(missing.status()).isEqualTo(422);
    }

    private String roleOver(Tenant t, String name, Map<String, Object> entities) {
        return created(api().post("/api/v1/roles", t.adminToken(), Map.of("name", name, "entities", entities)));
    }

    private String role(Tenant t, String name, String read, String write) {
        return created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                name,
                                "entities",
                                Map.of(
                                        "deal",
                                        Map.of(
                                                "read", Map.of("level", read),
                                                "update", Map.of("level", write),
                                                "delete", Map.of("level", write))))));
    }
}
