package io.custodia.directory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser session lives no longer than its sign-in token: once the token has ended (signed out,
 * expired, the user deactivated) the session is ended too and the browser is sent to sign in, on a
 * console page as on an OAuth step (consent), which draw nothing from the API and would otherwise
 * trust the session alone. Static files and the sign-in page itself are not asked about.
 */
public final class EndedSessions extends OncePerRequestFilter {
    private final Tokens tokens;

    public EndedSessions(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        return path.startsWith("/webjars/") || path.startsWith("/console/") || path.equals("/login");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Optional<String> token = ConsoleSession.tokenOf(session);
        if (token.isEmpty() || tokens.authenticate(token.get()).isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        session.invalidate();
        SecurityContextHolder.clearContext();
        if (request.getHeader("HX-Request") != null) {
            // htmx asked for a part of a page: the whole page goes to sign-in instead.
            response.setHeader("HX-Redirect", "/login?expired");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect("/login?expired");
        }
    }
}
