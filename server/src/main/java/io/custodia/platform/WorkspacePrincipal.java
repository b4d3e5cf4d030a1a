package io.custodia.platform;

import java.util.UUID;

/** Who is calling: the workspace and the acting principal (a user, later also an integration). */
public interface WorkspacePrincipal {
    UUID workspaceId();

    UUID principalId();

    /** A name to show in the audit log. */
    String principalName();

    /** The app calling on the principal's behalf, or null when the principal calls itself. */
    default UUID appId() {
        return null;
    }
}
