package io.custodia.integrations;

import io.custodia.platform.WorkspacePrincipal;
import java.io.Serializable;
import java.util.Set;
import java.util.UUID;

/** An authorised app calling the API: its principal, and the scopes of the authorisation behind the token. */
record AppPrincipal(
        UUID workspaceId, UUID principalId, UUID appId, String appName, String authorizationId, Set<String> scopes)
        implements WorkspacePrincipal, Serializable {
    AppPrincipal {
        scopes = Set.copyOf(scopes);
    }

    @Override
    public String principalName() {
        return appName + " (integration)";
    }

    boolean holds(String scope) {
        return scopes.contains(scope);
    }
}
