package io.custodia.scim;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /scim/v2/**} takes only a live SCIM token ({@code Authorization: Bearer scim_...}): no
 * sign-in token, app token or browser session opens it, and a SCIM token opens nothing else (the
 * API's chain does not know it). Stateless, without CSRF protection: no cookie is ever read here.
 */
@Configuration(proxyBeanMethods = false)
class ScimSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain scim(HttpSecurity http, ScimTokens tokens) throws Exception {
        http.securityMatcher("/scim/v2/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new ScimTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> unauthorized(response))
                        .accessDeniedHandler((request, response, ex) -> ScimAnswers.refuse(
                                response, new ScimRefusal(403, null, "this request is not allowed"))));
        return http.build();
    }

    private static void unauthorized(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        ScimAnswers.refuse(response, new ScimRefusal(401, null, "a live SCIM token is required"));
    }

    /** Finds the request's SCIM token live, and enters its workspace; 401 at once for any other bearer. */
    static final class ScimTokenFilter extends OncePerRequestFilter {
        private final ScimTokens tokens;

        ScimTokenFilter(ScimTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null) {
                chain.doFilter(request, response);
                return;
            }
            Optional<ScimClient> client = header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? tokens.authenticate(header.substring(7).strip())
                    : Optional.empty();
            if (client.isEmpty()) {
                unauthorized(response);
                return;
            }
            SecurityContextHolder.getContext()
                    .setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(client.get(), null, List.of()));
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
