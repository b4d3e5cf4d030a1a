package io.custodia.directory;

import io.custodia.platform.WorkspacePrincipal;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * The signed-in user making the request. {@code enrolmentOnly}: signed in without the second factor
 * the workspace requires of them (they have none yet), so they may do nothing but enrol one.
 */
public record CurrentUser(UUID workspaceId, UUID id, String email, String name, boolean enrolmentOnly)
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
