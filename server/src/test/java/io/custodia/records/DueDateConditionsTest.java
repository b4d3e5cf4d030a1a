package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A condition on a date-time field ({@code dueAt}) sees the field as its date in UTC, in the
 * engine and in SQL alike: an activity due at 10:00 UTC on 2026-01-01 is "on 2026-01-01" for
 * every operator, in lists (SQL) as in single decisions (the engine).
 */
class DueDateConditionsTest extends ApiTest {
    @Test
    void listsSeeADueDateAsItsDateInUtcAsTheEngineDoes() {
        Tenant t = newWorkspace();
        onePipeline(t);
        String deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "D")));
        Map<String, String> dueOn = new LinkedHashMap<>();
        for (String[] due : new String[][] {
            {"2025-12-31T23:59:59Z", "2025-12-31"},
            {"2026-01-01T00:00:00Z", "2026-01-01"},
            {"2026-01-01T10:00:00Z", "2026-01-01"},
            {"2025-12-31T23:00:00-03:00", "2026-01-01"},
            {"2026-01-01T23:59:59Z", "2026-01-01"},
            {"2026-01-02T01:00:00+02:00", "2026-01-01"},
            {"2026-01-02T00:00:00Z", "2026-01-02"}
        }) {
            dueOn.put(
                    created(api().post(
                                    "/api/v1/activities",
                                    t.adminToken(),
                                    Map.of("type", "call", "subject", due[0], "dueAt", due[0], "dealId", deal))),
                    due[1]);
        }
        for (String op : List.of("eq", "ne", "gt", "gte", "lt", "lte")) {
            String email = op + "-" + UUID.randomUUID().toString().substring(0, 6) + "@" + t.slug() + ".test";
            UUID user = newUser(t, email);
            String role = created(api().post(
                            "/api/v1/roles",
                            t.adminToken(),
                            "{\"name\":\"Due " + op
                                    + "\",\"entities\":{\"activity\":{\"read\":{\"level\":\"ALL\",\"condition\":"
                                    + "{\"field\":\"dueAt\",\"op\":\"" + op + "\",\"value\":\"2026-01-01\"}}}}}"));
            created(api().post(
                            "/api/v1/role-assignments",
                            t.adminToken(),
                            Map.of("roleId", role, "userId", user.toString())));
            List<String> listed = api().get("/api/v1/activities?limit=200", login(t.slug(), email, PASSWORD))
                    .json()
                    .get("items")
                    .valueStream()
                    .map(a -> a.get("id").asString())
                    .toList();
            List<String> expected = dueOn.entrySet().stream()
                    .filter(e -> holds(op, e.getValue().compareTo("2026-01-01")))
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(listed).as(op).containsExactlyInAnyOrderElementsOf(expected);
            for (String activity : dueOn.keySet()) {
                boolean allowed = api().get(
                                "/api/v1/access/explain?userId=" + user + "&entity=activity&action=read&recordId="
                                        + activity,
                                t.adminToken())
                        .json()
                        .get("allowed")
                        .asBoolean();
                assertThat(allowed).as(op + " " + activity + " in the engine").isEqualTo(expected.contains(activity));
            }
        }
    }

    private static boolean holds(String op, int comparison) {
        return switch (op) {
            case "eq" -> comparison == 0;
            case "ne" -> comparison != 0;
            case "gt" -> comparison > 0;
            case "gte" -> comparison >= 0;
            case "lt" -> comparison < 0;
            default -> comparison <= 0;
        };
    }
}
