package io.custodia.platform;

import static io.custodia.platform.db.Tables.IDEMPOTENCY_KEY;

import io.custodia.platform.db.tables.records.IdempotencyKeyRecord;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on creating POSTs. The request runs in one transaction together with the
 * record of its response, so a retry either finds the first response or finds nothing at all: a
 * crash or an error in the middle leaves no half-made record behind. Same key and body: the first
 * response again. Same key, other body: 422. While the first is still running: 409. Keys are kept 24
 * hours per caller.
 */
@Component
@Order(0)
class IdempotencyFilter extends OncePerRequestFilter {
    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY = 200;

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final OneNodeAtATime oneNode;

    IdempotencyFilter(DSLContext db, TransactionTemplate transactions, OneNodeAtATime oneNode) {
        this.db = db;
        this.transactions = transactions;
        this.oneNode = oneNode;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof WorkspacePrincipal principal)) {
            // Anonymous creates (a new workspace) are guarded by their own uniqueness instead.
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > MAX_KEY) {
            ProblemResponses.write(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "Bad Idempotency-Key",
                    ProblemText.of("the key must have 1 to {0} characters", MAX_KEY));
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String hash = hash(request, body);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        Outcome outcome;
        try {
            outcome = transactions.execute(status -> {
                boolean locked = db.select(DSL.field(
                                "pg_try_advisory_xact_lock(hashtextextended({0}, 0))",
                                Boolean.class,
                                DSL.val(principal.workspaceId() + "/" + principal.principalId() + "/" + key)))
                        .fetchOne(0, Boolean.class);
                if (!locked) {
                    return Outcome.RUNNING;
                }
                IdempotencyKeyRecord previous = db.selectFrom(IDEMPOTENCY_KEY)
                        .where(IDEMPOTENCY_KEY.WORKSPACE_ID.eq(principal.workspaceId()))
                        .and(IDEMPOTENCY_KEY.PRINCIPAL_ID.eq(principal.principalId()))
                        .and(IDEMPOTENCY_KEY.IDEMPOTENCY_KEY_.eq(key))
                        .fetchOne();
                if (previous != null
                        && previous.getCreatedAt().isAfter(OffsetDateTime.now().minusHours(24))) {
                    if (!previous.getRequestHash().equals(hash)) {
                        return Outcome.MISMATCH;
                    }
                    replay(previous, captured);
                    return Outcome.REPLAYED;
                }
                if (previous != null) {
                    previous.delete();
                }
                try {
                    chain.doFilter(new ReplayedRequest(request, body), captured);
                } catch (IOException | ServletException e) {
                    throw new FilterFailure(e);
                }
                if (captured.getStatus() >= 400 || status.isRollbackOnly()) {
                    // A refused or failed request changes nothing: roll back whatever it began.
                    status.setRollbackOnly();
                    return captured.getStatus() >= 500 ? Outcome.FAILED : Outcome.REFUSED;
                }
                remember(principal, key, hash, captured);
                return Outcome.DONE;
            });
        } catch (FilterFailure e) {
            if (e.getCause() instanceof ServletException s) {
                throw s;
            }
            throw (IOException) e.getCause();
        }
        if (outcome == Outcome.REFUSED) {
            // The refusal is what a retry must see again; it is kept in its own transaction.
            transactions.executeWithoutResult(status -> remember(principal, key, hash, captured));
        }
        switch (outcome) {
            case RUNNING ->
                ProblemResponses.write(
                        request,
                        response,
                        HttpStatus.CONFLICT,
                        "Request in progress",
                        ProblemText.of("a request with this Idempotency-Key is still running; retry later"));
            case MISMATCH ->
                ProblemResponses.write(
                        request,
                        response,
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "Idempotency-Key reused",
                        ProblemText.of("this Idempotency-Key was used for a different request"));
            case REPLAYED, DONE, REFUSED, FAILED -> captured.copyBodyToResponse();
        }
    }

    private void remember(
            WorkspacePrincipal principal, String key, String hash, ContentCachingResponseWrapper captured) {
        db.insertInto(IDEMPOTENCY_KEY)
                .set(IDEMPOTENCY_KEY.WORKSPACE_ID, principal.workspaceId())
                .set(IDEMPOTENCY_KEY.PRINCIPAL_ID, principal.principalId())
                .set(IDEMPOTENCY_KEY.IDEMPOTENCY_KEY_, key)
                .set(IDEMPOTENCY_KEY.REQUEST_HASH, hash)
                .set(IDEMPOTENCY_KEY.RESPONSE_STATUS, captured.getStatus())
                .set(IDEMPOTENCY_KEY.RESPONSE_CONTENT_TYPE, captured.getContentType())
                .set(IDEMPOTENCY_KEY.RESPONSE_LOCATION, captured.getHeader(HttpHeaders.LOCATION))
                .set(IDEMPOTENCY_KEY.RESPONSE_BODY, captured.getContentAsByteArray())
                .onConflictDoNothing()
                .execute();
    }

    private static void replay(IdempotencyKeyRecord previous, ContentCachingResponseWrapper response) {
        response.setStatus(previous.getResponseStatus());
        if (previous.getResponseContentType() != null) {
            response.setContentType(previous.getResponseContentType());
        }
        if (previous.getResponseLocation() != null) {
            response.setHeader(HttpHeaders.LOCATION, previous.getResponseLocation());
        }
        response.setHeader("Idempotent-Replayed", "true");
        try {
            response.getOutputStream().write(previous.getResponseBody());
        } catch (IOException e) {
            throw new FilterFailure(e);
        }
    }

    /** Forgets keys older than a day, on one node at a time. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetOldKeys() {
        oneNode.run(
                "platform.forget-idempotency-keys",
                () -> Tenancy.acrossWorkspaces(() -> db.deleteFrom(IDEMPOTENCY_KEY)
                        .where(IDEMPOTENCY_KEY.CREATED_AT.lt(
                                OffsetDateTime.now().minusHours(24)))
                        .execute()));
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private enum Outcome {
        RUNNING,
        MISMATCH,
        REPLAYED,
        DONE,
        REFUSED,
        FAILED
    }

    /** Carries a checked exception out of the transaction callback. */
    private static final class FilterFailure extends RuntimeException {
        FilterFailure(Exception cause) {
            super(cause);
        }
    }

    /** The request with its body read once and served again to the handler. */
    private static final class ReplayedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            return new InMemoryInputStream(body);
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
