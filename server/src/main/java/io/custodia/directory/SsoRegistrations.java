package io.custodia.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custodia.platform.Sealing;
import io.custodia.platform.Tenancy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.stereotype.Component;

/**
 * Each workspace's provider as Spring Security's OAuth 2.0 client sees it, named by the workspace's
 * slug: its endpoints and keys read from its discovery document, kept ten minutes per stored
 * configuration (a new one is discovered afresh), its client secret opened only here.
 */
@Component
class SsoRegistrations implements ClientRegistrationRepository {
    private static final Logger log = LoggerFactory.getLogger(SsoRegistrations.class);
    static final Duration KEPT = Duration.ofMinutes(10);

    /** What a slug can be (sign-up's rule); anything else names no workspace and is not looked up. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private final Workspaces workspaces;
    private final SsoSettings settings;
    private final Sealing sealing;
    private final Cache<Discovered, ClientRegistration> discovered =
            Caffeine.newBuilder().expireAfterWrite(KEPT).maximumSize(10_000).build();

    SsoRegistrations(Workspaces workspaces, SsoSettings settings, Sealing sealing) {
        this.workspaces = workspaces;
        this.settings = settings;
        this.sealing = sealing;
    }

    /** A stored configuration: its workspace and when it was saved. */
    private record Discovered(UUID workspaceId, OffsetDateTime savedAt) {}

    /** The workspace a registration (a slug) names, when it has a provider. */
    Optional<UUID> workspaceOf(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            return Optional.empty();
        }
        return workspaces.idOf(slug);
    }

    /** The workspace's provider, or null when it has none or its discovery failed (logged). */
    @Override
    public ClientRegistration findByRegistrationId(String slug) {
        Optional<UUID> ws = workspaceOf(slug);
        if (ws.isEmpty()) {
            return null;
        }
        Optional<SsoSettings.Stored> stored = Tenancy.in(ws.get(), () -> settings.of(ws.get()));
        if (stored.isEmpty()) {
            return null;
        }
        SsoSettings.Stored s = stored.get();
        try {
            return discovered.get(
                    new Discovered(ws.get(), s.updatedAt()),
                    k -> ClientRegistrations.fromIssuerLocation(s.issuer())
                            .registrationId(slug)
                            .clientId(s.clientId())
                            .clientSecret(sealing.open(ws.get(), SsoConfiguration.SECRET_PURPOSE, s.sealedSecret()))
                            .scope("openid", "email", "profile")
                            .redirectUri("{baseUrl}" + SsoLogin.CALLBACK + "/{registrationId}")
                            .build());
        } catch (RuntimeException e) {
            // The provider is down, or its issuer is wrong: nobody signs in through it until it answers.
            log.warn(
                    "single sign-on of workspace {}: the provider at {} could not be discovered: {}",
                    ws.get(),
                    s.issuer(),
                    e.toString());
            return null;
        }
    }
}
