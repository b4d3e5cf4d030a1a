package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.platform.db.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ImportTest extends ApiTest {
    private Tenant t;

    private Api.Response importCsv(String token, String query, String csv) {
        return api().send("POST", "/api/v1/deals/import" + query, token, "text/csv", csv);
    }

    private int deals() {
        return api().get("/api/v1/deals?limit=200", t.adminToken())
                .json()
                .get("items")
                .size();
    }

    @BeforeEach
    void workspace() {
        t = newWorkspace();
        onePipeline(t);
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of(
                                "entity",
                                "deal",
                                "key",
                                "region",
                                "label",
                                "Region",
                                "type",
                                "select",
                                "options",
                                List.of("SP", "RJ"))));
    }

    @Test
    void goodLinesAreCreatedAndBadOnesReportedWithTheirLineNumbers() {
        String csv = """
                title,amount,currency,fields.region
                Alpha,1000,BRL,SP
                ,2000,BRL,RJ
                Gamma,lots,BRL,SP
                Delta,3000,BRL,XX
                Epsilon,4000,BRL,
                """;

        Api.Response result = importCsv(t.adminToken(), "", csv);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().get("created").asInt()).isEqualTo(2);
        assertThat(result.json()
                        .get("failed")
                        .valueStream()
                        .map(f -> f.get("line").asInt())
                        .toList())
                .containsExactly(3, 4, 5);
        assertThat(result.json().get("failed").get(0).get("message").asString()).contains("title: required");
        assertThat(result.json().get("failed").get(1).get("message").asString()).contains("amount: expected a number");
        assertThat(result.json().get("failed").get(2).get("message").asString()).contains("fields.region");
        assertThat(deals()).isEqualTo(2);
    }

    /**
     * A value a line leaves out takes its default, as a single create's does: an activity without
     * {@code done}, or with the cell empty, is not done (both were a 500: the import wrote a null).
     */
    @Test
    void valuesLeftOutOfAnImportTakeTheirDefaults() {
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Cranes")));
        for (String csv : List.of(
                "type,subject,dealId\ncall,Without done," + deal + "\n",
                "type,subject,done,dealId\ncall,Done left empty,," + deal + "\ntask,Done,true," + deal + "\n")) {
            Api.Response result = api().send("POST", "/api/v1/activities/import", t.adminToken(), "text/csv", csv);
            assertThat(result.status()).as(result.body()).isEqualTo(200);
            assertThat(result.json().get("failed").size()).as(result.body()).isZero();
        }
        Map<String, Boolean> done = new HashMap<>();
        api().get("/api/v1/activities?dealId=" + deal, t.adminToken())
                .json()
                .get("items")
                .forEach(
                        a -> done.put(a.get("subject").asString(), a.get("done").asBoolean()));
        assertThat(done).isEqualTo(Map.of("Without done", false, "Done left empty", false, "Done", true));
    }

    @Test
    void anAtomicImportWithOneBadLineCreatesNothing() {
        String csv = "title,amount\nAlpha,1000\nBeta,not a number\n";

        Api.Response result = importCsv(t.adminToken(), "?atomic=true", csv);

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.json().get("created").asInt()).isZero();
        assertThat(result.json().get("failed").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(deals()).isZero();
        assertThat(importCsv(t.adminToken(), "?atomic=true", "title,amount\nAlpha,1000\nBeta,2\n")
                        .json()
                        .get("created")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void anImportByWhoeverMayImportNoneOfTheTypeIs403BeforeItsBodyIsReadAJobStartedOrAnythingAudited() {
        String email = "seller@" + t.slug() + ".test";
        UUID seller = newUser(t, email);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "userId", seller.toString())));
        String token = login(t.slug(), email, PASSWORD);
        int audited = imported();

        Api.Response inline = importCsv(token, "", "title\nMine\n");
        Api.Response async = importCsv(token, "?async=true", "title\nMine\n");
        // A body that would be refused as malformed once read: it is not read.
        Api.Response unread = importCsv(token, "", "\"unclosed");
        // No body at all is refused by the permission too, not as a malformed request (outside probe).
        Api.Response empty = importCsv(token, "", "");
        Api.Response portuguese = api().send(
                        "POST", "/api/v1/deals/import", token, "text/csv", "title\nMine\n", "Accept-Language", "pt-BR");

        for (Api.Response refused : List.of(inline, async, unread, empty)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).isEqualTo("missing permission: deal.import");
        }
        assertThat(portuguese.json().get("detail").asString()).isEqualTo("falta a permissão: deal.import");
        // What the list page already tells the seller, and nothing more.
        assertThat(api().get("/api/v1/deals?limit=1", token)
                        .json()
                        .get("can")
                        .get("import")
                        .asBoolean())
                .isFalse();
        assertThat(imported()).isEqualTo(audited);
        assertThat(api().get("/api/v1/jobs", token).json().get("items").size()).isZero();
        assertThat(deals()).isZero();
        assertThat(importCsv(t.adminToken(), "", "\"unclosed").status()).isEqualTo(400);
        assertThat(importCsv(t.adminToken(), "", "").status()).isEqualTo(400);
    }

    private int imported() {
        return api().get("/api/v1/audit?action=deal.imported", t.adminToken())
                .json()
                .get("items")
                .size();
    }

    @Test
    void aLargeImportRunsAsAJobWhoseProgressAndResultCanBeRead() throws Exception {
        StringBuilder csv = new StringBuilder("title,amount,fields.region\n");
        for (int i = 0; i < 3_000; i++) {
            csv.append("Deal ")
                    .append(i)
                    .append(',')
                    .append(i)
                    .append(',')
                    .append(i % 2 == 0 ? "SP" : "RJ")
                    .append('\n');
        }
        csv.append(",1,SP\n");

        Api.Response accepted = importCsv(t.adminToken(), "?async=true", csv.toString());

        assertThat(accepted.status()).isEqualTo(202);
        String job = accepted.json().get("id").asString();
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/jobs/" + job);
        var state = api().get("/api/v1/jobs/" + job, t.adminToken()).json();
        for (int i = 0; i < 300 && state.get("state").asString().equals("RUNNING"); i++) {
            Thread.sleep(100);
            state = api().get("/api/v1/jobs/" + job, t.adminToken()).json();
        }
        assertThat(state.get("state").asString()).isEqualTo("DONE");
        assertThat(state.get("total").asLong()).isEqualTo(3_001);
        assertThat(state.get("result").get("created").asInt()).isEqualTo(3_000);
        assertThat(state.get("result").get("failed").get(0).get("line").asInt()).isEqualTo(3_002);
        assertThat(db.fetchCount(Tables.DEAL, Tables.DEAL.WORKSPACE_ID.eq(t.id())))
                .isEqualTo(3_000);
        String other = newUser(t, "other@" + t.slug() + ".test").toString();
        assertThat(other).isNotBlank();
        assertThat(api().get("/api/v1/jobs/" + job, login(t.slug(), "other@" + t.slug() + ".test", PASSWORD))
                        .status())
                .isEqualTo(404);
    }

    /**
     * A large import is written in chunks while it is still being checked; one bad line at the very
     * end still leaves nothing behind (the chunks were written in one transaction, rolled back),
     * and without atomic the good lines are all there once, with one audit entry.
     */
    @Test
    void aLargeAtomicImportWithABadLastLineStoresNothingThoughEarlierChunksWereWritten() throws Exception {
        StringBuilder csv = new StringBuilder("title,amount\n");
        for (int i = 0; i < 12_000; i++) {
            csv.append("Chunked ").append(i).append(',').append(i).append('\n');
        }
        csv.append(",1\n");

        var atomic = finished(importCsv(t.adminToken(), "?async=true&atomic=true", csv.toString()));
        assertThat(atomic.get("state").asString()).isEqualTo("DONE");
        assertThat(atomic.get("result").get("created").asInt()).isZero();
        assertThat(atomic.get("result").get("failed").get(0).get("line").asInt())
                .isEqualTo(12_002);
        assertThat(storedDeals()).isZero();

        var partial = finished(importCsv(t.adminToken(), "?async=true", csv.toString()));
        assertThat(partial.get("result").get("created").asInt()).isEqualTo(12_000);
        assertThat(storedDeals()).isEqualTo(12_000);
        assertThat(db.fetchCount(
                        Tables.AUDIT_ENTRY,
                        Tables.AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(Tables.AUDIT_ENTRY.ACTION.eq("deal.imported"))))
                .as("the rolled-back import left no audit entry; the other one wrote one")
                .isEqualTo(1);
    }

    private JsonNode finished(Api.Response accepted) throws InterruptedException {
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String job = accepted.json().get("id").asString();
        var state = api().get("/api/v1/jobs/" + job, t.adminToken()).json();
        for (int i = 0; i < 600 && state.get("state").asString().equals("RUNNING"); i++) {
            Thread.sleep(100);
            state = api().get("/api/v1/jobs/" + job, t.adminToken()).json();
        }
        return state;
    }

    private int storedDeals() {
        return db.fetchCount(Tables.DEAL, Tables.DEAL.WORKSPACE_ID.eq(t.id()));
    }
}
