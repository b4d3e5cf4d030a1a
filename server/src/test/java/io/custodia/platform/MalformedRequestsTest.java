package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A seeded stream of malformed requests against every kind of endpoint: wrong JSON shapes and
 * types, huge and odd values, broken ids and cursors. Whatever comes in, the answer is never a 5xx.
 */
class MalformedRequestsTest extends ApiTest {
    private static final List<Object> ODD_VALUES = List.of(
            "",
            " ",
            "x".repeat(5_000),
            -1,
            0,
            1e308,
            -1e308,
            12345678901234567890.0,
            true,
            false,
            List.of(),
            List.of(1, "a"),
            Map.of(),
            Map.of("a", Map.of("b", List.of())),
            "2026-13-45",
            "00000000-0000-0000-0000-000000000000",
            "not-a-uuid",
            "\u0000",
            "☃",
            "<script>",
            "' or 1=1 --");

    @Test
    void noMalformedRequestGetsAServerError() {
        Tenant t = newWorkspace();
        String pipeline = onePipeline(t);
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "D")));
        String department = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Dept")));
        String role = roleId(t, "Salesperson");
        String team = created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support")));
        String contact = created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "C")));
        String conversation = created(api().post(
                        "/api/v1/conversations",
                        t.adminToken(),
                        Map.of("teamId", team, "contactId", contact, "channel", "chat", "subject", "S")));
        List<String[]> endpoints = List.of(
                new String[] {"POST", "/api/v1/conversations"},
                new String[] {"POST", "/api/v1/conversations/" + conversation + "/messages"},
                new String[] {"POST", "/api/v1/conversations/" + conversation + "/assign"},
                new String[] {"POST", "/api/v1/deals"},
                new String[] {"PATCH", "/api/v1/deals/" + deal},
                new String[] {"POST", "/api/v1/contacts"},
                new String[] {"POST", "/api/v1/companies"},
                new String[] {"POST", "/api/v1/activities"},
                new String[] {"POST", "/api/v1/notes"},
                new String[] {"POST", "/api/v1/users"},
                new String[] {"PATCH", "/api/v1/users/" + t.adminId()},
                new String[] {"POST", "/api/v1/departments"},
                new String[] {"PATCH", "/api/v1/departments/" + department},
                new String[] {"POST", "/api/v1/teams"},
                new String[] {"POST", "/api/v1/roles"},
                new String[] {"PUT", "/api/v1/roles/" + role},
                new String[] {"POST", "/api/v1/role-assignments"},
                new String[] {"POST", "/api/v1/access/simulate"},
                new String[] {"POST", "/api/v1/fields"},
                new String[] {"POST", "/api/v1/pipelines"},
                new String[] {"PATCH", "/api/v1/workspace"},
                new String[] {"POST", "/api/v1/workspaces"},
                new String[] {"POST", "/api/v1/auth/login"});
        List<String> keys = List.of(
                "title",
                "amount",
                "currency",
                "stageId",
                "pipelineId",
                "ownerId",
                "fields",
                "name",
                "email",
                "password",
                "status",
                "parentId",
                "visibility",
                "entities",
                "stages",
                "system",
                "roleId",
                "userId",
                "departmentId",
                "everyone",
                "changes",
                "op",
                "type",
                "key",
                "options",
                "dealId",
                "dueAt",
                "done",
                "body",
                "conflictRule",
                "workspace",
                "slug",
                "admin",
                "kind",
                "teamId",
                "contactId",
                "attendantId",
                "channel",
                "subject");
        Random random = new Random(2026);
        int sent = 0;
        List<String> serverErrors = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String[] endpoint = endpoints.get(random.nextInt(endpoints.size()));
            String body;
            switch (random.nextInt(4)) {
                case 0 ->
                    body = "{\"" + keys.get(random.nextInt(keys.size())) + "\": "
                            + (random.nextBoolean() ? "{" : "[1,");
                case 1 -> body = random.nextBoolean() ? "[]" : "\"text\"";
                default -> {
                    Map<String, Object> map = new HashMap<>();
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        map.put(
                                keys.get(random.nextInt(keys.size())),
                                ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
                    }
                    body = Api.json(map);
                }
            }
            Api.Response response = api().send(endpoint[0], endpoint[1], t.adminToken(), "application/json", body);
            sent++;
            if (response.status() >= 500) {
                serverErrors.add(endpoint[0] + " " + endpoint[1] + " " + body + " -> " + response.status() + " "
                        + response.body());
            }
        }
        for (String path : List.of(
                "/api/v1/deals?limit=-5",
                "/api/v1/conversations?tab=everything",
                "/api/v1/conversations?tab=mine&cursor=YWJj",
                "/api/v1/conversations/" + UUID.randomUUID(),
                "/api/v1/conversations/" + conversation + "/messages?cursor=%E2%98%83",
                "/api/v1/access/explain?userId=" + t.adminId() + "&entity=conversation&action=read",
                "/api/v1/deals?cursor=%E2%98%83",
                "/api/v1/deals?sort=name&cursor=YWJj",
                "/api/v1/deals?stageId=nope",
                "/api/v1/deals/" + UUID.randomUUID(),
                "/api/v1/audit?from=yesterday",
                "/api/v1/access/explain?userId=" + t.adminId() + "&entity=deal&action=fly",
                "/api/v1/access/effective?userId=zzz",
                "/api/v1/trash?cursor=Zm9vCmJhcg")) {
            Api.Response response = api().get(path, t.adminToken());
            sent++;
            if (response.status() >= 500) {
                serverErrors.add("GET " + path + " -> " + response.status() + " " + response.body());
            }
        }
        assertThat(serverErrors).as("requests answered with a server error").isEmpty();
        assertThat(sent).isGreaterThan(600);
    }
}
