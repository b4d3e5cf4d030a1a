package io.custodia.integrations;

import io.custodia.access.AppRoles;
import io.custodia.access.LiveAppConsents;
import io.custodia.directory.AppTokens;
import io.custodia.directory.Users;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * How an authorised app is known and what it may do: its access token names the live
 * authorisation, and its principal holds the role its consented scopes make. Neither depends on
 * who consented, so an authorisation outlives that person's deactivation.
 */
@Component
class AppAccess implements AppTokens, AppRoles, LiveAppConsents {
    private final Authorizations authorizations;
    private final Apps apps;
    private final Users users;

    AppAccess(Authorizations authorizations, Apps apps, Users users) {
        this.authorizations = authorizations;
        this.apps = apps;
        this.users = users;
    }

    @Override
    public Optional<WorkspacePrincipal> authenticate(String token) {
        return authorizations
                .active(token)
                .flatMap(active -> apps.find(active.workspaceId(), active.appId())
                        .filter(app -> users.find(app.workspaceId(), app.principalId())
                                .map(u -> "active".equals(u.status()))
                                .orElse(false))
                        .map(app -> new AppPrincipal(
                                app.workspaceId(),
                                app.principalId(),
                                app.id(),
                                app.name(),
                                active.authorizationId(),
                                app.narrow(active.scopes()))));
    }

    @Override
    public Map<UUID, Role> rolesOf(UUID workspaceId) {
        Map<UUID, Role> roles = new HashMap<>();
        authorizations
                .liveScopes(workspaceId)
                .forEach((appId, scopes) -> apps.find(workspaceId, appId)
                        .ifPresent(app -> roles.put(
                                app.principalId(), IntegrationScope.roleOf(app.id(), app.name(), app.narrow(scopes)))));
        return roles;
    }

    @Override
    public Set<UUID> authorisersOfLiveApps(UUID workspaceId) {
        return authorizations.authorisersOfLive(
                workspaceId, apps.all(workspaceId).stream().map(Apps.App::id).toList());
    }

    @Override
    public List<AuthorisedApp> liveAppsAuthorisedBy(UUID workspaceId, UUID userId) {
        Set<UUID> consented = authorizations.liveConsentsOf(workspaceId, userId);
        return apps.all(workspaceId).stream()
                .filter(app -> consented.contains(app.id()))
                .map(app -> new AuthorisedApp(app.id(), app.name()))
                .toList();
    }
}
