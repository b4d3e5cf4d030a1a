package io.custodia.directory;

import io.custodia.platform.WorkspacePrincipal;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The signed-in user making the request. */
public record CurrentUser(UUID workspaceId, UUID id, String email, String name)
        implements WorkspacePrincipal, Serializable {
    public CurrentUser {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public UUID principalId() {
        return id;
    }

    @Override
    public String principalName() {
        return name;
    }
}
