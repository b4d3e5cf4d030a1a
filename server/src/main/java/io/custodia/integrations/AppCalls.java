package io.custodia.integrations;

import io.custodia.platform.ProblemResponses;
import io.custodia.platform.ProblemText;
import io.custodia.policy.EntityType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every call an app makes: refused unless its token's scopes open the endpoint (checked endpoint by
 * endpoint, before any handler runs), and written to the sync log with its outcome and error.
 */
@Component
class AppCalls extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AppCalls.class);
    private static final Pattern RECORDS = Pattern.compile("/api/v1/(" + EntityType.PATHS + ")(/[0-9a-fA-F-]{36})?/?");
    private static final Pattern USERS = Pattern.compile("/api/v1/users(/[0-9a-fA-F-]{36})?/?");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SyncLog syncLog;

    AppCalls(SyncLog syncLog) {
        this.syncLog = syncLog;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !(caller.getPrincipal() instanceof AppPrincipal app)) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        String endpoint =
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Optional<ProblemText> refusal = refusal(app, request.getMethod(), request.getRequestURI());
        if (refusal.isPresent()) {
            ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, "Forbidden", refusal.get());
            record(app, request.getMethod(), endpoint, 403, refusal.get().toString(), null, started);
            return;
        }
        ContentCachingResponseWrapper wrapped = new ContentCachingResponseWrapper(response);
        int status = 500;
        String error = null;
        String refused = null;
        try {
            chain.doFilter(request, wrapped);
            status = wrapped.getStatus();
            if (status >= 400) {
                error = detail(wrapped.getContentAsByteArray());
            } else if (request.getAttribute(SyncLog.REFUSED) instanceof String said) {
                refused = said;
            }
        } catch (IOException | ServletException | RuntimeException e) {
            // The log keeps the failure; the sync log, which administrators read, names no class.
            error = "the server failed";
            throw e;
        } finally {
            wrapped.copyBodyToResponse();
            record(app, request.getMethod(), endpoint, status, error, refused, started);
        }
    }

    /** Why the app may not call this endpoint, or empty when its scopes open it. */
    static Optional<ProblemText> refusal(AppPrincipal app, String method, String path) {
        Matcher records = RECORDS.matcher(path);
        if (records.matches()) {
            String type = records.group(1);
            boolean one = records.group(2) != null;
            String write = type + ":write";
            return switch (method) {
                case "GET" ->
                    app.holds(type + ":read") || app.holds(write)
                            ? Optional.empty()
                            : Optional.of(
                                    ProblemText.of("the app's authorisation lacks the scope {0}", type + ":read"));
                case "POST" ->
                    one
                            ? Optional.of(ProblemText.of("this endpoint is not open to apps"))
                            : app.holds(write)
                                    ? Optional.empty()
                                    : Optional.of(ProblemText.of("the app's authorisation lacks the scope {0}", write));
                case "PATCH" ->
                    one && app.holds(write)
                            ? Optional.empty()
                            : Optional.of(ProblemText.of("the app's authorisation lacks the scope {0}", write));
                case "DELETE" -> Optional.of(ProblemText.of("no scope lets an app delete"));
                default -> Optional.of(ProblemText.of("this endpoint is not open to apps"));
            };
        }
        if (USERS.matcher(path).matches() && method.equals("GET")) {
            return app.holds("users:read")
                    ? Optional.empty()
                    : Optional.of(ProblemText.of("the app's authorisation lacks the scope users:read"));
        }
        if (path.equals("/api/v1/integrations/me") && method.equals("GET")) {
            return Optional.empty(); // who the app is needs no scope
        }
        if (path.equals("/api/v1/integrations/meetings") && method.equals("POST")) {
            return Optional.empty(); // the scopes it needs depend on the body; the endpoint checks them
        }
        return Optional.of(ProblemText.of("this endpoint is not open to apps"));
    }

    private void record(
            AppPrincipal app, String method, String endpoint, int status, String error, String refused, long started) {
        try {
            syncLog.record(app.workspaceId(), app.appId(), method, endpoint, status, error, refused, (int)
                    ((System.nanoTime() - started) / 1_000_000));
        } catch (RuntimeException e) {
            // The call itself is answered either way; a sync log that cannot be written is logged here.
            log.warn("Could not write the sync log for app {}: {}", app.appId(), e.toString());
        }
    }

    private static String detail(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode problem = JSON.readTree(body);
            String detail = problem.path("detail").asString("");
            if (problem.has("errors")) {
                detail = detail + " " + problem.get("errors");
            }
            return detail.isBlank() ? null : detail.strip();
        } catch (RuntimeException e) {
            return new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8);
        }
    }
}
