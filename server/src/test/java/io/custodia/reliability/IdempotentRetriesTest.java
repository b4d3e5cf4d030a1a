package io.custodia.reliability;

import static io.custodia.platform.db.Tables.DEAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Creates whose answer never reached the client (the connection is dropped right after the request
 * is sent, at a random moment while the server works), retried with the same Idempotency-Key as a
 * client library would: every create happens exactly once.
 */
class IdempotentRetriesTest extends ApiTest {
    static final int CREATES = 40;

    @Test
    void retriedCreatesAfterLostAnswersCreateNothingTwice() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        Random random = new Random(2026);
        String run = UUID.randomUUID().toString().substring(0, 8);
        int retries = 0;
        for (int i = 0; i < CREATES; i++) {
            String key = "create-" + run + "-" + i;
            String body = Api.json(Map.of("title", "Retried " + run + " " + i));
            // The first attempt: sent, then the connection is dropped before the answer is read.
            try (Socket socket = new Socket("localhost", port())) {
                OutputStream out = socket.getOutputStream();
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                out.write(("POST /api/v1/deals HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + t.adminToken()
                                + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + key
                                + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                Thread.sleep(random.nextInt(15));
            }
            // The client retries until it gets an answer other than "still running".
            Api.Response answer;
            do {
                retries++;
                answer = api().send(
                                "POST",
                                "/api/v1/deals",
                                t.adminToken(),
                                "application/json",
                                body,
                                "Idempotency-Key",
                                key);
                if (answer.status() == 409) {
                    Thread.sleep(20);
                }
            } while (answer.status() == 409);
            assertThat(answer.status()).as("create %d", i).isEqualTo(201);
        }
        int stored = db.fetchCount(DEAL, DEAL.WORKSPACE_ID.eq(t.id()).and(DEAL.TITLE.like("Retried " + run + " %")));
        assertThat(stored)
                .as("deals after %d creates and %d retries", CREATES, retries)
                .isEqualTo(CREATES);
    }
}
