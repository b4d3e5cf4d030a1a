package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code /scim/v2/*}: hands each request, once its token was found live and its input checked, to
 * the SDK, in one transaction per request that is rolled back whenever the answer is an error, so
 * a refused request changes nothing.
 */
final class ScimServlet extends HttpServlet {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final transient ResourceEndpoint endpoint;
    private final transient TransactionTemplate transactions;

    ScimServlet(ResourceEndpoint endpoint, TransactionTemplate transactions) {
        this.endpoint = endpoint;
        this.transactions = transactions;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        // INVARIANT: the SCIM security chain let this request through only with a live token.
        if (authentication == null || !(authentication.getPrincipal() instanceof ScimClient client)) {
            ScimAnswers.refuse(response, new ScimRefusal(401, null, "a live SCIM token is required"));
            return;
        }
        if (!METHODS.contains(request.getMethod())) {
            ScimAnswers.refuse(response, new ScimRefusal(405, null, "method not allowed"));
            return;
        }
        String body;
        try {
            body = ScimRequestChecks.body(request.getInputStream().readAllBytes());
            ScimRequestChecks.paging(request.getParameterMap());
        } catch (ScimRefusal refusal) {
            ScimAnswers.refuse(response, refusal);
            return;
        }
        String url = request.getRequestURL() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, request.getHeader(name));
        }
        ScimResponse answer = transactions.execute(tx -> {
            ScimResponse r = endpoint.handleRequest(
                    url,
                    HttpMethod.valueOf(request.getMethod()),
                    body,
                    headers,
                    new Context(new ScimAuthorization(client)));
            if (r.getHttpStatus() >= 400) {
                tx.setRollbackOnly();
            }
            return r;
        });
        ScimAnswers.write(response, answer);
    }
}
