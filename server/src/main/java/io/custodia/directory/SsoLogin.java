package io.custodia.directory;

import io.custodia.platform.Tenancy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Signing in to the console through the workspace's OpenID Connect provider, with Spring Security's
 * OAuth 2.0 client: the authorization code flow with PKCE, {@code state} and {@code nonce}, the ID
 * token's signature, issuer, audience and expiry checked by the client; then {@link SsoSignIn}
 * decides whom it signs in, and the session gets an API token as a password sign-in's does.
 */
@Component
class SsoLogin {
    /** Where the browser starts a sign-in with a workspace's provider: {@code /sso/authorize/<slug>}. */
    static final String AUTHORIZE = "/sso/authorize";

    /** Where the provider sends the browser back: {@code /sso/callback/<slug>}. */
    static final String CALLBACK = "/sso/callback";

    private final SsoRegistrations registrations;
    private final SsoSignIn signIn;
    private final Tokens tokens;
    private final LoginThrottle throttle;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
    private final SavedRequestAwareAuthenticationSuccessHandler afterSignIn =
            new SavedRequestAwareAuthenticationSuccessHandler();

    SsoLogin(SsoRegistrations registrations, SsoSignIn signIn, Tokens tokens, LoginThrottle throttle) {
        this.registrations = registrations;
        this.signIn = signIn;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    /** The provider's answer, and whom it signs in here. */
    static final class SsoUser extends DefaultOidcUser {
        final CurrentUser who;

        SsoUser(OidcUser person, CurrentUser who) {
            super(person.getAuthorities(), person.getIdToken(), person.getUserInfo());
            this.who = who;
        }
    }

    void configure(HttpSecurity http) throws Exception {
        OidcUserService provider = new OidcUserService();
        http.oauth2Login(login -> login.loginPage("/login")
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(NOT_KEPT)
                .authorizationEndpoint(a -> a.baseUri(AUTHORIZE).authorizationRequestResolver(resolver()))
                .redirectionEndpoint(r -> r.baseUri(CALLBACK + "/*"))
                .userInfoEndpoint(u -> u.oidcUserService((OidcUserRequest request) -> {
                    OidcUser person = provider.loadUser(request);
                    String slug = request.getClientRegistration().getRegistrationId();
                    UUID ws = registrations
                            .workspaceOf(slug)
                            .orElseThrow(() -> new SsoSignIn.Refused(SsoSignIn.Reason.PROVIDER, null));
                    Tenancy.enter(ws);
                    return new SsoUser(person, signIn.admit(ws, person));
                }))
                .successHandler(this::signedIn)
                .failureHandler((request, response, exception) -> {
                    SsoSignIn.Reason reason = SsoSignIn.reasonOf(exception);
                    String email = exception instanceof SsoSignIn.Refused refused ? refused.email : null;
                    slugOf(request)
                            .flatMap(registrations::workspaceOf)
                            .ifPresent(ws -> audited(ws, request, reason, email));
                    response.sendRedirect("/login?sso=" + reason.key());
                }));
    }

    /**
     * A refusal counts as a failed sign-in of its client address, and of the workspace's single
     * sign-on for its reason class; it is audited unless one of them has failed too often: anyone may
     * call the callback, and must not be able to fill a workspace's audit log.
     */
    private void audited(UUID ws, HttpServletRequest request, SsoSignIn.Reason reason, String email) {
        String slug = slugOf(request).orElseThrow();
        Optional<Duration> wait =
                throttle.take(new LoginThrottle.Attempt(ws, slug + "/sso/" + reason.key(), request.getRemoteAddr()));
        if (wait.isEmpty()) {
            signIn.refused(ws, reason, email);
        }
    }

    private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        CurrentUser who = ((SsoUser) authentication.getPrincipal()).who;
        var signedIn = UsernamePasswordAuthenticationToken.authenticated(who, null, List.of());
        signedIn.setDetails(new WebSignIn.Details(slugOf(request).orElse(null), request.getRemoteAddr(), null));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(signedIn);
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
        request.getSession()
                .setAttribute(
                        ConsoleSession.TOKEN,
                        Tenancy.in(
                                who.workspaceId(), () -> tokens.issue(who.workspaceId(), who.id(), Tokens.Kind.SSO)));
        // Back to the page that sent the browser to sign in, as after a password.
        afterSignIn.onAuthenticationSuccess(request, response, signedIn);
    }

    private static Optional<String> slugOf(HttpServletRequest request) {
        String path = request.getServletPath();
        String prefix = CALLBACK + "/";
        return path.startsWith(prefix) && path.length() > prefix.length()
                ? Optional.of(path.substring(prefix.length()))
                : Optional.empty();
    }

    /**
     * PKCE ({@code S256}) on every request, and the e-mail the person typed as {@code login_hint}; a
     * workspace without a reachable provider starts nothing, and {@link SsoStart} answers instead.
     */
    private OAuth2AuthorizationRequestResolver resolver() {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, AUTHORIZE);
        resolver.setAuthorizationRequestCustomizer(
                OAuth2AuthorizationRequestCustomizers.withPkce().andThen(SsoLogin::loginHint));
        return new OAuth2AuthorizationRequestResolver() {
            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
                try {
                    return resolver.resolve(request);
                } catch (RuntimeException e) {
                    return null;
                }
            }

            @Override
            public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
                try {
                    return resolver.resolve(request, registrationId);
                } catch (RuntimeException e) {
                    return null;
                }
            }
        };
    }

    private static void loginHint(OAuth2AuthorizationRequest.Builder builder) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            String hint = attributes.getRequest().getParameter("login_hint");
            if (hint != null
                    && !hint.isBlank()
                    && hint.length() <= 254
                    && hint.chars().noneMatch(Character::isISOControl)) {
                builder.additionalParameters(p -> p.put("login_hint", hint.strip()));
            }
        }
    }

    /** The provider's tokens serve only to sign in: none is kept. */
    private static final OAuth2AuthorizedClientRepository NOT_KEPT = new OAuth2AuthorizedClientRepository() {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(
                String registrationId, Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(
                OAuth2AuthorizedClient client,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}

        @Override
        public void removeAuthorizedClient(
                String registrationId,
                Authentication principal,
                HttpServletRequest request,
                HttpServletResponse response) {}
    };
}
