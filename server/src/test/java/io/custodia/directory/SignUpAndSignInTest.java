package io.custodia.directory;

import static io.custodia.platform.db.Tables.ROLE;
import static io.custodia.platform.db.Tables.ROLE_ASSIGNMENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SignUpAndSignInTest extends ApiTest {

    @Test
    void aNewWorkspaceStartsWithTheFiveTemplatesAndItsAdminHoldsAdministratorPersonally() {
        Tenant tenant = newWorkspace();

        assertThat(db.select(ROLE.NAME)
                        .from(ROLE)
                        .where(ROLE.WORKSPACE_ID.eq(tenant.id()))
                        .fetch(ROLE.NAME))
                .containsExactlyInAnyOrder("Administrator", "Manager", "Salesperson", "Customer service", "Read only");
        assertThat(db.fetchCount(
                        ROLE_ASSIGNMENT,
                        ROLE_ASSIGNMENT.WORKSPACE_ID.eq(tenant.id()).and(ROLE_ASSIGNMENT.USER_ID.eq(tenant.adminId()))))
                .isEqualTo(1);
        Api.Response me = api().get("/api/v1/me", tenant.adminToken());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asString()).isEqualTo(tenant.adminId().toString());
        assertThat(me.json().get("workspaceId").asString())
                .isEqualTo(tenant.id().toString());
        assertThat(me.json().get("systemPermissions").toString())
                .contains(
                        "workspace.manage",
                        "users.manage",
                        "roles.manage",
                        "integrations.manage",
                        "audit.read",
                        "conversations.view_all");
    }

    @Test
    void aTakenSlugIsAConflict() {
        Tenant tenant = newWorkspace();
        Api.Response again = api().post(
                        "/api/v1/workspaces",
                        null,
                        Map.of(
                                "name",
                                "Again",
                                "slug",
                                tenant.slug(),
                                "admin",
                                Map.of("email", "x@y.test", "name", "X", "password", PASSWORD)));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aSalespersonCreatedByTheAdminSignsInAndHasNoSystemPermission() {
        Tenant tenant = newWorkspace();
        newUser(tenant, "bia@" + tenant.slug() + ".test");

        String token = login(tenant.slug(), "BIA@" + tenant.slug() + ".test", PASSWORD);

        Api.Response me = api().get("/api/v1/me", token);
        assertThat(me.json().get("systemPermissions").size()).isZero();
        Api.Response forbidden = api().post(
                        "/api/v1/users",
                        token,
                        Map.of("email", "c@" + tenant.slug() + ".test", "name", "C", "password", PASSWORD));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("detail").asString()).isEqualTo("missing permission: users.manage");
    }

    @Test
    void aDuplicateEmailInTheSameWorkspaceIsAConflictWhateverItsCase() {
        Tenant tenant = newWorkspace();
        newUser(tenant, "dup@" + tenant.slug() + ".test");

        Api.Response again = api().post(
                        "/api/v1/users",
                        tenant.adminToken(),
                        Map.of("email", "DUP@" + tenant.slug() + ".test", "name", "D", "password", PASSWORD));

        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void signingOutRevokesTheTokenAtOnce() {
        Tenant tenant = newWorkspace();
        String token = login(tenant.slug(), "admin@" + tenant.slug() + ".test", PASSWORD);

        assertThat(api().send("POST", "/api/v1/auth/logout", token, null, null).status())
                .isEqualTo(204);

        Api.Response after = api().get("/api/v1/me", token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aDeactivatedUsersTokenStopsAtTheNextRequestAndItCannotSignIn() {
        Tenant tenant = newWorkspace();
        String email = "leaver@" + tenant.slug() + ".test";
        UUID leaver = newUser(tenant, email);
        String token = login(tenant.slug(), email, PASSWORD);
        assertThat(api().get("/api/v1/me", token).status()).isEqualTo(200);

        Api.Response deactivated =
                api().patch("/api/v1/users/" + leaver, tenant.adminToken(), Map.of("status", "deactivated"));

        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(api().get("/api/v1/me", token).status()).isEqualTo(401);
        Api.Response login = api().post(
                        "/api/v1/auth/login",
                        null,
                        Map.of("workspace", tenant.slug(), "email", email, "password", PASSWORD));
        assertThat(login.status()).isEqualTo(401);
    }

    @Test
    void noCredentialsAnswer401WithAProblem() {
        Api.Response response = api().get("/api/v1/me", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(api().get("/api/v1/me", "cst_garbage").status()).isEqualTo(401);
    }

    @Test
    void theServerDescribesItselfAndReportsItsHealth() {
        Api.Response docs = api().get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/workspaces", "/api/v1/auth/login", "/api/v1/me");
        Api.Response health = api().get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(api().get("/actuator/prometheus", null).body()).contains("jvm_memory_used_bytes");
        assertThat(api().get("/actuator/health", null).header("X-Request-Id")).isNotBlank();
    }
}
