package io.custodia.directory;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * Signing in in a browser: a session cookie (HttpOnly, SameSite=Lax, Secure on HTTPS) for the pages
 * the server renders, today the sign-in page and the OAuth consent page. Sign-in goes through the
 * same checks and throttling as the API's.
 */
@Configuration(proxyBeanMethods = false)
class WebSignIn {

    /** What the sign-in form carries besides e-mail and password. */
    record Details(String workspace, String address) implements java.io.Serializable {}

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, SignIn signIn) throws Exception {
        AuthenticationProvider provider = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication attempt) {
                Details details = (Details) attempt.getDetails();
                SignIn.Outcome outcome = signIn.attempt(
                        details.workspace() == null ? "" : details.workspace(),
                        attempt.getName(),
                        String.valueOf(attempt.getCredentials()),
                        details.address());
                if (outcome instanceof SignIn.Succeeded ok) {
                    return UsernamePasswordAuthenticationToken.authenticated(ok.user(), null, List.of());
                }
                if (outcome instanceof SignIn.Throttled) {
                    throw new LockedException("too many failed sign-ins; try again later");
                }
                throw new BadCredentialsException("wrong workspace, e-mail or password");
            }

            @Override
            public boolean supports(Class<?> type) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
            }
        };
        http.securityMatcher("/login", "/logout", "/oauth2/consent", "/oauth2/consent/**")
                .authenticationProvider(provider)
                .authorizeHttpRequests(auth ->
                        auth.requestMatchers("/login").permitAll().anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .authenticationDetailsSource((HttpServletRequest request) ->
                                new Details(request.getParameter("workspace"), request.getRemoteAddr()))
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"));
        return http.build();
    }

    /** The sign-in page: plain HTML, labelled fields, usable without a mouse. */
    @Controller
    static class Page {
        @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
        @ResponseBody
        String login(
                HttpServletRequest request,
                @RequestParam(required = false) String error,
                @RequestParam(required = false) String workspace) {
            CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            String message = error == null
                    ? ""
                    : "<p role=\"alert\">Sign-in failed: wrong workspace, e-mail or password, or too many attempts.</p>";
            return """
                    <!doctype html>
                    <html lang="en"><head><meta charset="utf-8"><title>Sign in · Custodia</title></head>
                    <body><main>
                    <h1>Sign in to Custodia</h1>
                    %s
                    <form method="post" action="/login">
                      <p><label for="workspace">Workspace</label> <input id="workspace" name="workspace" value="%s" required autofocus></p>
                      <p><label for="email">E-mail</label> <input id="email" name="email" type="email" required></p>
                      <p><label for="password">Password</label> <input id="password" name="password" type="password" required></p>
                      <input type="hidden" name="%s" value="%s">
                      <p><button type="submit">Sign in</button></p>
                    </form>
                    </main></body></html>
                    """.formatted(
                            message,
                            workspace == null ? "" : HtmlUtils.htmlEscape(workspace),
                            csrf.getParameterName(),
                            csrf.getToken());
        }
    }
}
