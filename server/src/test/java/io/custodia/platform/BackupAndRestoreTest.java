package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.CustodiaApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded database's backup and restore, exactly as docs/operations.md tells an operator to do
 * them: stop the server, archive {@code <data dir>/postgres} with tar, and (after the data is lost)
 * unpack the archive in its place and start again. The data comes back, and so does an audit chain
 * that still verifies. A fresh server's banner points at the sign-up page; a restored one's does not.
 */
@ExtendWith(OutputCaptureExtension.class)
class BackupAndRestoreTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String NO_WORKSPACE = "No workspace yet: open http://localhost:";

    @Test
    void aBackupOfTheStoppedDataDirectoryRestoresTheDataAndAnAuditChainThatVerifies(CapturedOutput output)
            throws Exception {
        // The guide's backup is of the embedded database's directory; your own PostgreSQL is backed
        // up with its own tools (docs/operations.md).
        Assumptions.assumeTrue(System.getenv("CUSTODIA_DATABASE_URL") == null, "runs on the embedded database only");
        Path dataDir = Files.createTempDirectory(Path.of("target"), "backup-").toAbsolutePath();
        Path archive = dataDir.resolveSibling(dataDir.getFileName() + ".tar.gz");
        String slug = "backup-" + UUID.randomUUID().toString().substring(0, 8);
        String email = "admin@" + slug + ".test";
        String dealId;
        long entries;

        try (ConfigurableApplicationContext server = start(dataDir)) {
            Api api = api(server);
            assertThat(output.getOut()).contains(NO_WORKSPACE + port(server) + "/signup to create the first one");
            Api.Response created = api.post(
                    "/api/v1/workspaces",
                    null,
                    Map.of(
                            "name",
                            "Backup",
                            "slug",
                            slug,
                            "admin",
                            Map.of("email", email, "name", "Admin", "password", PASSWORD)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String token = token(api, slug, email);
            Api.Response pipeline = api.post(
                    "/api/v1/pipelines",
                    token,
                    Map.of("name", "P", "stages", List.of(Map.of("name", "New", "kind", "OPEN"))));
            assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
            Api.Response deal = api.post("/api/v1/deals", token, Map.of("title", "Kept through a restore"));
            assertThat(deal.status()).as(deal.body()).isEqualTo(201);
            dealId = deal.json().get("id").asString();
            Api.Response verified = api.get("/api/v1/audit/verify", token);
            assertThat(verified.json().get("valid").asBoolean()).isTrue();
            entries = verified.json().get("entries").asLong();
            assertThat(entries).isGreaterThanOrEqualTo(5);
        }

        // Back up (docs/operations.md): tar -czf custodia-backup.tar.gz -C "$CUSTODIA_DATA_DIR" postgres
        run("tar", "-czf", archive.toString(), "-C", dataDir.toString(), "postgres");
        // The data is lost.
        deleteTree(dataDir.resolve("postgres"));
        assertThat(dataDir.resolve("postgres")).doesNotExist();
        // Restore: tar -xzf custodia-backup.tar.gz -C "$CUSTODIA_DATA_DIR"
        run("tar", "-xzf", archive.toString(), "-C", dataDir.toString());

        try (ConfigurableApplicationContext server = start(dataDir)) {
            Api api = api(server);
            String token = token(api, slug, email);
            Api.Response deal = api.get("/api/v1/deals/" + dealId, token);
            assertThat(deal.status()).as(deal.body()).isEqualTo(200);
            assertThat(deal.json().get("title").asString()).isEqualTo("Kept through a restore");
            Api.Response verified = api.get("/api/v1/audit/verify", token);
            assertThat(verified.json().get("valid").asBoolean())
                    .as(verified.body())
                    .isTrue();
            assertThat(verified.json().get("entries").asLong()).isEqualTo(entries);
            // Only the fresh server said there was no workspace.
            assertThat(output.getOut().split(NO_WORKSPACE, -1)).hasSize(2);
            // The health answer as docs/operations.md gives it: the status and the probe groups, no detail.
            Api.Response health = api.get("/actuator/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
            for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                assertThat(api.get(probe, null).body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
            }
            assertThat(api.get("/actuator/health/db", null).status()).isEqualTo(404);
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(
                CustodiaApplication.class,
                "--server.port=0",
                "--custodia.data-dir=" + dataDir,
                "--logging.level.io.custodia.access-log=WARN");
    }

    private static int port(ConfigurableApplicationContext server) {
        return Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
    }

    private static Api api(ConfigurableApplicationContext server) {
        return new Api(port(server));
    }

    private static String token(Api api, String slug, String email) {
        Api.Response login =
                api.post("/api/v1/auth/login", null, Map.of("workspace", slug, "email", email, "password", PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().get("accessToken").asString();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
