package io.custodia.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest.Tenant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Helpers the conversation tests share: teams, roles, and reading a tab. */
final class Conversing {
    private Conversing() {}

    static void joinTeam(Api api, Tenant tenant, String team, UUID user, boolean supervisor) {
        Api.Response r = api.send(
                "PUT",
                "/api/v1/teams/" + team + "/members/" + user,
                tenant.adminToken(),
                "application/json",
                Api.json(Map.of("supervisor", supervisor)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static void leaveTeam(Api api, Tenant tenant, String team, UUID user) {
        Api.Response r =
                api.send("DELETE", "/api/v1/teams/" + team + "/members/" + user, tenant.adminToken(), null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    /** Gives the user a personal role made of {@code body} (entities, system permissions). */
    static void grant(Api api, Tenant tenant, UUID user, Map<String, Object> body) {
        Map<String, Object> role = new HashMap<>(body);
        role.put("name", "role " + UUID.randomUUID());
        Api.Response created = api.post("/api/v1/roles", tenant.adminToken(), role);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Api.Response assigned = api.post(
                "/api/v1/role-assignments",
                tenant.adminToken(),
                Map.of("roleId", created.json().get("id").asString(), "userId", user.toString()));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(201);
    }

    /** The ids on every page of a list. */
    static Set<String> ids(Api api, String path, String token) {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            Api.Response page = api.get(path + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
            cursor = page.json().has("nextCursor")
                    ? page.json().get("nextCursor").asString()
                    : null;
        } while (cursor != null);
        return ids;
    }
}
