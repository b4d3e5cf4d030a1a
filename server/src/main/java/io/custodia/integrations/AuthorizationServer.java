package io.custodia.integrations;

import io.custodia.access.AccessPolicies;
import io.custodia.directory.EndedSessions;
import io.custodia.directory.Tokens;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Spring Security's authorisation server for apps: authorisation code with PKCE, refresh, and
 * revocation (RFC 6749, 7636, 7009), with clients and authorisations in PostgreSQL per workspace.
 * Consent is asked every time, on Custodia's own page; only a holder of
 * {@code integrations.manage} can give it, and only for every scope the app asks.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServer {

    @Bean
    @Order(0)
    SecurityFilterChain authorizationServerEndpoints(
            HttpSecurity http, Apps apps, Authorizations authorizations, AccessPolicies access, Tokens tokens)
            throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(server.getEndpointsMatcher())
                // A browser's session whose sign-in token has ended (a deactivation) authorises nothing.
                .addFilterAfter(new EndedSessions(tokens), SecurityContextHolderFilter.class)
                .with(
                        server,
                        as -> as.registeredClientRepository(apps)
                                .authorizationService(authorizations)
                                .authorizationConsentService(new AskedEveryTime())
                                .tokenGenerator(authorizations)
                                // A rotated secret works alongside the new one during its overlap window.
                                .clientAuthentication(clients ->
                                        clients.authenticationProviders(providers -> providers.forEach(p -> {
                                            if (p instanceof ClientSecretAuthenticationProvider secrets) {
                                                secrets.setPasswordEncoder(AppSecrets.INSTANCE);
                                            }
                                        })))
                                .authorizationServerMetadataEndpoint(
                                        metadata -> metadata.authorizationServerMetadataCustomizer(
                                                AuthorizationServer::onlyWhatIsServed))
                                .authorizationEndpoint(endpoint -> endpoint.consentPage("/oauth2/consent")
                                        .authenticationProviders(providers -> providers.forEach(p -> {
                                            if (p
                                                    instanceof
                                                    OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
                                                request.setAuthorizationCodeGenerator(codes(authorizations));
                                            }
                                            if (p instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
                                                consent.setAuthorizationCodeGenerator(codes(authorizations));
                                                consent.setAuthorizationConsentCustomizer(
                                                        c -> onlyAdministratorsGrantEverything(c, access));
                                            }
                                        }))))
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                // A browser that is not signed in is sent to the sign-in page, and back afterwards.
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
        return http.build();
    }

    /** Authorisation codes from the same generator as tokens, so that they name their workspace too. */
    private static OAuth2TokenGenerator<OAuth2AuthorizationCode> codes(Authorizations authorizations) {
        return context -> (OAuth2AuthorizationCode) authorizations.generate(context);
    }

    /**
     * The issuer is the configured public address, never the request's {@code Host} header: a client
     * compares it with the address it was given, and a forged header must not change what the
     * metadata names.
     */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(
            @Value("${custodia.public-url:http://localhost:8080}") String publicUrl) {
        return AuthorizationServerSettings.builder()
                .issuer(publicUrl.replaceAll("/+$", ""))
                .build();
    }

    /** What every client may authenticate with at the token, revocation and introspection endpoints. */
    static final List<String> CLIENT_AUTHENTICATION = List.of(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
            ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue());

    /**
     * RFC 8414 metadata that advertises only what the server grants: the authorisation code with
     * PKCE ({@code S256}) and refresh, client secrets, the apps' scopes. Tokens are opaque, so there
     * is no key set; there is no device flow, DPoP or mutual TLS.
     */
    static void onlyWhatIsServed(OAuth2AuthorizationServerMetadata.Builder metadata) {
        metadata.claims(claims -> {
            claims.put(
                    OAuth2AuthorizationServerMetadataClaimNames.GRANT_TYPES_SUPPORTED,
                    List.of(
                            AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
                            AuthorizationGrantType.REFRESH_TOKEN.getValue()));
            claims.put(OAuth2AuthorizationServerMetadataClaimNames.RESPONSE_TYPES_SUPPORTED, List.of("code"));
            claims.put(OAuth2AuthorizationServerMetadataClaimNames.CODE_CHALLENGE_METHODS_SUPPORTED, List.of("S256"));
            claims.put(
                    OAuth2AuthorizationServerMetadataClaimNames.SCOPES_SUPPORTED,
                    IntegrationScope.values().stream()
                            .map(IntegrationScope::key)
                            .toList());
            claims.put(
                    OAuth2AuthorizationServerMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED,
                    CLIENT_AUTHENTICATION);
            claims.put(
                    OAuth2AuthorizationServerMetadataClaimNames.REVOCATION_ENDPOINT_AUTH_METHODS_SUPPORTED,
                    CLIENT_AUTHENTICATION);
            claims.put(
                    OAuth2AuthorizationServerMetadataClaimNames.INTROSPECTION_ENDPOINT_AUTH_METHODS_SUPPORTED,
                    CLIENT_AUTHENTICATION);
            claims.remove(OAuth2AuthorizationServerMetadataClaimNames.JWKS_URI);
            claims.remove(OAuth2AuthorizationServerMetadataClaimNames.DEVICE_AUTHORIZATION_ENDPOINT);
            claims.remove(OAuth2AuthorizationServerMetadataClaimNames.DPOP_SIGNING_ALG_VALUES_SUPPORTED);
            claims.remove(OAuth2AuthorizationServerMetadataClaimNames.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS);
            claims.remove(OAuth2AuthorizationServerMetadataClaimNames.PUSHED_AUTHORIZATION_REQUEST_ENDPOINT);
        });
    }

    /**
     * Refuses consent unless the user holds {@code integrations.manage} now and approves every scope
     * the app asked: never a partial grant. The refusal reaches the app as {@code access_denied},
     * and no code is issued.
     */
    static void onlyAdministratorsGrantEverything(
            OAuth2AuthorizationConsentAuthenticationContext context, AccessPolicies access) {
        Authentication user = (Authentication) context.getAuthentication().getPrincipal();
        OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
        Set<String> approved = new HashSet<>();
        context.getAuthorizationConsent()
                .authorities(authorities -> authorities.forEach(a -> {
                    if (a.getAuthority().startsWith("SCOPE_")) {
                        approved.add(a.getAuthority().substring("SCOPE_".length()));
                    }
                }));
        if (approved.isEmpty()) {
            return; // the user declined: the authorisation server answers access_denied itself
        }
        UUID appWorkspace = Apps.parse(context.getRegisteredClient().getId()).orElseThrow()[0];
        boolean administrator = user.getPrincipal() instanceof WorkspacePrincipal p
                && p.workspaceId().equals(appWorkspace)
                && access.has(p.workspaceId(), p.principalId(), SystemPermission.INTEGRATIONS_MANAGE);
        if (!administrator) {
            throw denied(request, user, "only a user with integrations.manage can authorise an app");
        }
        if (!approved.containsAll(request.getScopes())) {
            throw denied(request, user, "an app is authorised for every scope it asks, or not at all");
        }
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException denied(
            OAuth2AuthorizationRequest request, Authentication user, String why) {
        return new OAuth2AuthorizationCodeRequestAuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED, why, null),
                new OAuth2AuthorizationCodeRequestAuthenticationToken(
                        request.getAuthorizationUri(),
                        request.getClientId(),
                        user,
                        request.getRedirectUri(),
                        request.getState(),
                        request.getScopes(),
                        request.getAdditionalParameters()));
    }

    /**
     * Consent is never remembered: each authorisation is an administrator's explicit decision, on
     * record in the audit log.
     */
    static final class AskedEveryTime implements OAuth2AuthorizationConsentService {
        @Override
        public void save(OAuth2AuthorizationConsent consent) {}

        @Override
        public void remove(OAuth2AuthorizationConsent consent) {}

        @Override
        public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
            return null;
        }
    }
}
