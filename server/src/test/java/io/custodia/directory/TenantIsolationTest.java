package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantIsolationTest extends ApiTest {

    @Test
    void aUserOfAnotherWorkspaceIsNotFoundExactlyLikeAnIdThatDoesNotExist() {
        Tenant acme = newWorkspace();
        Tenant globex = newWorkspace();
        UUID globexUser = newUser(globex, "gus@" + globex.slug() + ".test");

        Api.Response other = api().get("/api/v1/users/" + globexUser, acme.adminToken());
        Api.Response missing = api().get("/api/v1/users/" + UUID.randomUUID(), acme.adminToken());

        assertThat(other.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(other.json().get("title")).isEqualTo(missing.json().get("title"));
        assertThat(api().patch("/api/v1/users/" + globexUser, acme.adminToken(), Map.of("name", "Hacked"))
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/v1/users/" + globexUser, globex.adminToken())
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo("gus");
    }

    @Test
    void listingUsersShowsOnlyTheCallersWorkspaceAndPagesWithACursor() {
        Tenant acme = newWorkspace();
        Tenant globex = newWorkspace();
        for (int i = 0; i < 3; i++) {
            newUser(acme, "u" + i + "@" + acme.slug() + ".test");
        }
        newUser(globex, "other@" + globex.slug() + ".test");

        Api.Response first = api().get("/api/v1/users?limit=2", acme.adminToken());
        Api.Response second = api().get(
                        "/api/v1/users?limit=2&cursor="
                                + first.json().get("nextCursor").asString(),
                        acme.adminToken());

        assertThat(first.json().get("items").size()).isEqualTo(2);
        assertThat(second.json().get("items").size()).isEqualTo(2);
        assertThat(second.json().has("nextCursor")
                        && !second.json().get("nextCursor").isNull())
                .isFalse();
        assertThat(first.body() + second.body()).doesNotContain(globex.slug());
    }

    @Test
    void aTokenOfOneWorkspaceNeverActsInAnother() {
        Tenant acme = newWorkspace();
        Tenant globex = newWorkspace();

        Api.Response me = api().get("/api/v1/me", acme.adminToken());

        assertThat(me.json().get("workspaceId").asString())
                .isEqualTo(acme.id().toString())
                .isNotEqualTo(globex.id().toString());
    }
}
