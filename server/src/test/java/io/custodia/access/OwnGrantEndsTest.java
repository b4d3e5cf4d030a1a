package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An end set on a grant is not its holder's to lift or push back (access-model, "Grants that
 * expire"; found by the outside probe of 2026-12-06): a role manager whose own assignment ends, and a
 * list manager whose membership ends, are refused; someone else may still change either end.
 */
class OwnGrantEndsTest extends ApiTest {

    @Test
    void aRoleManagerCannotLiftTheEndOfTheirOwnAssignment() {
        Tenant t = newWorkspace();
        String managesRoles = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of("name", "Role manager", "system", List.of("roles.manage"))));
        UUID sales = newUser(t, "sales@" + t.slug() + ".test");
        String end = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toString();
        String later = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).toString();
        assign(t, managesRoles, sales, end);
        String token = login(t.slug(), "sales@" + t.slug() + ".test", PASSWORD);

        Api.Response lifted = assignment(token, managesRoles, sales, null);
        Api.Response pushed = assignment(token, managesRoles, sales, later);
        Api.Response byAnother = assignment(t.adminToken(), managesRoles, sales, later);

        assertThat(lifted.status()).as(lifted.body()).isEqualTo(403);
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(403);
        assertThat(byAnother.status()).as(byAnother.body()).isEqualTo(200);
        // Nor by removing it and giving it again without the end (found in review).
        String own = byAnother.json().get("id").asString();
        assertThat(api().send("DELETE", "/api/v1/role-assignments/" + own, token, null, null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aListManagerCannotChangeTheirOwnMembership() {
        Tenant t = newWorkspace();
        UUID manager = newUser(t, "manager@" + t.slug() + ".test");
        String owner = t.adminToken();
        String list = created(api().post("/api/v1/lists", owner, Map.of("name", "Clientes SP")));
        String end = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).toString();
        put(
                t,
                "/api/v1/lists/" + list + "/members/" + manager,
                "{\"level\":\"MANAGER\",\"expiresAt\":\"" + end + "\"}");
        String token = login(t.slug(), "manager@" + t.slug() + ".test", PASSWORD);

        Api.Response own = api().send(
                        "PUT",
                        "/api/v1/lists/" + list + "/members/" + manager,
                        token,
                        "application/json",
                        "{\"level\":\"MANAGER\"}");

        assertThat(own.status()).as(own.body()).isEqualTo(403);
        assertThat(api().get("/api/v1/lists/" + list, owner)
                        .json()
                        .get("members")
                        .toString())
                .as("the end stays")
                .contains(end.substring(0, 16));
    }

    private void assign(Tenant t, String role, UUID user, String expiresAt) {
        assertThat(assignment(t.adminToken(), role, user, expiresAt).status()).isEqualTo(201);
    }

    private Api.Response assignment(String token, String role, UUID user, String expiresAt) {
        return api().post(
                        "/api/v1/role-assignments",
                        token,
                        expiresAt == null
                                ? Map.of("roleId", role, "userId", user.toString())
                                : Map.of("roleId", role, "userId", user.toString(), "expiresAt", expiresAt));
    }
}
