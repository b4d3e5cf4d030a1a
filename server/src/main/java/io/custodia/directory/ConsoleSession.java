package io.custodia.directory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;

/** What a browser session signed in to the console carries: the API token issued at sign-in. */
public final class ConsoleSession {
    static final String TOKEN = "custodia.console.token";

    private ConsoleSession() {}

    /** The token a request signs in with: its bearer token, or else its console session's token. */
    public static Optional<String> tokenCarriedBy(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? Optional.of(authorization.substring(7).strip())
                    : Optional.empty();
        }
        return tokenOf(request.getSession(false));
    }

    /** The session's API token; it lives as long as a token does (the session's absolute limit). */
    public static Optional<String> tokenOf(HttpSession session) {
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(TOKEN));
    }
}
