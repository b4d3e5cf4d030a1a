package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.CustodiaApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** What was written before a restart is there after it. */
class RestartTest {

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(
                CustodiaApplication.class,
                "--server.port=0",
                "--custodia.data-dir=" + dataDir,
                "--logging.level.io.custodia.access-log=WARN");
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
}
