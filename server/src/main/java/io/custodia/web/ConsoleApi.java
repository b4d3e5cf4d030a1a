package io.custodia.web;

import io.custodia.directory.ConsoleSession;
import io.custodia.platform.RequestIds;
import io.custodia.platform.Tenancy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.ObjectMapper;

/**
 * The console's only way to the data: the HTTP API of this same server, called in process (a
 * request dispatched inside the page's own, through the API's filter chain and handlers) with the
 * signed-in person's own token. Every page therefore obeys exactly the rules, checks, audit and
 * errors that every other client gets; no rule is written a second time for the browser, and no
 * call pays for a connection, an HTTP exchange or a request of its own (ADR 0005).
 */
@Component
class ConsoleApi {

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

    Json post(String path, Map<String, Object> query, Object body) {
        return call(HttpMethod.POST, path, query, body);
    }

    Json post(String path, Object body) {
        return call(HttpMethod.POST, path, Map.of(), body);
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

    /** A call made before anyone signs in (signing up a workspace): no token, the page's language. */
    Json postSignedOut(String path, Object body) {
        return json(exchange(new Call(HttpMethod.POST, path, Map.of(), MediaType.APPLICATION_JSON)
                .json(JSON.writeValueAsBytes(body))
                .signedOut()));
    }

    /** A text answer (a CSV download) as it comes. */
    byte[] bytes(String path, Map<String, Object> query, MediaType accept) {
        Answer answer = exchange(new Call(HttpMethod.GET, path, query, accept));
        if (answer.status() >= 400) {
            throw problem(answer.status(), answer.body());
        }
        return answer.body();
    }

    /** A file sent as it is (a CSV import), of this media type; the answer as JSON. */
    Json send(String path, Map<String, Object> query, byte[] file, MediaType type) {
        return json(exchange(new Call(HttpMethod.POST, path, query, MediaType.APPLICATION_JSON).body(file, type)));
    }

    private Json call(HttpMethod method, String path, Map<String, Object> query, Object body) {
        return call(method, path, query, body, null);
    }

    private Json call(HttpMethod method, String path, Map<String, Object> query, Object body, String version) {
        Call call = new Call(method, path, query, MediaType.APPLICATION_JSON);
        if (body != null) {
            call = call.json(JSON.writeValueAsBytes(body));
        }
        if (version != null && !version.isBlank()) {
            call = call.ifMatch("\"" + version + "\"");
        }
        return json(exchange(call));
    }

    /** The API's answer as JSON, or its refusal thrown. */
    private static Json json(Answer answer) {
        if (answer.status() >= 400) {
            throw problem(answer.status(), answer.body());
        }
        if (answer.status() == 204 || answer.body().length == 0) {
            return Json.of(null);
        }
        return Json.of(JSON.readValue(answer.body(), Object.class));
    }

    /** One API call: what it asks, what it sends, and whether as the signed-in person. */
    private record Call(
            HttpMethod method,
            String path,
            Map<String, Object> query,
            MediaType accept,
            byte[] body,
            MediaType contentType,
            String ifMatch,
            boolean signedIn) {
        Call(HttpMethod method, String path, Map<String, Object> query, MediaType accept) {
            this(method, path, query, accept, null, null, null, true);
        }

        Call body(byte[] content, MediaType type) {
            return new Call(method, path, query, accept, content, type, ifMatch, signedIn);
        }

        Call json(byte[] content) {
            return body(content, MediaType.APPLICATION_JSON);
        }

        Call ifMatch(String etag) {
            return new Call(method, path, query, accept, body, contentType, etag, signedIn);
        }

        Call signedOut() {
            return new Call(method, path, query, accept, body, contentType, ifMatch, false);
        }
    }

    private record Answer(int status, byte[] body) {}

    /**
     * Calls the API in this very request, as the signed-in person, in the page's language and
     * under the page's request id: the API's whole filter chain (the request log, the bearer check,
     * the authorisation rules) and handler answer it, in memory, as they would an HTTP request.
     * What the call changes on this thread (the security context, the workspace, the logging
     * context, the request context, which the API's filters reset when they are done) is the page's
     * again afterwards.
     */
    private Answer exchange(Call call) {
        ServletRequestAttributes current = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest page = current.getRequest();
        LocaleContext pageLocale = LocaleContextHolder.getLocaleContext();
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, String> headers = new LinkedHashMap<>();
        if (call.signedIn()) {
            headers.put(HttpHeaders.AUTHORIZATION, "Bearer " + token(page));
        }
        headers.put(HttpHeaders.ACCEPT, call.accept().toString());
        headers.put(HttpHeaders.ACCEPT_LANGUAGE, locale.toLanguageTag());
        String requestId = RequestIds.current();
        if (requestId != null) {
            headers.put(RequestIds.HEADER, requestId);
        }
        if (call.ifMatch() != null) {
            headers.put(HttpHeaders.IF_MATCH, call.ifMatch());
        }
        if (call.contentType() != null) {
            headers.put(HttpHeaders.CONTENT_TYPE, call.contentType().toString());
        }
        // INVARIANT: the path is a path; the dispatcher would take "?..." for part of it and find no handler.
        if (call.path().contains("?")) {
            throw new IllegalArgumentException("a query goes in the call's query map: " + call.path());
        }
        InProcessRequest request = new InProcessRequest(
                page, call.method().name(), call.path(), queryString(call.query()), headers, call.body(), locale);
        InProcessResponse response = new InProcessResponse();
        SecurityContext security = SecurityContextHolder.getContext();
        Map<String, String> logging = MDC.getCopyOfContextMap();
        try {
            Tenancy.preserved(() -> {
                try {
                    page.getServletContext().getRequestDispatcher(call.path()).forward(request, response);
                } catch (ServletException | IOException e) {
                    throw new IllegalStateException("the API failed to answer " + call.method() + " " + call.path(), e);
                }
            });
        } finally {
            SecurityContextHolder.setContext(security);
            RequestContextHolder.setRequestAttributes(current);
            LocaleContextHolder.setLocaleContext(pageLocale);
            if (logging == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(logging);
            }
        }
        return new Answer(response.status(), response.body());
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

    private static String queryString(Map<String, Object> query) {
        StringBuilder q = new StringBuilder();
        for (var e : query.entrySet()) {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static String token(HttpServletRequest page) {
        return ConsoleSession.tokenOf(page.getSession(false)).orElseThrow(SignedOut::new);
    }
}
