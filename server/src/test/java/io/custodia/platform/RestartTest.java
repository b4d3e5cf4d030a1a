package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.CustodiaApplication;
import io.custodia.access.AccessPolicies;
import io.custodia.access.RecordLookup;
import io.custodia.conversations.Conversations;
import io.custodia.platform.db.Tables;
import io.custodia.policy.Action;
import io.custodia.policy.EntityType;
import io.custodia.policy.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Whole-server behaviour that needs a server of its own: restarts, and closed sign-up. */
class RestartTest {

    @AfterEach
    void leaveTheWorkspace() {
        Tenancy.leave();
    }

    private static ConfigurableApplicationContext start(Path dataDir, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "--server.port=0";
        args[1] = "--custodia.data-dir=" + dataDir;
        args[2] = "--logging.level.io.custodia.access-log=WARN";
        System.arraycopy(more, 0, args, 3, more.length);
        return SpringApplication.run(CustodiaApplication.class, args);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void aWorkspaceAndItsAdminSurviveARestart() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "restart-");
        String slug = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> login =
                Map.of("workspace", slug, "email", "admin@" + slug + ".test", "password", "correct horse battery");

        try (ConfigurableApplicationContext first = start(dataDir)) {
            Api.Response created = api(first)
                    .post(
                            "/api/v1/workspaces",
                            null,
                            Map.of(
                                    "name",
                                    "Restart",
                                    "slug",
                                    slug,
                                    "admin",
                                    Map.of(
                                            "email",
                                            "admin@" + slug + ".test",
                                            "name",
                                            "Admin",
                                            "password",
                                            "correct horse battery")));
            assertThat(created.status()).isEqualTo(201);
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            Api.Response signedIn = api(second).post("/api/v1/auth/login", null, login);
            assertThat(signedIn.status()).isEqualTo(200);
            assertThat(api(second)
                            .get(
                                    "/api/v1/me",
                                    signedIn.json().get("accessToken").asString())
                            .json()
                            .get("email")
                            .asString())
                    .isEqualTo("admin@" + slug + ".test");
        }
    }

    @Test
    void withSignUpClosedNobodyCanCreateAWorkspace() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "closed-");
        try (ConfigurableApplicationContext server = start(dataDir, "--custodia.signup=closed")) {
            Api.Response refused = api(server)
                    .post(
                            "/api/v1/workspaces",
                            null,
                            Map.of(
                                    "name",
                                    "Nope",
                                    "slug",
                                    "nope",
                                    "admin",
                                    Map.of("email", "a@nope.test", "name", "A", "password", "correct horse battery")));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("detail").asString()).contains("sign-up is closed");
            // The console neither offers sign-up nor opens its page.
            assertThat(api(server).send("GET", "/login", null, null, null).body())
                    .doesNotContain("/signup");
            assertThat(api(server).send("GET", "/signup", null, null, null).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void theDemoWorkspaceShowsASalespersonLessThanAManager() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "demo-");
        try (ConfigurableApplicationContext server = start(dataDir, "--demo")) {
            DSLContext db = server.getBean(DSLContext.class);
            UUID ws = db.select(Tables.WORKSPACE.ID)
                    .from(Tables.WORKSPACE)
                    .where(Tables.WORKSPACE.SLUG.eq("demo"))
                    .fetchOne(Tables.WORKSPACE.ID);
            // Read as a request of the demo workspace would, behind row-level security.
            Tenancy.enter(ws);
            var users = Tables.APP_USER;
            UUID seller = db.select(users.ID)
                    .from(users)
                    .where(users.WORKSPACE_ID.eq(ws).and(users.EMAIL.eq("vendedor1@demo.test")))
                    .fetchOne(users.ID);
            UUID manager = db.select(users.ID)
                    .from(users)
                    .where(users.WORKSPACE_ID.eq(ws).and(users.EMAIL.eq("gerente@demo.test")))
                    .fetchOne(users.ID);
            var access = server.getBean(AccessPolicies.class);
            var records = server.getBean(RecordLookup.class);
            var deal = EntityType.DEAL;
            var read = Action.READ;

            long sellerSees = records.countInsideNotOutside(
                    ws, deal, access.accessOf(ws, seller).scope(deal, read), Scope.NOTHING);
            long managerSees = records.countInsideNotOutside(
                    ws, deal, access.accessOf(ws, manager).scope(deal, read), Scope.NOTHING);

            assertThat(managerSees).isEqualTo(5_000);
            assertThat(sellerSees).isBetween(1L, 4_999L);
            assertThat(db.fetchCount(Tables.COMPANY, Tables.COMPANY.WORKSPACE_ID.eq(ws))
                            + db.fetchCount(Tables.CONTACT, Tables.CONTACT.WORKSPACE_ID.eq(ws))
                            + db.fetchCount(Tables.DEAL, Tables.DEAL.WORKSPACE_ID.eq(ws))
                            + db.fetchCount(Tables.ACTIVITY, Tables.ACTIVITY.WORKSPACE_ID.eq(ws)))
                    .isEqualTo(10_000);

            // The inboxes: the VIP team (ATTENDANT) hides from a plain member what its supervisor sees.
            UUID attendant = db.select(users.ID)
                    .from(users)
                    .where(users.WORKSPACE_ID.eq(ws).and(users.EMAIL.eq("atendimento@demo.test")))
                    .fetchOne(users.ID);
            var conversations = server.getBean(Conversations.class);
            int managerInbox = conversations
                    .visibleTo(ws, access.accessOf(ws, manager).conversations().scope(), null, null, 200)
                    .size();
            int attendantInbox = conversations
                    .visibleTo(
                            ws, access.accessOf(ws, attendant).conversations().scope(), null, null, 200)
                    .size();
            assertThat(managerInbox).as("the VIP supervisor's inbox").isBetween(1, 199);
            assertThat(attendantInbox).as("the Suporte supervisor's inbox").isBetween(1, 199);
            assertThat(db.fetchCount(Tables.CONVERSATION, Tables.CONVERSATION.WORKSPACE_ID.eq(ws)))
                    .isEqualTo(200);
        }
    }
}
