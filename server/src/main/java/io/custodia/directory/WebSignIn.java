package io.custodia.directory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * Signing in in a browser: a session cookie (HttpOnly, SameSite=Lax, Secure on HTTPS) for the pages
 * the server renders (the console and the OAuth consent page), with CSRF protection on every form.
 * Sign-in goes through the same checks and throttling as the API's, and gives the session an API
 * token of its own, revoked at sign-out, through which the console works.
 */
@Configuration(proxyBeanMethods = false)
class WebSignIn {

    /**
     * A page asked for without a session goes to sign-in; an htmx request (a part of a page) asks
     * the browser to load the sign-in page as a whole instead of placing it inside the part.
     */
    private static AuthenticationEntryPoint signInFirst() {
        var login = new LoginUrlAuthenticationEntryPoint("/login");
        return (request, response, ex) -> {
            if (request.getHeader("HX-Request") != null) {
                response.setHeader("HX-Redirect", "/login?expired");
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            } else {
                login.commence(request, response, ex);
            }
        };
    }

    /**
     * The console's pages run only the server's own scripts and styles (htmx and its live-stream
     * extension among them, from the server's WebJars), load nothing from elsewhere, and cannot be
     * framed. Forms may post anywhere: the consent page's answer goes on to the app's own address.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
            + " frame-ancestors 'none'";

    /** The console needs none of the browser's powerful features. */
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(),"
            + " serial=(), bluetooth=(), display-capture=(), fullscreen=(self)";

    /**
     * What the sign-in form carries besides e-mail and password: the code field takes either an
     * authenticator's six digits or a recovery code.
     */
    record Details(String workspace, String address, String code) implements Serializable {
        boolean sixDigits() {
            return code != null && code.strip().matches("[0-9]{6}");
        }
    }

    /** The password was right and a second factor is wanted, or the one given was wrong. */
    static final class SecondFactorWanted extends AuthenticationException {
        final boolean wrongCode;

        SecondFactorWanted(boolean wrongCode) {
            super(wrongCode ? "wrong code" : "code required");
            this.wrongCode = wrongCode;
        }
    }

    /** The password was right, but the workspace signs its people in through its provider only. */
    static final class PasswordsOff extends AuthenticationException {
        PasswordsOff() {
            super("password sign-in is off for this workspace");
        }
    }

    /** The console's page for enrolling an authenticator app; an enrolment-only session goes nowhere else. */
    static final String ENROLMENT_PAGE = "/me/two-factor";

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, SignIn signIn, Tokens tokens, SsoLogin sso) throws Exception {
        AuthenticationProvider provider = new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication attempt) {
                Details details = (Details) attempt.getDetails();
                String code = details.code() == null || details.code().isBlank() ? null : details.code();
                SignIn.Outcome outcome = signIn.attempt(
                        new SignIn.Credentials(
                                details.workspace() == null ? "" : details.workspace(),
                                attempt.getName(),
                                String.valueOf(attempt.getCredentials()),
                                details.sixDigits() ? code : null,
                                details.sixDigits() ? null : code),
                        details.address());
                if (outcome instanceof SignIn.Succeeded ok) {
                    var signedIn = UsernamePasswordAuthenticationToken.authenticated(ok.user(), null, List.of());
                    // The session keeps the details without the code, which is spent.
                    signedIn.setDetails(new Details(details.workspace(), details.address(), null));
                    return signedIn;
                }
                if (outcome instanceof SignIn.SecondFactorRequired second) {
                    throw new SecondFactorWanted(second.wrongCode());
                }
                if (outcome instanceof SignIn.PasswordsOff) {
                    throw new PasswordsOff();
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
        var success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setDefaultTargetUrl("/");
        // Everything the API chain and the authorization server do not take: the console's pages.
        http.addFilterAfter(new EndedSessions(tokens), SecurityContextHolderFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        // The console's own pages see where a refused form came from; nobody else sees anything.
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY)))
                .authenticationProvider(provider)
                // /.well-known/ holds only what the authorization server serves (its RFC 8414 metadata);
                // anything else there, OpenID Connect discovery included, is 404 and never a sign-in page.
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/login",
                                "/signup",
                                "/error",
                                "/webjars/**",
                                "/console/**",
                                "/.well-known/**",
                                "/sso",
                                "/sso/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .authenticationDetailsSource((HttpServletRequest request) -> new Details(
                                request.getParameter("workspace"),
                                request.getRemoteAddr(),
                                request.getParameter("code")))
                        .successHandler((request, response, authentication) -> {
                            CurrentUser user = (CurrentUser) authentication.getPrincipal();
                            request.getSession()
                                    .setAttribute(
                                            ConsoleSession.TOKEN,
                                            tokens.issue(user.workspaceId(), user.id(), Tokens.Kind.CONSOLE));
                            if (user.enrolmentOnly()) {
                                response.sendRedirect(ENROLMENT_PAGE);
                                return;
                            }
                            success.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, exception) -> {
                            String workspace = request.getParameter("workspace");
                            String back = "/login?"
                                    + (exception instanceof SecondFactorWanted wanted
                                            ? (wanted.wrongCode ? "wrongCode" : "code")
                                            : exception instanceof PasswordsOff ? "passwordsOff" : "error")
                                    + (workspace == null
                                            ? ""
                                            : "&workspace=" + URLEncoder.encode(workspace, StandardCharsets.UTF_8));
                            response.sendRedirect(back);
                        })
                        .permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(signInFirst()));
        sso.configure(http);
        http.logout(logout -> logout.logoutUrl("/logout")
                .addLogoutHandler((request, response, authentication) -> {
                    var session = request.getSession(false);
                    if (session != null && session.getAttribute(ConsoleSession.TOKEN) instanceof String token) {
                        tokens.revoke(token);
                    }
                })
                .logoutSuccessUrl("/login?signedOut"));
        return http.build();
    }
}
