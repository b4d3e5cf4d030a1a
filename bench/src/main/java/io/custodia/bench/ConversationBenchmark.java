package io.custodia.bench;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.CONVERSATION;
import static io.custodia.platform.db.Tables.TEAM;
import static io.custodia.platform.db.Tables.TEAM_MEMBER;
import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.CustodiaApplication;
import io.custodia.access.AccessPolicies;
import io.custodia.conversations.Conversations;
import io.custodia.platform.Tenancy;
import io.custodia.platform.TenantScopedDataSource;
import io.custodia.policy.ConversationScope;
import io.custodia.policy.InboxTab;
import io.custodia.policy.TeamVisibility;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbox benchmark of {@code docs/benchmarks.md}: starts the real server on its own data
 * directory, loads (once, through COPY) 1M conversations across 50 teams (a third each ALL, TEAM
 * and ATTENDANT) for 1,050 users, then times the first page of each tab for users in every
 * position (member, supervisor, member of two teams, in no team, view-all): the engine's scope and
 * the server's own query ({@link Conversations#visibleTo}), then one tab over HTTP.
 *
 * <p>Run: {@code mvn -q -pl bench -am install -DskipTests && mvn -q -pl bench exec:java@conversations}.
 * System properties: {@code conversations} (default 1,000,000), {@code dir} (default
 * bench/data/conversations).
 */
public final class ConversationBenchmark {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SLUG = "inbox";
    static final String ADMIN = "admin@inbox.test";
    static final String PASSWORD = "quiet lantern orchard twelve";
    static final int TEAMS = 50;
    static final int TEAM_USERS = 1_000;
    static final int LONERS = 50;

    private final DSLContext db;
    private final DataSource schemaOwner;
    private final AccessPolicies access;
    private final Conversations conversations;
    private final TransactionTemplate tx;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final int count;

    private ConversationBenchmark(ConfigurableApplicationContext app, int count) {
        this.db = app.getBean(DSLContext.class);
        // Loading drops and rebuilds indexes and vacuums: the schema owner's work, not the server's role's.
        this.schemaOwner = new TenantScopedDataSource(app.getBean("schemaOwner", DataSource.class));
        this.access = app.getBean(AccessPolicies.class);
        this.conversations = app.getBean(Conversations.class);
        this.tx = app.getBean(TransactionTemplate.class);
        this.base = "http://localhost:"
                + ((WebServerApplicationContext) app).getWebServer().getPort();
        this.count = count;
    }

    public static void main(String[] args) throws Exception {
        // Loading sweeps the benchmark's workspace as the server's background work does; each
        // measurement then works for its workspace, behind the same row-level security as a request.
        Tenancy.enterEveryWorkspace();
        int count = Integer.getInteger("conversations", 1_000_000);
        Path dir = Path.of(System.getProperty("dir", "bench/data/conversations"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CustodiaApplication.class)
                .properties(
                        "custodia.data-dir=" + dir.toAbsolutePath(),
                        "custodia.database.memory=" + System.getProperty("memory", "2GB"),
                        "server.port=0",
                        "logging.level.root=WARN")
                .run()) {
            new ConversationBenchmark(app, count).run();
        }
    }

    private void run() throws Exception {
        UUID ws = workspace();
        if (ws == null || db.fetchCount(CONVERSATION, CONVERSATION.WORKSPACE_ID.eq(ws)) < count) {
            if (ws != null) {
                throw new IllegalStateException("an incomplete benchmark workspace exists; delete the data directory");
            }
            generate();
            ws = workspace();
        }
        // Entered only once it exists: the first run on a new data directory has none before generating.
        Tenancy.enter(ws);
        Map<String, UUID> viewers = viewers(ws);
        System.out.printf(
                "%n%,d conversations, %d teams, %,d users; first page (50) of each tab, p50 / p99 in ms%n%n",
                db.fetchCount(CONVERSATION, CONVERSATION.WORKSPACE_ID.eq(ws)),
                TEAMS,
                db.fetchCount(APP_USER, APP_USER.WORKSPACE_ID.eq(ws)));
        System.out.printf("%-40s %17s %17s %17s %17s%n", "viewer", "mine", "queue", "others", "completed");
        for (Map.Entry<String, UUID> viewer : viewers.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-40s", viewer.getKey()));
            for (InboxTab tab : InboxTab.values()) {
                UUID workspace = ws;
                UUID user = viewer.getValue();
                double[] t = ListBenchmark.time(() -> firstPage(workspace, user, tab));
                line.append(String.format(" %7.3f / %7.3f", t[0], t[1]));
            }
            System.out.println(line);
        }
        String token = login();
        double[] overHttp = ListBenchmark.time(() -> get("/api/v1/conversations?tab=others", token));
        System.out.printf(
                "%nover HTTP, administrator's others tab (JSON, contacts, sign-in check): %.3f / %.3f%n",
                overHttp[0], overHttp[1]);
    }

    private List<Conversations.Conversation> firstPage(UUID ws, UUID user, InboxTab tab) {
        ConversationScope scope = access.accessOf(ws, user).conversations().scope(tab);
        return conversations.visibleTo(ws, scope, null, null, 51);
    }

    private UUID workspace() {
        return db.select(WORKSPACE.ID)
                .from(WORKSPACE)
                .where(WORKSPACE.SLUG.eq(SLUG))
                .fetchOne(WORKSPACE.ID);
    }

    /** One user in each position, found by the generator's naming. */
    private Map<String, UUID> viewers(UUID ws) {
        Map<String, UUID> viewers = new LinkedHashMap<>();
        viewers.put("member of a TEAM team", user(ws, 1 * TEAMS + 1));
        viewers.put("member of an ATTENDANT team", user(ws, 1 * TEAMS + 2));
        viewers.put("supervisor of an ATTENDANT team", user(ws, 2));
        viewers.put("member of an ALL team", user(ws, 3 * TEAMS));
        viewers.put("member of two teams (TEAM, ALL)", user(ws, 4 * TEAMS + 4));
        viewers.put("in no team (completed of ALL teams)", user(ws, TEAM_USERS));
        viewers.put(
                "view-all (administrator, in no team)",
                db.select(APP_USER.ID)
                        .from(APP_USER)
                        .where(APP_USER.WORKSPACE_ID.eq(ws).and(APP_USER.EMAIL.eq(ADMIN)))
                        .fetchOne(APP_USER.ID));
        return viewers;
    }

    private UUID user(UUID ws, int i) {
        return db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(ws).and(APP_USER.EMAIL.eq(String.format("c%04d@inbox.test", i))))
                .fetchOne(APP_USER.ID);
    }

    /**
     * Users {@code i < 1,000} are in team {@code i % 50} (team {@code t} has visibility ALL, TEAM or
     * ATTENDANT for {@code t % 3} = 0, 1, 2); the first two of each team supervise it; every fourth of
     * users 200-399 is also in team {@code (i + 3) % 50}; users 1,000-1,049 are in no team.
     */
    private void generate() throws Exception {
        long started = System.nanoTime();
        post(
                "/api/v1/workspaces",
                null,
                Map.of(
                        "name",
                        "Inbox benchmark",
                        "slug",
                        SLUG,
                        "admin",
                        Map.of("email", ADMIN, "name", "Admin", "password", PASSWORD)));
        UUID ws = workspace();
        Tenancy.enter(ws);
        UUID admin = db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(ws).and(APP_USER.EMAIL.eq(ADMIN)))
                .fetchOne(APP_USER.ID);
        List<UUID> teams = new ArrayList<>();
        List<List<UUID>> membersOf = new ArrayList<>();
        TeamVisibility[] visibilities = TeamVisibility.values();
        tx.executeWithoutResult(status -> {
            for (int t = 0; t < TEAMS; t++) {
                UUID team = UUID.randomUUID();
                teams.add(team);
                membersOf.add(new ArrayList<>());
                db.insertInto(TEAM)
                        .set(TEAM.WORKSPACE_ID, ws)
                        .set(TEAM.ID, team)
                        .set(TEAM.NAME, "Team " + t)
                        .set(TEAM.VISIBILITY, visibilities[t % 3].name())
                        .execute();
            }
            var users = db.batch(db.insertInto(APP_USER)
                    .columns(APP_USER.WORKSPACE_ID, APP_USER.ID, APP_USER.EMAIL, APP_USER.NAME, APP_USER.PASSWORD_HASH)
                    .values((UUID) null, null, null, null, null));
            var members = db.batch(db.insertInto(TEAM_MEMBER)
                    .columns(TEAM_MEMBER.WORKSPACE_ID, TEAM_MEMBER.TEAM_ID, TEAM_MEMBER.USER_ID, TEAM_MEMBER.SUPERVISOR)
                    .values((UUID) null, null, null, null));
            for (int i = 0; i < TEAM_USERS + LONERS; i++) {
                UUID user = UUID.randomUUID();
                users.bind(ws, user, String.format("c%04d@inbox.test", i), "User " + i, "not a password hash");
                if (i < TEAM_USERS) {
                    int t = i % TEAMS;
                    members.bind(ws, teams.get(t), user, i < 2 * TEAMS);
                    membersOf.get(t).add(user);
                    if (i >= 200 && i < 400 && i % 4 == 0) {
                        int second = (i + 3) % TEAMS;
                        members.bind(ws, teams.get(second), user, false);
                        membersOf.get(second).add(user);
                    }
                }
            }
            users.execute();
            members.execute();
            access.changed(ws);
        });
        Random random = new Random(7);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String columns = "workspace_id, id, team_id, contact_id, attendant_id, channel, subject, state, created_by,"
                + " created_at, updated_at, completed_at";
        ListBenchmark.bulkLoad(
                schemaOwner,
                "conversation",
                columns,
                rows -> {
                    StringBuilder csv = new StringBuilder(rows * 220);
                    for (int r = 0; r < rows; r++) {
                        int t = random.nextInt(TEAMS);
                        boolean open = random.nextInt(5) == 0;
                        boolean queued = open && random.nextInt(7) == 0;
                        List<UUID> members = membersOf.get(t);
                        String attendant = queued
                                ? ""
                                : members.get(random.nextInt(members.size())).toString();
                        OffsetDateTime updated = now.minusSeconds(random.nextInt(365 * 24 * 3600));
                        OffsetDateTime created = updated.minusSeconds(random.nextInt(7 * 24 * 3600));
                        csv.append(ws)
                                .append(',')
                                .append(UUID.randomUUID())
                                .append(',')
                                .append(teams.get(t))
                                .append(',')
                                .append(UUID.randomUUID())
                                .append(',')
                                .append(attendant)
                                .append(',')
                                .append(random.nextBoolean() ? "whatsapp" : "email")
                                .append(',')
                                .append("Subject ")
                                .append(r)
                                .append(',')
                                .append(open ? "OPEN" : "COMPLETED")
                                .append(',')
                                .append(admin)
                                .append(',')
                                .append(created)
                                .append(',')
                                .append(updated)
                                .append(',')
                                .append(open ? "" : updated.toString())
                                .append('\n');
                    }
                    return new StringReader(csv.toString());
                },
                count);
        System.out.printf("world generated in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private String login() throws Exception {
        return JSON.readTree(post(
                        "/api/v1/auth/login", null, Map.of("workspace", SLUG, "email", ADMIN, "password", PASSWORD)))
                .get("accessToken")
                .asString();
    }

    private String post(String path, String bearer, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return check(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private String get(String path, String bearer) {
        try {
            return check(http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("Authorization", "Bearer " + bearer)
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String check(HttpResponse<String> response) {
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
