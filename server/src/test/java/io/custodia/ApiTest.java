package io.custodia;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * Tests against the real server on a random port and the real database. The context (and the
 * database) start once per test run; each test makes its own workspaces, which isolate it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "custodia.data-dir=target/test-data",
            "custodia.auth.max-failures-per-address=10000",
            "logging.level.io.custodia.access-log=WARN"
        })
public abstract class ApiTest {
    public static final String PASSWORD = "correct horse battery";

    @Autowired
    Environment environment;

    @Autowired
    protected DSLContext db;

    private Api api;

    protected Api api() {
        if (api == null) {
            api = new Api(Integer.parseInt(environment.getProperty("local.server.port")));
        }
        return api;
    }

    /** A workspace with its administrator signed in. */
    public record Tenant(UUID id, String slug, UUID adminId, String adminToken) {}

    protected Tenant newWorkspace() {
        String slug = "ws-" + UUID.randomUUID().toString().substring(0, 12);
        Api.Response created = api().post(
                        "/api/v1/workspaces",
                        null,
                        Map.of(
                                "name",
                                "Test " + slug,
                                "slug",
                                slug,
                                "admin",
                                Map.of("email", "admin@" + slug + ".test", "name", "Admin", "password", PASSWORD)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = login(slug, "admin@" + slug + ".test", PASSWORD);
        return new Tenant(
                UUID.fromString(created.json().get("id").asString()),
                slug,
                UUID.fromString(created.json().get("adminUserId").asString()),
                token);
    }

    protected String login(String slug, String email, String password) {
        Api.Response response =
                api().post("/api/v1/auth/login", null, Map.of("workspace", slug, "email", email, "password", password));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("accessToken").asString();
    }

    /** Checks that the response created something and answers its id. */
    protected String created(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    /** The id of one of the tenant's roles, by name. */
    protected String roleId(Tenant tenant, String name) {
        return api().get("/api/v1/roles", tenant.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(r -> r.get("name").asString().equals(name))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
    }

    /** Creates a user in the tenant and answers its id. */
    protected UUID newUser(Tenant tenant, String email) {
        Api.Response response = api().post(
                        "/api/v1/users",
                        tenant.adminToken(),
                        Map.of("email", email, "name", email.split("@")[0], "password", PASSWORD));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }
}
