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

    private static String path(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    /** The enrolment page, sign-out, and the API (which refuses such a sign-in what it may not do). */
    private static boolean enrolling(String path) {
        return path.equals(WebSignIn.ENROLMENT_PAGE)
                || path.startsWith(WebSignIn.ENROLMENT_PAGE + "/")
                || path.equals("/logout")
                || path.startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Optional<String> token = ConsoleSession.tokenOf(session);
        Optional<CurrentUser> user = token.flatMap(tokens::authenticate);
        if (user.isPresent() && user.get().enrolmentOnly() && !enrolling(path(request))) {
            // Signed in without the second factor the workspace requires: enrol it before anything else.
            if (request.getHeader("HX-Request") != null) {
                response.setHeader("HX-Redirect", WebSignIn.ENROLMENT_PAGE);
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            } else {
                response.sendRedirect(WebSignIn.ENROLMENT_PAGE);
            }
            return;
        }
        if (token.isEmpty() || user.isPresent()) {
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
