package io.custodia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The workspace the fuzz works in: one object of every kind for path variables and base bodies to
 * name (so that odd values reach the checks deep inside, not just the first 404), custom fields of
 * every type, and a reader per role template plus readers whose roles have conditions on every
 * custom field and on {@code dueAt} (a condition makes the database cast stored values, which is
 * how a stored value broke reads before).
 */
final class FuzzedWorkspace {
    static final List<String> RECORD_TYPES = List.of("contacts", "companies", "deals", "activities", "notes");
    private static final List<String> TEMPLATES =
            List.of("Administrator", "Manager", "Salesperson", "Customer service", "Read only");

    final ApiTest.Tenant tenant;
    final String adminEmail;
    /** Ids by kind: {@code deals}, {@code lists}, {@code users} (a bystander, never the administrator), ... */
    final Map<String, String> ids = new HashMap<>();
    /** The account the sign-in's base body names: its failures throttle nobody else. */
    final String signInEmail;
    /** Reader name to token. */
    final Map<String, String> readers = new LinkedHashMap<>();

    private final Api api;

    /**
     * Arranges the workspace of the tenant; {@code pipeline} makes it a pipeline, {@code roleId}
     * finds one of its roles by name.
     */
    FuzzedWorkspace(
            ApiTest.Tenant tenant,
            Api api,
            Function<ApiTest.Tenant, String> pipeline,
            Function<String, String> roleId) {
        this.tenant = tenant;
        this.api = api;
        this.adminEmail = "admin@" + tenant.slug() + ".test";
        String token = tenant.adminToken();
        ids.put("pipelines", pipeline.apply(tenant));
        for (String[] field : new String[][] {
            {"deal", "closing", "date"}, {"deal", "score", "number"}, {"deal", "note", "text"},
            {"contact", "birthday", "date"}, {"contact", "rank", "number"}, {"company", "founded", "date"},
            {"activity", "reminder", "date"}, {"note", "weight", "number"}
        }) {
            created(api.post(
                    "/api/v1/fields",
                    token,
                    Map.of("entity", field[0], "key", field[1], "label", field[1], "type", field[2])));
        }
        created(api.post(
                "/api/v1/fields",
                token,
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
        ids.put("companies", created(api.post("/api/v1/companies", token, Map.of("name", "Acme"))));
        ids.put(
                "contacts",
                created(api.post("/api/v1/contacts", token, Map.of("firstName", "Ana", "email", "ana@acme.test"))));
        ids.put(
                "deals",
                created(api.post(
                        "/api/v1/deals",
                        token,
                        Map.of(
                                "title",
                                "Deal",
                                "amount",
                                10,
                                "fields",
                                Map.of("closing", "2026-06-15", "region", "SP")))));
        ids.put(
                "activities",
                created(api.post(
                        "/api/v1/activities",
                        token,
                        Map.of(
                                "type",
                                "task",
                                "subject",
                                "Call",
                                "dueAt",
                                "2026-06-15T10:00:00Z",
                                "dealId",
                                ids.get("deals")))));
        ids.put(
                "notes",
                created(api.post("/api/v1/notes", token, Map.of("body", "A note", "dealId", ids.get("deals")))));
        for (String type : List.of("contacts", "companies", "deals")) {
            ids.put(
                    "comments:" + type,
                    created(api.post(
                            "/api/v1/" + type + "/" + ids.get(type) + "/comments", token, Map.of("body", "Hi"))));
        }
        ids.put("departments", created(api.post("/api/v1/departments", token, Map.of("name", "Sales"))));
        ids.put("parent", created(api.post("/api/v1/departments", token, Map.of("name", "Parent"))));
        ids.put("teams", created(api.post("/api/v1/teams", token, Map.of("name", "Inbox", "visibility", "TEAM"))));
        assertThat(api.send(
                                "PUT",
                                "/api/v1/teams/" + ids.get("teams") + "/members/" + tenant.adminId(),
                                token,
                                "application/json",
                                "{}")
                        .status())
                .isEqualTo(200);
        ids.put(
                "sharing-rules",
                created(api.post(
                        "/api/v1/sharing-rules",
                        token,
                        Map.of(
                                "name", "Sales to the inbox",
                                "entity", "deal",
                                "from", Map.of("departmentId", ids.get("departments"), "includeSubdepartments", true),
                                "to", Map.of("teamId", ids.get("teams")),
                                "level", "EDIT"))));
        ids.put("lists", created(api.post("/api/v1/lists", token, Map.of("name", "Mine"))));
        ids.put(
                "conversations",
                created(api.post(
                        "/api/v1/conversations",
                        token,
                        Map.of(
                                "teamId",
                                ids.get("teams"),
                                "contactId",
                                ids.get("contacts"),
                                "channel",
                                "chat",
                                "subject",
                                "Help"))));
        ids.put("users", newUser("bystander"));
        signInEmail = "signin@" + tenant.slug() + ".test";
        newUser("signin");
        ids.put(
                "roles",
                created(api.post(
                        "/api/v1/roles",
                        token,
                        "{\"name\":\"Conditional\",\"entities\":{"
                                + "\"deal\":{\"read\":{\"level\":\"ALL\",\"condition\":{\"all\":["
                                + "{\"field\":\"closing\",\"op\":\"gte\",\"value\":\"0001-01-01\"},"
                                + "{\"field\":\"score\",\"op\":\"in\",\"values\":[1,2]},"
                                + "{\"field\":\"note\",\"op\":\"lt\",\"value\":\"z\"}]}}}}}")));
        readers.put("Administrator", token);
        for (String template : TEMPLATES.subList(1, TEMPLATES.size())) {
            readers.put(template, reader(template, roleId.apply(template)));
        }
        // One role per custom field and dueAt, each a condition alone, so each cast is evaluated.
        String[][] conditions = {
            {"deal", "closing", "gt", "\"0001-01-01\""},
            {"deal", "score", "gt", "-1"},
            {"deal", "note", "gt", "\"\""},
            {"deal", "region", "ne", "\"RJ\""},
            {"contact", "birthday", "lte", "\"9999-12-31\""},
            {"contact", "rank", "lt", "100"},
            {"company", "founded", "gte", "\"0001-01-01\""},
            {"activity", "dueAt", "gt", "\"0001-01-01\""},
            {"activity", "reminder", "gt", "\"0001-01-01\""},
            {"note", "weight", "ne", "0"}
        };
        for (String[] c : conditions) {
            String role = created(api.post(
                    "/api/v1/roles",
                    token,
                    "{\"name\":\"On " + c[1] + "\",\"entities\":{\"" + c[0]
                            + "\":{\"read\":{\"level\":\"ALL\",\"condition\":" + "{\"field\":\"" + c[1] + "\",\"op\":\""
                            + c[2] + "\",\"value\":" + c[3] + "}}}}}"));
            readers.put("condition on " + c[0] + "." + c[1], reader("on-" + c[1].toLowerCase(), role));
        }
    }

    private String reader(String name, String roleId) {
        String slugName = name.toLowerCase().replace(' ', '-');
        String user = newUser(slugName);
        created(api.post("/api/v1/role-assignments", tenant.adminToken(), Map.of("roleId", roleId, "userId", user)));
        Api.Response signedIn = api.post(
                "/api/v1/auth/login",
                null,
                Map.of(
                        "workspace",
                        tenant.slug(),
                        "email",
                        slugName + "@" + tenant.slug() + ".test",
                        "password",
                        ApiTest.PASSWORD));
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        return signedIn.json().get("accessToken").asString();
    }

    private String newUser(String name) {
        return created(api.post(
                "/api/v1/users",
                tenant.adminToken(),
                Map.of("email", name + "@" + tenant.slug() + ".test", "name", name, "password", ApiTest.PASSWORD)));
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    /** An id of the kind a path variable names, given the path segment before it. */
    String idFor(String variable, String previousSegment, String recordType) {
        return switch (variable) {
            case "userId" -> ids.get("users");
            case "contactId" -> ids.get("contacts");
            case "recordId" -> ids.get(recordType);
            default -> {
                if (previousSegment.equals("comments")) {
                    yield ids.get("comments:" + recordType);
                }
                if (RECORD_TYPES.contains(previousSegment)) {
                    yield ids.get(previousSegment);
                }
                if (recordType != null && previousSegment.equals(recordType)) {
                    yield ids.get(recordType);
                }
                yield ids.getOrDefault(previousSegment, UUID.randomUUID().toString());
            }
        };
    }
}
