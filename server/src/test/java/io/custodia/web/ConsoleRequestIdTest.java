package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.custodia.ApiTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A console page's request id is the id of every API call the page makes, and the access log names the caller. */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleRequestIdTest extends ApiTest {
    @Test
    void aPagesRequestIdIsCarriedIntoTheApiCallsItMakes(CapturedOutput output) throws Exception {
        // The tests' context logs the access log at WARN only; this test reads it.
        Logger accessLog = (Logger) LoggerFactory.getLogger("io.custodia.access-log");
        Level before = accessLog.getLevel();
        accessLog.setLevel(Level.INFO);
        try {
            requestIdsFollowThePage(output);
        } finally {
            accessLog.setLevel(before);
        }
    }

    private void requestIdsFollowThePage(CapturedOutput output) throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        ConsoleVisitor browser = new ConsoleVisitor(port());
        browser.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);
        String id = "page-" + System.nanoTime();

        HttpResponse<String> page = browser.client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/deals"))
                        .header("Accept", "text/html")
                        .header("X-Request-Id", id)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Request-Id")).contains(id);
        // The page's own line is written once its answer is sent: wait for it, with a deadline.
        Instant deadline = Instant.now().plusSeconds(10);
        List<String> lines = linesOf(output, id);
        while (lines.stream().noneMatch(l -> l.contains("GET /deals 200"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            lines = linesOf(output, id);
        }
        assertThat(lines).anyMatch(l -> l.contains("GET /deals 200"));
        assertThat(lines)
                .as("the API calls the page made, under the page's id and naming the caller")
                .anyMatch(l -> l.contains("GET /api/v1/deals")
                        && l.contains("user_id=" + t.adminId())
                        && l.contains("workspace_id=" + t.id())
                        && l.contains("app_id=-"));
    }

    private static List<String> linesOf(CapturedOutput output, String id) {
        return output.getOut()
                .lines()
                .filter(l -> l.contains("access-log") && l.contains("request_id=" + id + " "))
                .toList();
    }
}
