package io.custodia;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.custodia.platform.Tenancy;
import io.custodia.platform.TenantScopedDataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests against the real server on a random port and the real database. The context (and the
 * database) start once per test run; each test makes its own workspaces, which isolate it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "custodia.data-dir=target/test-data-${custodia.test.fork:1}",
            "custodia.auth.max-failures-per-address=10000",
            "logging.level.io.custodia.access-log=WARN",
            "spring.mail.host=localhost",
            "custodia.mail.poll=PT0.2S",
            "custodia.mail.retry-base=PT1S",
            "custodia.conversations.heartbeat=PT1S",
            "custodia.webhooks.poll=PT0.2S",
            "custodia.webhooks.retry-base=PT1S",
            // WebhooksTest's receiver listens on the loopback address; WebhookRefusalsTest shows the refusals with this
            // off.
            "custodia.webhooks.allow-private=true",
            // Every list page's kept statement is compared with one planned afresh (PageStatements).
            "custodia.page-statements.verify=true"
        })
public abstract class ApiTest {
    public static final String PASSWORD = "correct horse battery";

    /**
     * The port of the tests' SMTP server, which AccessRequestsAndMailTest runs (until then, mail waits
     * in the outbox and is retried); {@code -Dcustodia.test.smtp-port} moves it, so that two
     * checkouts can run their tests at once, and each test JVM of one run ({@code custodia.test.fork},
     * server/pom.xml) takes its own, ten apart.
     */
    public static final int SMTP_PORT = Integer.getInteger("custodia.test.smtp-port", 39251)
            + 10 * (Integer.getInteger("custodia.test.fork", 1) - 1);

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry properties) {
        properties.add("spring.mail.port", () -> SMTP_PORT);
    }

    @Autowired
    Environment environment;

    @Autowired
    protected DSLContext db;

    @Autowired
    @Qualifier("schemaOwner")
    DataSource schemaOwner;

    /**
     * Tests read and arrange data across workspaces directly, so the test thread sees every
     * workspace; the server's own threads see only the caller's (RowLevelSecurityTest).
     */
    @BeforeEach
    void seeEveryWorkspace() {
        Tenancy.enterEveryWorkspace();
    }

    /** The schema owner's way in, for what the server's role may not do (switching a trigger off). */
    protected DataSource schemaOwner() {
        return new TenantScopedDataSource(schemaOwner);
    }

    private Api api;

    protected Api api() {
        if (api == null) {
            api = new Api(port());
        }
        return api;
    }

    /** The pool of the server's own role, whose database a second node shares. */
    @Autowired
    DataSource serversPool;

    /**
     * A second server process on the same database, working as the same role, with these settings
     * as well ({@code --name=value}; a random port unless they name {@code server.port}); close it when
     * done.
     */
    protected ConfigurableApplicationContext secondNode(String... settings) {
        HikariDataSource pool = (HikariDataSource) ((DelegatingDataSource) serversPool).getTargetDataSource();
        List<String> args = new ArrayList<>(List.of(
                "--custodia.database.url=" + pool.getJdbcUrl(),
                "--custodia.database.user=" + pool.getUsername(),
                "--custodia.database.password=" + (pool.getPassword() == null ? "" : pool.getPassword()),
                "--logging.level.io.custodia.access-log=WARN",
                // As this node's (the tests' sign-ins all come from one address): the counters are shared.
                "--custodia.auth.max-failures-per-address=10000"));
        args.addAll(List.of(settings));
        if (args.stream().noneMatch(a -> a.startsWith("--server.port="))) {
            args.add("--server.port=0");
        }
        return SpringApplication.run(CustodiaApplication.class, args.toArray(String[]::new));
    }

    /** The API of a second node. */
    protected static Api apiOf(ConfigurableApplicationContext node) {
        return new Api(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
    }

    /** The port the server under test listens on. */
    protected int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
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

    /** A pipeline "P" with one open stage "New", so that deals can be created. */
    protected String onePipeline(Tenant tenant) {
        return created(api().post(
                        "/api/v1/pipelines",
                        tenant.adminToken(),
                        Map.of("name", "P", "stages", List.of(Map.of("name", "New", "kind", "OPEN")))));
    }

    /** A pipeline with these stages, each {@code "name:KIND"}, in order; answers the stages' ids in order. */
    protected List<String> pipelineOf(Tenant tenant, String name, String... stages) {
        String id = created(api().post(
                        "/api/v1/pipelines",
                        tenant.adminToken(),
                        Map.of(
                                "name",
                                name,
                                "stages",
                                Arrays.stream(stages)
                                        .map(s -> Map.of("name", s.split(":")[0], "kind", s.split(":")[1]))
                                        .toList())));
        return api().get("/api/v1/pipelines", tenant.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(p -> p.get("id").asString().equals(id))
                .flatMap(p -> p.get("stages").valueStream())
                .map(s -> s.get("id").asString())
                .toList();
    }

    /** A top-level department; answers its id. */
    protected String department(Tenant tenant, String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        return created(api().post("/api/v1/departments", tenant.adminToken(), body));
    }

    /** Assigns the role to the user, as the administrator. */
    protected void assign(Tenant tenant, String role, UUID user) {
        created(api().post(
                        "/api/v1/role-assignments",
                        tenant.adminToken(),
                        Map.of("roleId", role, "userId", user.toString())));
    }

    /** Makes the user a (non-head) member of the department. */
    protected void join(Tenant tenant, String department, UUID user) {
        put(tenant, "/api/v1/departments/" + department + "/members/" + user, "{}");
    }

    /** Shares the record ({@code deals}, ...) with the user for reading, as the administrator. */
    protected void share(Tenant tenant, String type, String id, UUID with) {
        put(tenant, "/api/v1/" + type + "/" + id + "/shares/" + with, "{\"level\":\"READ\"}");
    }

    /** A PUT of this JSON as the administrator, which must succeed. */
    protected void put(Tenant tenant, String path, String json) {
        assertThat(api().send("PUT", path, tenant.adminToken(), "application/json", json)
                        .status())
                .as("PUT " + path)
                .isEqualTo(200);
    }

    /** Registers, on this node, an app that reads deals and receives webhooks at this address. */
    protected static Api.Response registerApp(Api node, Tenant tenant, String redirectUri, String webhookUrl) {
        return node.post(
                "/api/v1/integrations/apps",
                tenant.adminToken(),
                Map.of(
                        "name",
                        "BI export",
                        "redirectUris",
                        List.of(redirectUri),
                        "scopes",
                        List.of("deals:read"),
                        "webhookUrl",
                        webhookUrl));
    }

    /** Vendas, headed by Helena, with Bia as a member who holds an "Auditor" role (audit.read) personally. */
    public record Vendas(String department, UUID helena, UUID bia, String auditor) {}

    /** The department whose access review campaigns' tests share: Helena reviews Bia's Auditor role. */
    protected Vendas vendasWithAHead(Tenant tenant, String biasName) {
        String vendas = department(tenant, "Vendas");
        UUID helena = newUser(tenant, "helena@" + tenant.slug() + ".test", "Helena");
        UUID bia = newUser(tenant, "bia@" + tenant.slug() + ".test", biasName);
        put(tenant, "/api/v1/departments/" + vendas + "/members/" + helena, "{\"head\": true}");
        join(tenant, vendas, bia);
        String auditor = created(api().post(
                        "/api/v1/roles",
                        tenant.adminToken(),
                        Map.of("name", "Auditor", "system", List.of("audit.read"))));
        assign(tenant, auditor, bia);
        return new Vendas(vendas, helena, bia, auditor);
    }

    /** Creates a user in the tenant and answers its id. */
    protected UUID newUser(Tenant tenant, String email) {
        return newUser(tenant, email, email.split("@")[0]);
    }

    protected UUID newUser(Tenant tenant, String email, String name) {
        Api.Response response = api().post(
                        "/api/v1/users",
                        tenant.adminToken(),
                        Map.of("email", email, "name", name, "password", PASSWORD));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return UUID.fromString(response.json().get("id").asString());
    }
}
