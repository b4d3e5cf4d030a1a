package io.custodia.platform;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input is a 4xx problem that says what is wrong, and it changes nothing. */
class BadInputTest extends ApiTest {
    private Tenant tenant;

    @BeforeEach
    void workspace() {
        tenant = newWorkspace();
    }

    private void refused(int status, Supplier<Api.Response> request, String... mentions) {
        int users = db.fetchCount(APP_USER);
        int workspaces = db.fetchCount(WORKSPACE);

        Api.Response response = request.get();

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asString()).isNotBlank();
        assertThat(response.json().get("type").asString()).isNotBlank();
        if (mentions.length > 0) {
            assertThat(response.body()).contains(mentions);
        }
        assertThat(db.fetchCount(APP_USER)).isEqualTo(users);
        assertThat(db.fetchCount(WORKSPACE)).isEqualTo(workspaces);
    }

    private Map<String, Object> user(String email) {
        return Map.of("email", email, "name", "N", "password", PASSWORD);
    }

    /** Found by the outside probe of 2026-12-07: Spring MVC failed on these with an untranslated error (500). */
    @Test
    void aWildcardContentTypeIs415OnEveryBody() {
        for (String type : List.of("application/*", "*/*", "text/*")) {
            refused(
                    415,
                    () -> api().send("POST", "/api/v1/users", tenant.adminToken(), type, "{\"email\":\"x@y.test\"}"),
                    "wildcard");
            refused(
                    415,
                    () -> api().send("POST", "/api/v1/auth/login", null, type, "{\"email\":\"x@y.test\"}"),
                    "wildcard");
        }
    }

    @Test
    void aFormBodyTheFirewallRefusesIs400() {
        // A parameter name with a line break, sent as a form: the firewall's refusal is the client's fault.
        refused(
                400,
                () -> api().send(
                                "POST",
                                "/api/v1/auth/login",
                                null,
                                "application/x-www-form-urlencoded",
                                "a,b,c\n1,2\n\"unterminated"),
                "rejected");
    }

    @Test
    void aFormBodyThatCannotBeDecodedIs400() {
        // A parameter name that is not valid percent-encoded UTF-8 (the fuzzer found it answered 500).
        refused(
                400,
                () -> api().send(
                                "POST",
                                "/api/v1/roles",
                                tenant.adminToken(),
                                "application/x-www-form-urlencoded",
                                "%C0%28%7B%FF%7D="),
                "cannot be read");
    }

    @Test
    void malformedJsonIs400() {
        refused(400, () -> api().post("/api/v1/users", tenant.adminToken(), "{\"email\": "), "not valid JSON");
    }

    @Test
    void aWrongTypeIs400NamingTheField() {
        refused(
                400,
                () -> api().post(
                                "/api/v1/users",
                                tenant.adminToken(),
                                "{\"email\": [1], \"name\": \"N\", \"password\": \"x\"}"),
                "\"field\":\"email\"");
    }

    @Test
    void aValueOfAnotherTypeIsNeverCoercedIntoTheFieldsType() {
        refused(
                400,
                () -> api().post(
                                "/api/v1/users",
                                tenant.adminToken(),
                                "{\"email\": \"c@b.test\", \"name\": 5, \"password\": \"" + PASSWORD + "\"}"),
                "\"field\":\"name\"");
        String department = api().post("/api/v1/departments", tenant.adminToken(), Map.of("name", "D"))
                .json()
                .get("id")
                .asString();
        refused(
                400,
                () -> api().send(
                                "PUT",
                                "/api/v1/departments/" + department + "/members/" + tenant.adminId(),
                                tenant.adminToken(),
                                "application/json",
                                "{\"head\": \"true\"}"),
                "\"field\":\"head\"");
        String list = api().post("/api/v1/lists", tenant.adminToken(), Map.of("name", "L"))
                .json()
                .get("id")
                .asString();
        UUID member = newUser(tenant, "m@" + tenant.slug() + ".test");
        // A number is no instant (400, as any wrong type); a text that is no ISO 8601 instant is 422.
        for (String instant : List.of("1900000000", "1.9e9", "\"1900000000\"", "\"10000-01-01T00:00:00Z\"")) {
            refused(
                    instant.startsWith("\"") ? 422 : 400,
                    () -> api().send(
                                    "PUT",
                                    "/api/v1/lists/" + list + "/members/" + member,
                                    tenant.adminToken(),
                                    "application/json",
                                    "{\"level\": \"VIEW\", \"expiresAt\": " + instant + "}"),
                    "expiresAt");
        }
        for (String minutes : List.of("\"5\"", "1.5")) {
            refused(
                    400,
                    () -> api().post(
                                    "/api/v1/integrations/apps/" + UUID.randomUUID() + "/secret",
                                    tenant.adminToken(),
                                    "{\"overlapMinutes\": " + minutes + "}"),
                    "\"field\":\"overlapMinutes\"");
        }
    }

    @Test
    void anUnknownEnumValueIs400ListingTheValues() {
        refused(
                400,
                () -> api().patch("/api/v1/workspace", tenant.adminToken(), Map.of("conflictRule", "LOUDEST")),
                "conflictRule",
                "PRECEDENCE");
    }

    @Test
    void anUnknownPropertyIs400() {
        refused(
                400,
                () -> api().post(
                                "/api/v1/users",
                                tenant.adminToken(),
                                Map.of("email", "a@b.test", "name", "N", "password", PASSWORD, "admin", true)),
                "unknown property",
                "admin");
    }

    @Test
    void anOverlongStringIs422() {
        refused(
                422,
                () -> api().post(
                                "/api/v1/users",
                                tenant.adminToken(),
                                Map.of("email", "a@b.test", "name", "n".repeat(201), "password", PASSWORD)),
                "\"field\":\"name\"");
    }

    @Test
    void aNumberBeyondTheFieldsTypeIs422NamingTheField() {
        // Found by the outside probe: well-formed JSON was called "not valid JSON".
        for (String number : List.of("99999999999999999999999", "9223372036854775808", "2147483648")) {
            refused(
                    422,
                    () -> api().send(
                                    "PUT",
                                    "/api/v1/access/review-schedule",
                                    tenant.adminToken(),
                                    "application/json",
                                    "{\"everyMonths\":" + number
                                            + ",\"scope\":{\"kind\":\"everyone\"},\"onTimeout\":\"keep\",\"daysToDecide\":3}"),
                    "\"field\":\"everyMonths\"");
        }
    }

    @Test
    void aMissingRequiredFieldIs422() {
        refused(
                422,
                () -> api().post(
                                "/api/v1/users",
                                tenant.adminToken(),
                                Map.of("email", "a@b.test", "password", PASSWORD)),
                "\"field\":\"name\"");
    }

    @Test
    void anInvalidEmailIs422() {
        refused(
                422,
                () -> api().post("/api/v1/users", tenant.adminToken(), user("not an e-mail")),
                "\"field\":\"email\"");
    }

    @Test
    void anInvalidSlugIs422() {
        refused(
                422,
                () -> api().post(
                                "/api/v1/workspaces",
                                null,
                                Map.of("name", "X", "slug", "Not A Slug!", "admin", user("a@b.test"))),
                "slug");
    }

    @Test
    void anUnknownRouteIs404() {
        refused(404, () -> api().get("/api/v1/no-such-thing", tenant.adminToken()), "no such endpoint");
    }

    @Test
    void aWrongMethodIs405() {
        refused(405, () -> api().send("DELETE", "/api/v1/me", tenant.adminToken(), null, null));
    }

    @Test
    void aWrongMediaTypeIs415() {
        refused(415, () -> api().send("POST", "/api/v1/users", tenant.adminToken(), "text/plain", "email=a@b.test"));
    }

    @Test
    void anOversizedBodyIs413() {
        String huge = "{\"email\":\"a@b.test\",\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"password\":\""
                + PASSWORD + "\"}";
        refused(413, () -> api().post("/api/v1/users", tenant.adminToken(), huge), "larger than");
    }

    @Test
    void anIdThatIsNotAUuidIs404LikeAnyUnknownId() {
        refused(404, () -> api().get("/api/v1/users/not-a-uuid", tenant.adminToken()));
        refused(404, () -> api().get("/api/v1/users/" + UUID.randomUUID(), tenant.adminToken()));
    }

    @Test
    void aBadPageSizeOrCursorIs400() {
        refused(400, () -> api().get("/api/v1/users?limit=0", tenant.adminToken()), "limit");
        refused(400, () -> api().get("/api/v1/users?limit=abc", tenant.adminToken()), "limit");
        refused(400, () -> api().get("/api/v1/users?cursor=!!!", tenant.adminToken()));
        refused(
                400,
                () -> api().get("/api/v1/users?cursor=bm90LWEtY3Vyc29yCnRvbyBsb25n", tenant.adminToken()),
                "cursor");
    }

    @Test
    void aTooLongIdempotencyKeyIs400() {
        refused(
                400,
                () -> api().post(
                                "/api/v1/users",
                                tenant.adminToken(),
                                user("k@b.test"),
                                "Idempotency-Key",
                                "k".repeat(201)));
    }

    @Test
    void anEmptyBodyIs400() {
        refused(400, () -> api().send("POST", "/api/v1/users", tenant.adminToken(), "application/json", ""));
        refused(400, () -> api().post("/api/v1/users", tenant.adminToken(), "[]"));
        refused(400, () -> api().post("/api/v1/users", tenant.adminToken(), List.of("x")));
    }
}
