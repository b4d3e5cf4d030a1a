package io.custodia.directory;

import io.custodia.platform.ProblemResponses;
import io.custodia.platform.ProblemText;
import io.custodia.platform.Tenancy;
import io.custodia.platform.WorkspacePrincipal;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API is stateless: a bearer token on every request, checked against the database, or the web
 * console's session cookie (whose own token is checked the same way, with CSRF protection on every
 * change). Sign-up, sign-in, health, metrics and the API description are open; everything else
 * needs a token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** What the firewall refuses (odd parameter names, encoded slashes) is the client's fault: 400, not 500. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new HttpStatusRequestRejectedHandler();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, Tokens tokens, ObjectProvider<AppTokens> apps) throws Exception {
        http.securityMatcher(
                        "/api/**",
                        "/actuator/**",
                        "/v3/api-docs",
                        "/v3/api-docs.yaml",
                        "/v3/api-docs/**",
                        "/swagger-ui/**",
                        "/swagger-ui.html")
                // Bearer clients need no CSRF protection; a call carried by the console's session cookie does.
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::carriedBySessionCookie)
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                // No sign-in happens here (the console's is in its own chain): a call carried by the
                // session cookie keeps its session id, or a page's parallel calls would hold a stale one.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionFixation(fixation -> fixation.none()))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerTokenFilter(tokens, apps), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(
                        // An async dispatch finishes a request (a live stream) that was authorised when it began.
                        auth -> auth.dispatcherTypeMatchers(DispatcherType.ASYNC)
                                .permitAll()
                                .requestMatchers(HttpMethod.POST, "/api/v1/workspaces", "/api/v1/auth/login")
                                .permitAll()
                                .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                                .permitAll()
                                .requestMatchers(
                                        "/v3/api-docs",
                                        "/v3/api-docs.yaml",
                                        "/v3/api-docs/**",
                                        "/swagger-ui/**",
                                        "/swagger-ui.html")
                                .permitAll()
                                .anyRequest()
                                .authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            ProblemResponses.write(
                                    request,
                                    response,
                                    HttpStatus.UNAUTHORIZED,
                                    "Unauthorized",
                                    ProblemText.of("a valid bearer token is required"));
                        })
                        .accessDeniedHandler((request, response, ex) -> ProblemResponses.write(
                                request,
                                response,
                                HttpStatus.FORBIDDEN,
                                "Forbidden",
                                ProblemText.of("this request is not allowed"))));
        return http.build();
    }

    /** What a sign-in that may only enrol a second factor may call: enrolment, who am I, sign-out. */
    static boolean enrolling(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return switch (request.getMethod()) {
            case "GET" -> path.equals("/api/v1/me");
            case "POST" ->
                path.equals("/api/v1/me/totp")
                        || path.equals("/api/v1/me/totp/confirm")
                        || path.equals("/api/v1/auth/logout");
            default -> false;
        };
    }

    /** A state-changing call without a bearer token, from a browser session signed in to the console. */
    static boolean carriedBySessionCookie(HttpServletRequest request) {
        String method = request.getMethod();
        boolean safe = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        return !safe
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && ConsoleSession.tokenOf(request.getSession(false)).isPresent();
    }

    /**
     * Reads {@code Authorization: Bearer <token>} (or the console session's token): a person's
     * sign-in token, or an authorised app's access token; a token that is not live answers 401 at once.
     */
    static final class BearerTokenFilter extends OncePerRequestFilter {
        private final Tokens tokens;
        private final ObjectProvider<AppTokens> apps;

        BearerTokenFilter(Tokens tokens, ObjectProvider<AppTokens> apps) {
            this.tokens = tokens;
            this.apps = apps;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // A bearer token, or the console session's own token (CSRF was checked before for changes).
            Optional<String> carried = ConsoleSession.tokenCarriedBy(request);
            if (carried.isEmpty()) {
                chain.doFilter(request, response);
                return;
            }
            String token = carried.get();
            Optional<WorkspacePrincipal> user = tokens.authenticate(token).map(u -> (WorkspacePrincipal) u);
            if (user.isEmpty()) {
                AppTokens appTokens = apps.getIfAvailable();
                user = appTokens == null ? Optional.empty() : appTokens.authenticate(token);
            }
            if (user.isEmpty()) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                ProblemResponses.write(
                        request,
                        response,
                        HttpStatus.UNAUTHORIZED,
                        "Unauthorized",
                        ProblemText.of("the token is unknown, expired or revoked"));
                return;
            }
            if (user.get() instanceof CurrentUser person && person.enrolmentOnly() && !enrolling(request)) {
                ProblemResponses.write(
                        request,
                        response,
                        HttpStatus.FORBIDDEN,
                        "Second factor required",
                        ProblemText.of("this workspace requires two-factor sign-in: enrol an authenticator app first"
                                + " (POST /api/v1/me/totp, then POST /api/v1/me/totp/confirm)"));
                return;
            }
            SecurityContextHolder.getContext()
                    .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get(), null, List.of()));
            Tenancy.enter(user.get().workspaceId());
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
