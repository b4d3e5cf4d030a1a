package io.custodia.web;

import io.custodia.directory.ConsoleSession;
import io.custodia.platform.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.ObjectMapper;

/**
 * The console's only way to the data: the HTTP API on this same server, called with the signed-in
 * person's own token. Every page therefore obeys exactly the rules, checks, audit and errors that
 * every other client gets; no rule is written a second time for the browser.
 */
@Component
class ConsoleApi {
    private final Environment environment;
    private final RestClient client = RestClient.builder()
            .requestFactory(new JdkClientHttpRequestFactory())
            .build();

    ConsoleApi(Environment environment) {
        this.environment = environment;
    }

    /** A problem the API answered (status 400 and above), with its detail and field errors. */
    static final class Problem extends RuntimeException {
        final int status;
        final Json body;

        Problem(int status, Json body) {
            super(body.s("detail").isEmpty() ? body.s("title") : body.s("detail"));
            this.status = status;
            this.body = body;
        }
    }

    /** The session has no live token any more (expired, revoked, user deactivated): sign in again. */
    static final class SignedOut extends RuntimeException {
        SignedOut() {
            super("signed out");
        }
    }

    /** A query string from name-value pairs; blank values are left out. */
    static Map<String, Object> query(Object... pairs) {
        Map<String, Object> q = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            if (v != null && !String.valueOf(v).isBlank()) {
                q.put(String.valueOf(pairs[i]), v);
            }
        }
        return q;
    }

    Json get(String path, Map<String, Object> query) {
        return call(HttpMethod.GET, path, query, null);
    }

    Json get(String path) {
        return call(HttpMethod.GET, path, Map.of(), null);
    }

    Json post(String path, Object body) {
        return call(HttpMethod.POST, path, Map.of(), body);
    }

    /** A call made before anyone signs in (signing up a workspace): no token, the page's language. */
    Json postSignedOut(String path, Object body) {
        return client.post()
                .uri(uri(path, Map.of()))
                .headers(h -> inThePagesLanguage(h, MediaType.APPLICATION_JSON))
                .contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsBytes(body))
                .exchange((request, response) -> answer(
                        response.getStatusCode().value(), response.getBody().readAllBytes()));
    }

    Json put(String path, Object body) {
        return call(HttpMethod.PUT, path, Map.of(), body);
    }

    Json patch(String path, Object body) {
        return call(HttpMethod.PATCH, path, Map.of(), body);
    }

    /** A change to a record read at {@code version}: the API refuses it (412) if the record moved on. */
    Json patch(String path, Object body, String version) {
        return call(HttpMethod.PATCH, path, Map.of(), body, version);
    }

    Json delete(String path) {
        return call(HttpMethod.DELETE, path, Map.of(), null);
    }

    Json delete(String path, Object body) {
        return call(HttpMethod.DELETE, path, Map.of(), body);
    }

    /** A text answer (a CSV download) as it comes. */
    byte[] bytes(String path, Map<String, Object> query, MediaType accept) {
        return client.get()
                .uri(uri(path, query))
                .headers(h -> asThePage(h, accept))
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    byte[] body = response.getBody().readAllBytes();
                    if (status >= 400) {
                        throw problem(status, body);
                    }
                    return body;
                });
    }

    /** A file sent as it is (a CSV import), of this media type; the answer as JSON. */
    Json send(String path, Map<String, Object> query, byte[] file, MediaType type) {
        return client.post()
                .uri(uri(path, query))
                .headers(h -> asThePage(h, MediaType.APPLICATION_JSON))
                .contentType(type)
                .body(file)
                .exchange((request, response) -> answer(
                        response.getStatusCode().value(), response.getBody().readAllBytes()));
    }

    private Json call(HttpMethod method, String path, Map<String, Object> query, Object body) {
        return call(method, path, query, body, null);
    }

    private Json call(HttpMethod method, String path, Map<String, Object> query, Object body, String version) {
        RestClient.RequestBodySpec spec = client.method(method)
                .uri(uri(path, query))
                .headers(h -> {
                    asThePage(h, MediaType.APPLICATION_JSON);
                    if (version != null && !version.isBlank()) {
                        h.setIfMatch("\"" + version + "\"");
                    }
                });
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsBytes(body));
        }
        return spec.exchange((request, response) ->
                answer(response.getStatusCode().value(), response.getBody().readAllBytes()));
    }

    /** The API's answer as JSON, or its refusal thrown. */
    private static Json answer(int status, byte[] raw) {
        if (status >= 400) {
            throw problem(status, raw);
        }
        return status == 204 || raw.length == 0 ? Json.of(null) : Json.of(JSON.readValue(raw, Object.class));
    }

    /**
     * The session's token, and the page's language, so that what the API explains reads as the page
     * does; and the page's request id, so that the page and the API calls it makes log as one.
     */
    private static void asThePage(HttpHeaders headers, MediaType accept) {
        headers.setBearerAuth(token());
        String requestId = RequestIds.current();
        if (requestId != null) {
            headers.set(RequestIds.HEADER, requestId);
        }
        inThePagesLanguage(headers, accept);
    }

    private static void inThePagesLanguage(HttpHeaders headers, MediaType accept) {
        headers.setAccept(List.of(accept));
        headers.setAcceptLanguageAsLocales(List.of(LocaleContextHolder.getLocale()));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RuntimeException problem(int status, byte[] body) {
        if (status == 401) {
            return new SignedOut();
        }
        Object parsed;
        try {
            parsed = JSON.readValue(body, Object.class);
        } catch (RuntimeException notJson) {
            parsed = Map.of("detail", new String(body, StandardCharsets.UTF_8));
        }
        return new Problem(status, Json.of(parsed));
    }

    private URI uri(String path, Map<String, Object> query) {
        StringBuilder uri = new StringBuilder("http://127.0.0.1:")
                .append(environment.getProperty("local.server.port", "8080"))
                .append(path);
        char sep = '?';
        for (var e : query.entrySet()) {
            uri.append(sep)
                    .append(e.getKey())
                    .append('=')
                    .append(URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8));
            sep = '&';
        }
        return URI.create(uri.toString());
    }

    private static String token() {
        HttpServletRequest request =
                ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        return ConsoleSession.tokenOf(request.getSession(false)).orElseThrow(SignedOut::new);
    }
}
