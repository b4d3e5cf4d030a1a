package io.custodia.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Issue #23, item 2: nobody hands out a system permission they do not hold, and no path leaves a
 * workspace without an active holder of {@code roles.manage} or of {@code users.manage}
 * (docs/access-model.md, "Who may hand out what").
 */
class SeparationOfDutiesTest extends ApiTest {
    private Tenant t;
    private String administrator;

    private void workspace() {
        t = newWorkspace();
        administrator = roleId(t, "Administrator");
    }

    /** A role with these system permissions and no entries; answers its id. */
    private String role(String name, String... system) {
        return created(api().post("/api/v1/roles", t.adminToken(), Map.of("name", name, "system", List.of(system))));
    }

    private Api.Response assign(String token, String role, String targetKey, Object target) {
        return api().post("/api/v1/role-assignments", token, Map.of("roleId", role, targetKey, target));
    }

    /** A new user holding the role personally; answers the user's token. */
    private String personWith(String name, String role) {
        UUID user = newUser(t, name + "@" + t.slug() + ".test");
        if (role != null) {
            created(assign(t.adminToken(), role, "userId", user.toString()));
        }
        return login(t.slug(), name + "@" + t.slug() + ".test", PASSWORD);
    }

    private UUID idOf(String token) {
        return UUID.fromString(api().get("/api/v1/me", token).json().get("id").asString());
    }

    private String assignmentOf(UUID user, String role) {
        return api().get("/api/v1/role-assignments", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(a -> a.get("roleId").asString().equals(role)
                        && a.has("userId")
                        && user.toString().equals(a.get("userId").asString()))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
    }

    private Api.Response put(String path, String token, Object body) {
        return api().send("PUT", path, token, "application/json", Api.json(body));
    }

    private Api.Response delete(String path, String token) {
        return api().send("DELETE", path, token, null, null);
    }

    private static Map<String, Object> administratorWithout(String... dropped) {
        List<String> system = new ArrayList<>(List.of(
                "workspace.manage",
                "users.manage",
                "roles.manage",
                "integrations.manage",
                "audit.read",
                "conversations.view_all"));
        system.removeAll(List.of(dropped));
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Administrator");
        body.put("system", system);
        return body;
    }

    @Test
    void aHolderOfRolesManageAloneCannotMakeAnyoneAnAdministrator() {
        workspace();
        String roleManager = role("Role manager", "roles.manage");
        String rita = personWith("rita", roleManager);
        UUID ritaId = idOf(rita);

        // The issue's path: the Administrator role to herself, then emptied.
        Api.Response toHerself = assign(rita, administrator, "userId", ritaId.toString());
        assertThat(toHerself.status()).as(toHerself.body()).isEqualTo(403);
        assertThat(toHerself.json().get("detail").asString()).contains("users.manage", "audit.read");
        String board = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Board")));
        assertThat(assign(rita, administrator, "departmentId", board).status()).isEqualTo(403);
        assertThat(assign(rita, administrator, "everyone", true).status()).isEqualTo(403);
        assertThat(put("/api/v1/roles/" + administrator, rita, administratorWithout("users.manage"))
                        .status())
                .isEqualTo(403);
        assertThat(delete("/api/v1/role-assignments/" + assignmentOf(t.adminId(), administrator), rita)
                        .status())
                .isEqualTo(403);
        assertThat(delete("/api/v1/roles/" + role("Auditor", "audit.read"), rita)
                        .status())
                .isEqualTo(403);
        assertThat(api().post("/api/v1/roles", rita, Map.of("name", "Mine", "system", List.of("audit.read")))
                        .status())
                .isEqualTo(403);
        String auditor = role("Auditor too", "audit.read");
        assertThat(api().post("/api/v1/roles/" + auditor + "/copy", rita, Map.of("name", "Copied"))
                        .status())
                .isEqualTo(403);
        assertThat(put("/api/v1/roles/" + auditor, rita, Map.of("name", "Auditor too"))
                        .status())
                .as("taking a permission out of a role takes it from its holders")
                .isEqualTo(403);

        // What she holds, she hands out; roles without system permissions are hers to write.
        UUID other = newUser(t, "otto@" + t.slug() + ".test");
        assertThat(assign(rita, roleManager, "userId", other.toString()).status())
                .isEqualTo(201);
        assertThat(api().post(
                                "/api/v1/roles",
                                rita,
                                Map.of(
                                        "name",
                                        "Deals",
                                        "entities",
                                        Map.of("deal", Map.of("read", Map.of("level", "ALL")))))
                        .status())
                .isEqualTo(201);
        assertThat(api().get("/api/v1/users", rita).status()).isEqualTo(200);
        assertThat(api().post(
                                "/api/v1/users",
                                rita,
                                Map.of("email", "x@" + t.slug() + ".test", "name", "X", "password", PASSWORD))
                        .status())
                .as("she still holds no users.manage")
                .isEqualTo(403);
    }

    @Test
    void theLastHolderOfRolesManageOrUsersManageCannotBeRemovedByAnyPath() {
        workspace();
        String userManager = role("User manager", "users.manage");
        String una = personWith("una", userManager);
        String adminsAssignment = assignmentOf(t.adminId(), administrator);

        Api.Response own = delete("/api/v1/role-assignments/" + adminsAssignment, t.adminToken());
        assertThat(own.status()).as(own.body()).isEqualTo(409);
        assertThat(own.json().get("detail").asString()).contains("roles.manage");
        Api.Response emptied =
                put("/api/v1/roles/" + administrator, t.adminToken(), administratorWithout("roles.manage"));
        assertThat(emptied.status()).as(emptied.body()).isEqualTo(409);
        Api.Response auditGone =
                put("/api/v1/roles/" + administrator, t.adminToken(), administratorWithout("audit.read"));
        assertThat(auditGone.status())
                .as("nor any other permission: " + auditGone.body())
                .isEqualTo(409);
        assertThat(auditGone.json().get("detail").asString()).contains("audit.read");
        Api.Response deactivated = api().patch("/api/v1/users/" + t.adminId(), una, Map.of("status", "deactivated"));
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(409);
        assertThat(deactivated.json().get("detail").asString()).contains("roles.manage");

        // Held through a department instead: leaving it is the last removal.
        String board = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Board")));
        join(t, board, t.adminId());
        created(assign(t.adminToken(), administrator, "departmentId", board));
        assertThat(delete("/api/v1/role-assignments/" + adminsAssignment, t.adminToken())
                        .status())
                .as("still an administrator through the board")
                .isEqualTo(204);
        Api.Response left = delete("/api/v1/departments/" + board + "/members/" + t.adminId(), una);
        assertThat(left.status()).as(left.body()).isEqualTo(409);
        // And through a subtree: moving the department out of it is one too.
        String top = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Top")));
        String sub = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Sub", "parentId", top)));
        join(t, sub, t.adminId());
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", administrator, "departmentId", top, "includeSubdepartments", true)));
        assertThat(delete("/api/v1/departments/" + board + "/members/" + t.adminId(), una)
                        .status())
                .isEqualTo(204);
        Map<String, Object> toTheTop = new HashMap<>();
        toTheTop.put("parentId", null);
        Api.Response moved = api().patch("/api/v1/departments/" + sub, t.adminToken(), toTheTop);
        assertThat(moved.status()).as(moved.body()).isEqualTo(409);
        // Through a team as well.
        String team = created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Admins")));
        put("/api/v1/teams/" + team + "/members/" + t.adminId(), t.adminToken(), Map.of());
        created(assign(t.adminToken(), administrator, "teamId", team));
        assertThat(delete("/api/v1/departments/" + sub + "/members/" + t.adminId(), una)
                        .status())
                .isEqualTo(204);
        assertThat(delete("/api/v1/teams/" + team + "/members/" + t.adminId(), una)
                        .status())
                .isEqualTo(409);
        assertThat(api().get("/api/v1/roles", t.adminToken()).status()).isEqualTo(200);
    }

    @Test
    void aHolderOfUsersManageAloneCannotStrandTheAdministratorsOtherPermissions() {
        // Issue #23, F3: the administrator alone holds workspace.manage and the rest; rita holds
        // roles.manage and una users.manage, so the two managers' permissions survive the deactivation.
        workspace();
        String rita = personWith("rita", role("Role manager", "roles.manage"));
        String una = personWith("una", role("User manager", "users.manage"));
        // An app's principal holding every permission is no holder: it cannot manage anything for people.
        String app = api().post(
                        "/api/v1/integrations/apps",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Notes",
                                "redirectUris",
                                List.of("https://app.example.test/callback"),
                                "scopes",
                                List.of("deals:read")))
                .json()
                .get("principalId")
                .asString();
        created(assign(t.adminToken(), administrator, "userId", app));

        Api.Response deactivated = api().patch("/api/v1/users/" + t.adminId(), una, Map.of("status", "deactivated"));
        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(409);
        assertThat(deactivated.json().get("detail").asString())
                .contains("workspace.manage", "integrations.manage", "audit.read", "conversations.view_all")
                .doesNotContain("roles.manage", "users.manage");
        assertThat(api().get("/api/v1/users/" + t.adminId(), una)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("active");
        assertThat(delete("/api/v1/role-assignments/" + assignmentOf(t.adminId(), administrator), t.adminToken())
                        .status())
                .as("nor may the administrator drop the role themself")
                .isEqualTo(409);

        // Once someone else holds them, the administrator may go, and whoever holds them can give them back.
        UUID bob = newUser(t, "bob@" + t.slug() + ".test");
        created(assign(t.adminToken(), administrator, "userId", bob.toString()));
        assertThat(api().patch("/api/v1/users/" + t.adminId(), una, Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/role-assignments", rita).status()).isEqualTo(200);
    }

    @Test
    void joiningAGroupThatHoldsARoleNeedsItsPermissions() {
        workspace();
        String userManager = role("User manager", "users.manage");
        String una = personWith("una", userManager);
        UUID unaId = idOf(una);
        String board = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Board")));
        created(assign(t.adminToken(), administrator, "departmentId", board));
        Api.Response joined = put("/api/v1/departments/" + board + "/members/" + unaId, una, Map.of());
        assertThat(joined.status()).as(joined.body()).isEqualTo(403);
        assertThat(joined.json().get("detail").asString()).contains("roles.manage");
        String team = created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Admins")));
        created(assign(t.adminToken(), administrator, "teamId", team));
        assertThat(put("/api/v1/teams/" + team + "/members/" + unaId, una, Map.of())
                        .status())
                .isEqualTo(403);
        // Moving her department under one whose role reaches its subdepartments.
        String hers = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Hers")));
        join(t, hers, unaId);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", administrator, "departmentId", board, "includeSubdepartments", true)));
        assertThat(api().patch("/api/v1/departments/" + hers, una, Map.of("parentId", board))
                        .status())
                .isEqualTo(403);
        // Reactivating an administrator gives their permissions back.
        UUID bob = newUser(t, "bob@" + t.slug() + ".test");
        created(assign(t.adminToken(), administrator, "userId", bob.toString()));
        assertThat(api().patch("/api/v1/users/" + bob, t.adminToken(), Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
        assertThat(api().patch("/api/v1/users/" + bob, una, Map.of("status", "active"))
                        .status())
                .isEqualTo(403);
        assertThat(api().patch("/api/v1/users/" + bob, t.adminToken(), Map.of("status", "active"))
                        .status())
                .isEqualTo(200);
        // A group that gives only what she holds is hers to fill.
        String staff = created(api().post("/api/v1/departments", t.adminToken(), Map.of("name", "Staff")));
        created(assign(t.adminToken(), userManager, "departmentId", staff));
        UUID carol = newUser(t, "carol@" + t.slug() + ".test");
        assertThat(put("/api/v1/departments/" + staff + "/members/" + carol, una, Map.of())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void twoAdministratorsRemovingEachOtherAtOnceCannotBothSucceed() throws Exception {
        for (int round = 0; round < 6; round++) {
            workspace();
            String bob = personWith("bob", administrator);
            UUID bobId = idOf(bob);
            String adminsAssignment = assignmentOf(t.adminId(), administrator);
            String bobsAssignment = assignmentOf(bobId, administrator);
            CyclicBarrier start = new CyclicBarrier(2);
            // Round by round, the two paths race: assignments against each other, then against deactivation.
            boolean deactivation = round % 2 == 1;
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
                await(start);
                return delete("/api/v1/role-assignments/" + bobsAssignment, t.adminToken())
                        .status();
            });
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
                await(start);
                return deactivation
                        ? api().patch("/api/v1/users/" + t.adminId(), bob, Map.of("status", "deactivated"))
                                .status()
                        : delete("/api/v1/role-assignments/" + adminsAssignment, bob)
                                .status();
            });
            List<Integer> statuses = List.of(first.get(), second.get());
            // The loser is refused for the last holder (409), or, if the winner had already committed,
            // for what it no longer holds (403) or its ended sign-in (401).
            assertThat(statuses.stream().filter(s -> s / 100 == 2))
                    .as("round %d: %s", round, statuses)
                    .hasSize(1);
            String survivor = first.get() / 100 == 2 ? t.adminToken() : bob;
            assertThat(api().get("/api/v1/role-assignments", survivor).status())
                    .as("round %d: someone still manages roles", round)
                    .isEqualTo(200);
            assertThat(api().get("/api/v1/users/" + (first.get() / 100 == 2 ? bobId : t.adminId()), survivor)
                            .status())
                    .isEqualTo(200);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
