package io.custodia;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests that speak to the running server as a real client would. */
public final class Api {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    /**
     * A body with its ids (UUIDs) and the problem's {@code instance} (the path asked for) left out:
     * what must be identical between two answers that may differ only in the id the caller sent.
     */
    public static String withoutIds(String body) {
        return body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID")
                .replaceAll("\"instance\":\"[^\"]*\"", "");
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    public Response send(String method, String path, String token, String contentType, String body, String... headers) {
        return exchange(
                method,
                path,
                token,
                contentType,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                headers);
    }

    /** A request whose body is these bytes, as they are (they need not be UTF-8). */
    public Response sendBytes(String method, String path, String token, String contentType, byte[] body) {
        return exchange(method, path, token, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private Response exchange(
            String method,
            String path,
            String token,
            String contentType,
            HttpRequest.BodyPublisher body,
            String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        request.method(method, body);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response post(String path, String token, Object body, String... headers) {
        return send("POST", path, token, "application/json", body instanceof String s ? s : json(body), headers);
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, "application/json", body instanceof String s ? s : json(body));
    }
}
