package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A standard OAuth client against the server: the npm package {@code openid-client} 6 discovers
 * the server from its RFC 8414 metadata and runs the authorisation code flow with PKCE and a
 * refresh, as an app built on it would. The browser's part (sign-in, an administrator's consent)
 * is driven over HTTP here. The package is installed from the npm registry into
 * {@code target/openid-client}; without Node.js the test is skipped and says so.
 */
class StandardOAuthClientTest extends AppTest {
    private static final Path WORK = Path.of("target", "openid-client");

    @Test
    void openidClientDiscoversTheServerAndRunsTheCodeFlowWithPkceThenRefreshes() throws Exception {
        Assumptions.assumeTrue(
                runs("node", "--version") && runs("npm", "--version"),
                "Node.js and npm are not on the PATH: the openid-client check is skipped");
        install();

        // A node whose public address is the one the client is given, as in production.
        int port = freePort();
        String issuer = "http://localhost:" + port;
        Tenant t = newWorkspace();
        List<String> scopes = List.of("contacts:read", "users:read");
        App app = app(t, scopes);
        try (ConfigurableApplicationContext node =
                secondNode("--server.port=" + port, "--custodia.public-url=" + issuer)) {
            Process flow = new ProcessBuilder(
                            "node",
                            "flow.mjs",
                            issuer,
                            app.clientId(),
                            app.clientSecret(),
                            CALLBACK,
                            String.join(" ", scopes))
                    .directory(WORK.toFile())
                    .redirectError(WORK.resolve("flow.log").toFile())
                    .start();
            try (BufferedReader out =
                            new BufferedReader(new InputStreamReader(flow.getInputStream(), StandardCharsets.UTF_8));
                    Writer in = flow.outputWriter(StandardCharsets.UTF_8)) {
                String authorize = JSON.readTree(line(out)).get("authorize").asString();
                assertThat(authorize).startsWith(issuer + "/oauth2/authorize?");

                Browser browser = new Browser(port);
                String consent = signInAndReachConsent(browser, t, "admin@" + t.slug() + ".test", authorize);
                Browser.Form form = Browser.forms(consent).get(0);
                HttpResponse<String> back = browser.post(form.action(), form.fields());
                String callback = back.headers().firstValue("Location").orElseThrow();
                assertThat(callback).startsWith(CALLBACK).contains("code=");
                in.write(callback + "\n");
                in.flush();

                JsonNode result = JSON.readTree(line(out));
                assertThat(result.get("tokenType").asString()).isEqualToIgnoringCase("bearer");
                assertThat(result.get("scope").asString().split(" ")).containsExactlyInAnyOrderElementsOf(scopes);
                assertThat(result.get("expiresIn").asInt()).isBetween(3000, 3600);
                JsonNode me = result.get("me");
                assertThat(me.get("status").asInt()).as(me.toString()).isEqualTo(200);
                assertThat(me.get("body").get("appId").asString()).isEqualTo(app.id());
                assertThat(me.get("body").get("clientId").asString()).isEqualTo(app.clientId());
                assertThat(me.get("body").get("authorizedBy").asString())
                        .isEqualTo(t.adminId().toString());
                assertThat(result.get("refreshed").asBoolean()).isTrue();
                assertThat(result.get("meAfterRefresh").get("status").asInt()).isEqualTo(200);
            } finally {
                boolean ended = flow.waitFor(60, TimeUnit.SECONDS);
                if (!ended) {
                    flow.destroyForcibly();
                }
                assertThat(ended ? flow.exitValue() : -1).as(log()).isZero();
            }
        }
    }

    /** The next line the script prints, or a failure with what it wrote to stderr. */
    private static String line(BufferedReader out) throws IOException {
        String line = out.readLine();
        assertThat(line).as("openid-client ended early: %s", log()).isNotNull();
        return line;
    }

    private static String log() {
        try {
            return Files.readString(WORK.resolve("flow.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The script and its package.json from the test resources, and the pinned package from npm. */
    private static void install() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "flow.mjs")) {
            try (InputStream source = StandardOAuthClientTest.class.getResourceAsStream("/openid-client/" + file)) {
                Files.copy(source, WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(WORK.toFile())
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("npm.log").toFile())
                .start();
        boolean ended = npm.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            npm.destroyForcibly();
        }
        assertThat(ended && npm.exitValue() == 0)
                .as("npm install: %s", Files.readString(WORK.resolve("npm.log")))
                .isTrue();
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
