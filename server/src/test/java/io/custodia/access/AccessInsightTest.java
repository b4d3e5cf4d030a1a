package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AccessInsightTest extends ApiTest {

    private String readLevel(JsonNode effective, String entity) {
        JsonNode entry = effective
                .get("entries")
                .valueStream()
                .filter(e -> e.get("entity").asString().equals(entity)
                        && e.get("action").asString().equals("read")
                        && e.get("stageId").isNull())
                .findFirst()
                .orElseThrow();
        return entry.get("grants").isEmpty()
                ? "NONE"
                : entry.get("grants").get(0).get("level").asString();
    }

    @Test
    void theEffectiveMatrixListsADealsStagesInPipelineOrder() {
        Tenant t = newWorkspace();
        List<String> stages = pipelineOf(t, "Vendas", "A:OPEN", "B:OPEN", "C:OPEN", "D:OPEN", "E:WON", "F:LOST");
        Map<String, Object> detailed = new LinkedHashMap<>();
        // Set out of order, so that only the pipeline can order them.
        for (int i : List.of(4, 1, 5, 0, 3, 2)) {
            detailed.put(stages.get(i), Map.of("read", Map.of("level", i % 2 == 0 ? "NONE" : "OWN")));
        }
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Por etapa",
                                "entities",
                                Map.of("deal", Map.of("read", Map.of("level", "ALL"))),
                                "stages",
                                detailed)));
        UUID lia = newUser(t, "lia@" + t.slug() + ".test");
        assign(t, role, lia);

        List<String> listed = api().get("/api/v1/access/effective?userId=" + lia, t.adminToken())
                .json()
                .get("entries")
                .valueStream()
                .filter(e -> e.get("entity").asString().equals("deal")
                        && e.get("action").asString().equals("read")
                        && !e.get("stageId").isNull())
                .map(e -> e.get("stageId").asString())
                .toList();

        assertThat(listed).containsExactlyElementsOf(stages);
    }

    @Test
    void simulatingAMoveShowsWhatItWouldGrantAndChangesNothing() {
        Tenant t = newWorkspace();
        String sales = department(t, "Sales");
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "departmentId", sales));

        Api.Response simulated = api().post(
                        "/api/v1/access/simulate",
                        t.adminToken(),
                        Map.of(
                                "userId",
                                bia.toString(),
                                "changes",
                                List.of(Map.of("op", "joinDepartment", "departmentId", sales))));

        assertThat(simulated.status()).as(simulated.body()).isEqualTo(200);
        assertThat(readLevel(simulated.json().get("before"), "deal")).isEqualTo("NONE");
        assertThat(readLevel(simulated.json().get("after"), "deal")).isEqualTo("DEPARTMENT");
        assertThat(readLevel(
                        api().get("/api/v1/access/effective?userId=" + bia, t.adminToken())
                                .json(),
                        "deal"))
                .isEqualTo("NONE");
        Api.Response assign = api().post(
                        "/api/v1/access/simulate",
                        t.adminToken(),
                        Map.of(
                                "userId",
                                bia.toString(),
                                "changes",
                                List.of(Map.of("op", "assignRole", "roleId", roleId(t, "Read only")))));
        assertThat(readLevel(assign.json().get("after"), "contact")).isEqualTo("ALL");
        Api.Response bad = api().post(
                        "/api/v1/access/simulate",
                        t.adminToken(),
                        Map.of(
                                "userId",
                                bia.toString(),
                                "changes",
                                List.of(Map.of("op", "unassignRole", "roleId", roleId(t, "Read only")))));
        assertThat(bad.status()).isEqualTo(422);
    }

    /**
     * Joining a department keeps one's own records (every level above OWN includes them): the
     * simulation counted them lost, its department scope said over the real memberships (found by
     * the outside probe).
     */
    @Test
    void joiningADepartmentKeepsOnesOwnRecordsInTheSimulationsCounts() {
        Tenant t = newWorkspace();
        onePipeline(t);
        String sales = department(t, "Sales");
        String empty = department(t, "Empty");
        UUID caio = newUser(t, "caio@" + t.slug() + ".test");
        UUID dora = newUser(t, "dora@" + t.slug() + ".test");
        join(t, sales, dora);
        assign(t, roleId(t, "Salesperson"), caio);
        assign(t, roleId(t, "Salesperson"), dora);
        for (UUID owner : List.of(caio, caio, dora)) {
            created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "D", "ownerId", owner.toString())));
        }
        for (String department : List.of(empty, sales)) {
            JsonNode deals = api().post(
                            "/api/v1/access/simulate",
                            t.adminToken(),
                            Map.of(
                                    "userId",
                                    caio.toString(),
                                    "changes",
                                    List.of(Map.of("op", "joinDepartment", "departmentId", department))))
                    .json()
                    .get("records")
                    .get("deal");
            assertThat(deals.get("lost").asLong()).as("joining " + department).isZero();
            // Joining Sales, Caio would read Dora's deal too.
            assertThat(deals.get("gained").asLong()).isEqualTo(department.equals(sales) ? 1 : 0);
        }
    }

    @Test
    void conflictsListUsersWhoseRolesDisagreeAndHowTheyResolved() {
        Tenant t = newWorkspace();
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "userId", bia.toString()));
        api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Read only"), "everyone", true));

        JsonNode conflicts =
                api().get("/api/v1/access/conflicts", t.adminToken()).json();

        JsonNode mine = conflicts
                .get("items")
                .valueStream()
                .filter(u -> u.get("userId").asString().equals(bia.toString()))
                .findFirst()
                .orElseThrow();
        JsonNode contactRead = mine.get("entries")
                .valueStream()
                .filter(e -> e.get("entity").asString().equals("contact")
                        && e.get("action").asString().equals("read"))
                .findFirst()
                .orElseThrow();
        assertThat(contactRead.get("candidates").size()).isEqualTo(2);
        assertThat(contactRead.get("winningClass").asString()).isEqualTo("DETAILED_PERSONAL");
        assertThat(contactRead.get("effective").get(0).get("level").asString()).isEqualTo("DEPARTMENT");
    }

    @Test
    void theReviewFlagsConflictsAndComesAsCsvToo() {
        Tenant t = newWorkspace();
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "userId", bia.toString()));
        api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Read only"), "everyone", true));

        JsonNode review = api().get("/api/v1/access/review", t.adminToken()).json();
        Api.Response csv = api().send("GET", "/api/v1/access/review", t.adminToken(), null, null, "Accept", "text/csv");

        JsonNode row = review.get("items")
                .valueStream()
                .filter(u -> u.get("userId").asString().equals(bia.toString()))
                .findFirst()
                .orElseThrow();
        assertThat(row.get("flags").toString()).contains("has conflicts");
        assertThat(row.get("roles").size()).isEqualTo(2);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body())
                .startsWith("userId,email,name,status,lastSignInAt,roles,readLevels,systemPermissions,flags");
        assertThat(csv.body()).contains("bia@" + t.slug() + ".test", "has conflicts");
    }

    @Test
    void theReviewFlagsADeactivatedUserWhoStillOwnsRecords() {
        Tenant t = newWorkspace();
        onePipeline(t);
        UUID leaver = newUser(t, "leaver@" + t.slug() + ".test");
        created(api().post(
                        "/api/v1/deals", t.adminToken(), Map.of("title", "Left behind", "ownerId", leaver.toString())));
        api().patch("/api/v1/users/" + leaver, t.adminToken(), Map.of("status", "deactivated"));

        JsonNode row = api().get("/api/v1/access/review", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(u -> u.get("userId").asString().equals(leaver.toString()))
                .findFirst()
                .orElseThrow();

        assertThat(row.get("status").asString()).isEqualTo("deactivated");
        assertThat(row.get("flags").toString()).contains("deactivated but owns 1 record(s)");
        assertThat(api().get("/api/v1/deals", t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .get("ownerId")
                        .asString())
                .isEqualTo(leaver.toString());
    }

    @Test
    void aUserMayAskAboutItselfButNotAboutOthers() {
        Tenant t = newWorkspace();
        String email = "bia@" + t.slug() + ".test";
        UUID bia = newUser(t, email);
        String token = login(t.slug(), email, PASSWORD);

        assertThat(api().get("/api/v1/access/effective?userId=" + bia, token).status())
                .isEqualTo(200);
        Api.Response other = api().get("/api/v1/access/effective?userId=" + t.adminId(), token);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("detail").asString()).isEqualTo("missing permission: roles.manage");
        assertThat(api().get("/api/v1/access/explain?userId=" + bia + "&entity=deel&action=read", token)
                        .status())
                .isEqualTo(422);
    }

    @Test
    void aSimulationAboutOneselfTellsNoCountsUnlessOneManagesRoles() {
        // A role that reads deals only where a custom field holds a value: hidden from Bia, that
        // value would be told by how many deals she would gain if a simulation counted them.
        Tenant t = newWorkspace();
        onePipeline(t);
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of("entity", "deal", "key", "secret", "label", "Secret", "type", "text")));
        String email = "bia@" + t.slug() + ".test";
        UUID bia = newUser(t, email);
        String hidesSecret = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name", "Reads all, secret hidden",
                                "entities", Map.of("deal", Map.of("read", Map.of("level", "ALL"))),
                                "fields", Map.of("deal", Map.of("secret", "HIDDEN")))));
        String canary = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Canary",
                                "entities",
                                Map.of(
                                        "deal",
                                        Map.of(
                                                "read",
                                                Map.of(
                                                        "level",
                                                        "ALL",
                                                        "condition",
                                                        Map.of("op", "eq", "field", "secret", "value", "canary")))))));
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", hidesSecret, "userId", bia.toString())));
        created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of("title", "Harbour", "fields", Map.of("secret", "canary"))));
        String token = login(t.slug(), email, PASSWORD);
        Map<String, Object> change =
                Map.of("userId", bia.toString(), "changes", List.of(Map.of("op", "assignRole", "roleId", canary)));

        Api.Response own = api().post("/api/v1/access/simulate", token, change);
        Api.Response managed = api().post("/api/v1/access/simulate", t.adminToken(), change);

        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("records").isEmpty()).as(own.body()).isTrue();
        assertThat(own.json().get("after").get("entries").isEmpty()).isFalse();
        assertThat(managed.json().get("records").get("deal").get("gained").asLong())
                .as(managed.body())
                .isZero();
        assertThat(managed.json().get("records").has("contact")).isTrue();
    }
}
