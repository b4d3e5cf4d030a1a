package io.custodia.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One access-log line per request, tagged with a request id that is also returned to the client,
 * and naming who called: user, workspace and app (as {@code user_id}, {@code workspace_id},
 * {@code app_id}; {@code -} where there is none). The same ids are in the logging context (MDC)
 * while the request's handler runs, so every line it logs carries them too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLogFilter extends OncePerRequestFilter {
    private static final Logger access = LoggerFactory.getLogger("io.custodia.access-log");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String CALLER = RequestLogFilter.class.getName() + ".caller";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(RequestIds.HEADER);
        String id = given != null && SAFE_ID.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        long start = System.nanoTime();
        MDC.put(RequestIds.KEY, id);
        response.setHeader(RequestIds.HEADER, id);
        try {
            chain.doFilter(request, response);
        } finally {
            long micros = (System.nanoTime() - start) / 1000;
            WorkspacePrincipal caller = request.getAttribute(CALLER) instanceof WorkspacePrincipal p ? p : null;
            access.info(
                    "{} {} {} {}us request_id={} user_id={} workspace_id={} app_id={}",
                    request.getMethod(),
                    request.getRequestURI(),
                    response.getStatus(),
                    micros,
                    id,
                    caller == null ? "-" : caller.principalId(),
                    caller == null ? "-" : caller.workspaceId(),
                    caller == null || caller.appId() == null ? "-" : caller.appId());
            MDC.remove(RequestIds.KEY);
            MDC.remove("userId");
            MDC.remove("workspaceId");
            MDC.remove("appId");
        }
    }

    /**
     * Notes the caller once the sign-in has run (after this filter's start, before the handler):
     * for the access-log line, and in the logging context for every line the handler logs.
     */
    static void identify(HttpServletRequest request, WorkspacePrincipal principal) {
        request.setAttribute(CALLER, principal);
        MDC.put("userId", principal.principalId().toString());
        MDC.put("workspaceId", principal.workspaceId().toString());
        if (principal.appId() != null) {
            MDC.put("appId", principal.appId().toString());
        }
    }
}
