package io.custodia.scim;

import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import java.util.Map;
import java.util.Set;

/**
 * The SDK's view of the caller: already authenticated by the SCIM token filter before the request
 * reaches the SDK, holding no SDK roles (every resource type is open to every live token).
 */
record ScimAuthorization(ScimClient client) implements Authorization {

    /** The client of a request's context. */
    static ScimClient clientOf(Context context) {
        return ((ScimAuthorization) context.getAuthorization()).client();
    }

    @Override
    public String getClientId() {
        return client.tokenId().toString();
    }

    @Override
    public Set<String> getClientRoles() {
        return Set.of();
    }

    @Override
    public boolean authenticate(Map<String, String> httpHeaders, Map<String, String> queryParams) {
        return true;
    }
}
