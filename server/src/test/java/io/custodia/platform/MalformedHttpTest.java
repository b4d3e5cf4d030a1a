package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Requests Tomcat refuses before the application sees them (found by an outside probe answering
 * Tomcat's HTML page) are problems in JSON like every other error. Sent over a plain socket, since
 * an HTTP client will not send most of them.
 */
class MalformedHttpTest extends ApiTest {

    @Test
    void aNulInTheAddressIsAProblem() throws IOException {
        assertProblem(raw("GET /api/v1/deals/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void anEncodedSlashIsAProblem() throws IOException {
        assertProblem(
                raw("GET /api/v1/deals/..%2f..%2factuator HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void anAddressLongerThanTheHeaderLimitIsAProblem() throws IOException {
        assertProblem(raw("GET /api/v1/deals?q=" + "x".repeat(100_000)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void aControlCharacterInAHeaderIsAProblem() throws IOException {
        assertProblem(raw("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nIdempotency-Key: a\u0001b\r\n"
                + "Connection: close\r\n\r\n"));
    }

    private static void assertProblem(String response) {
        String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
        assertThat(head).as(response).startsWith("HTTP/1.1 400");
        assertThat(head.toLowerCase()).as(response).contains("content-type: application/problem+json");
        assertThat(response)
                .contains("\"status\":400")
                .contains("\"title\":\"Bad Request\"")
                .doesNotContain("<html")
                .doesNotContainIgnoringCase("tomcat");
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
