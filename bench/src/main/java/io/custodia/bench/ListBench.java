package io.custodia.bench;

import io.custodia.access.AccessPolicies;
import io.custodia.access.RecordLookup;
import io.custodia.platform.TenantScopedDataSource;
import io.custodia.records.CustomFields;
import io.custodia.records.RecordListing;
import io.custodia.records.Reports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The list benchmark's ground: the constants of its world, the running server's beans it works
 * with, what the generator made, and its calls over HTTP. {@link ListBenchmark} runs it.
 */
abstract class ListBench {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SLUG = "bench";
    static final String ADMIN = "admin@bench.test";
    static final String PASSWORD = "quiet lantern orchard twelve";
    static final int USERS = 5_000;
    static final int HEAVY_DEALS = 200_000;
    static final int STAGES = 10;
    static final int REGIONS = 20;
    static final int CONTACTS = 1_000_000;
    static final int WARMUP = 300;
    static final int RUNS = 2_000;
    /** Rounds of every case's first page before the first case is timed. */
    static final int SHARED_WARMUP = 2_000;

    /** Deals shared with someone besides their owner (1 %), as a workspace that shares would have. */
    static final int BACKGROUND_SHARES = 100_000;

    /** The people those deals are shared with: none of them is a case user. */
    static final int SHARE_HOLDERS = 1_000;

    final DSLContext db;
    final DataSource dataSource;
    final DataSource schemaOwner;
    final AccessPolicies access;
    final RecordListing records;
    final Reports reports;
    final RecordLookup lookup;
    final CustomFields fields;
    final TransactionTemplate tx;
    final HttpClient http = HttpClient.newHttpClient();
    final String base;
    final int deals;
    String token;
    World world;

    ListBench(ConfigurableApplicationContext app, int deals) {
        this.db = app.getBean(DSLContext.class);
        this.dataSource = app.getBean(DataSource.class);
        // Loading drops and rebuilds indexes and vacuums: the schema owner's work, not the server's role's.
        this.schemaOwner = new TenantScopedDataSource(app.getBean("schemaOwner", DataSource.class));
        this.access = app.getBean(AccessPolicies.class);
        this.records = app.getBean(RecordListing.class);
        this.reports = app.getBean(Reports.class);
        this.lookup = app.getBean(RecordLookup.class);
        this.fields = app.getBean(CustomFields.class);
        this.tx = app.getBean(TransactionTemplate.class);
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        this.base = "http://localhost:" + port;
        this.deals = deals;
    }

    /** What the generator made, read back from the database on later runs. */
    record World(
            UUID workspace,
            UUID adminId,
            List<UUID> users,
            List<UUID> departments,
            Map<UUID, UUID> parentOf,
            Map<UUID, List<UUID>> membersOf,
            Map<UUID, UUID> departmentOf,
            UUID pipeline,
            List<UUID> stages,
            UUID heavyOwner) {}

    // ------------------------------------------------------------------ HTTP

    String login() throws Exception {
        return post("/api/v1/auth/login", null, Map.of("workspace", SLUG, "email", ADMIN, "password", PASSWORD))
                .get("accessToken")
                .asString();
    }

    JsonNode post(String path, String bearer, Object body) throws Exception {
        return request("POST", path, "application/json", JSON.writeValueAsString(body), bearer);
    }

    JsonNode get(String path) throws Exception {
        return request("GET", path, null, null, token);
    }

    JsonNode send(String method, String path, String json) throws Exception {
        return request(method, path, json == null ? null : "application/json", json, token);
    }

    JsonNode sendCsv(String path, String csv) throws Exception {
        return request("POST", path, "text/csv", csv, token);
    }

    JsonNode request(String method, String path, String type, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    /** A department at depth 2 (about 12 departments and 300 users below it). */
    UUID secondLevelDepartment() {
        for (UUID d : world.departments()) {
            UUID parent = world.parentOf().get(d);
            if (parent != null && world.parentOf().get(parent) == null) {
                return d;
            }
        }
        throw new IllegalStateException("no second-level department");
    }

    List<UUID> subtree(UUID root) {
        List<UUID> out = new ArrayList<>(List.of(root));
        for (int i = 0; i < out.size(); i++) {
            UUID d = out.get(i);
            world.parentOf().forEach((child, parent) -> {
                if (d.equals(parent)) {
                    out.add(child);
                }
            });
        }
        return out;
    }

    /** The other members of the heavy owner's department, in the world's order. */
    List<UUID> colleaguesOfTheHeavyOwner() {
        UUID heavy = world.heavyOwner();
        return world.membersOf().get(world.departmentOf().get(heavy)).stream()
                .filter(u -> !u.equals(heavy))
                .toList();
    }
}
