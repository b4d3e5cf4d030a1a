package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.CustodiaApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
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
        }
    }

    @Test
    void theDemoWorkspaceShowsASalespersonLessThanAManager() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "demo-");
        try (ConfigurableApplicationContext server = start(dataDir, "--demo")) {
            org.jooq.DSLContext db = server.getBean(org.jooq.DSLContext.class);
            UUID ws = db.select(io.custodia.platform.db.Tables.WORKSPACE.ID)
                    .from(io.custodia.platform.db.Tables.WORKSPACE)
                    .where(io.custodia.platform.db.Tables.WORKSPACE.SLUG.eq("demo"))
                    .fetchOne(io.custodia.platform.db.Tables.WORKSPACE.ID);
            // Read as a request of the demo workspace would, behind row-level security.
            Tenancy.enter(ws);
            var users = io.custodia.platform.db.Tables.APP_USER;
            UUID seller = db.select(users.ID)
                    .from(users)
                    .where(users.WORKSPACE_ID.eq(ws).and(users.EMAIL.eq("vendedor1@demo.test")))
                    .fetchOne(users.ID);
            UUID manager = db.select(users.ID)
                    .from(users)
                    .where(users.WORKSPACE_ID.eq(ws).and(users.EMAIL.eq("gerente@demo.test")))
                    .fetchOne(users.ID);
            var access = server.getBean(io.custodia.access.AccessPolicies.class);
            var records = server.getBean(io.custodia.access.RecordLookup.class);
            var deal = io.custodia.policy.EntityType.DEAL;
            var read = io.custodia.policy.Action.READ;

            long sellerSees = records.countInsideNotOutside(
                    ws, deal, access.accessOf(ws, seller).scope(deal, read), io.custodia.policy.Scope.NOTHING);
            long managerSees = records.countInsideNotOutside(
                    ws, deal, access.accessOf(ws, manager).scope(deal, read), io.custodia.policy.Scope.NOTHING);

            assertThat(managerSees).isEqualTo(5_000);
            assertThat(sellerSees).isBetween(1L, 4_999L);
            assertThat(db.fetchCount(
                                    io.custodia.platform.db.Tables.COMPANY,
                                    io.custodia.platform.db.Tables.COMPANY.WORKSPACE_ID.eq(ws))
                            + db.fetchCount(
                                    io.custodia.platform.db.Tables.CONTACT,
                                    io.custodia.platform.db.Tables.CONTACT.WORKSPACE_ID.eq(ws))
                            + db.fetchCount(
                                    io.custodia.platform.db.Tables.DEAL,
                                    io.custodia.platform.db.Tables.DEAL.WORKSPACE_ID.eq(ws))
                            + db.fetchCount(
                                    io.custodia.platform.db.Tables.ACTIVITY,
                                    io.custodia.platform.db.Tables.ACTIVITY.WORKSPACE_ID.eq(ws)))
                    .isEqualTo(10_000);

            // The inboxes: the VIP team (ATTENDANT) hides from a plain member what its supervisor sees.
            UUID attendant = db.select(users.ID)
                    .from(users)
                    .where(users.WORKSPACE_ID.eq(ws).and(users.EMAIL.eq("atendimento@demo.test")))
                    .fetchOne(users.ID);
            var conversations = server.getBean(io.custodia.conversations.Conversations.class);
            int managerInbox = conversations
                    .visibleTo(ws, access.accessOf(ws, manager).conversations().scope(), null, 200)
                    .size();
            int attendantInbox = conversations
                    .visibleTo(
                            ws, access.accessOf(ws, attendant).conversations().scope(), null, 200)
                    .size();
            assertThat(managerInbox).as("the VIP supervisor's inbox").isBetween(1, 199);
            assertThat(attendantInbox).as("the Suporte supervisor's inbox").isBetween(1, 199);
            assertThat(db.fetchCount(
                            io.custodia.platform.db.Tables.CONVERSATION,
                            io.custodia.platform.db.Tables.CONVERSATION.WORKSPACE_ID.eq(ws)))
                    .isEqualTo(200);
        }
    }
}
