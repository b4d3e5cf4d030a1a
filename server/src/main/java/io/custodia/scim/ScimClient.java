package io.custodia.scim;

import io.custodia.platform.WorkspacePrincipal;
import java.util.Objects;
import java.util.UUID;

/**
 * An identity provider calling with a SCIM token: it acts as the token (its id and name are the
 * audit log's actor), which holds no role and so can hand out no system permission.
 */
record ScimClient(UUID workspaceId, UUID tokenId, String tokenName) implements WorkspacePrincipal {
    ScimClient {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(tokenId, "tokenId");
    }

    @Override
    public UUID principalId() {
        return tokenId;
    }

    @Override
    public String principalName() {
        return "SCIM: " + tokenName;
    }
}
