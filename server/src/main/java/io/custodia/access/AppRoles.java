package io.custodia.access;

import io.custodia.policy.Role;
import java.util.Map;
import java.util.UUID;

/**
 * Roles held by principals that are not people: each authorised app's role, made from its scopes
 * by the integrations feature. They enter the compiled policy only, so no role editor reaches them;
 * whoever changes them bumps the access version like any access change.
 */
public interface AppRoles {

    /** Each app principal of the workspace with the role its current authorisation gives it. */
    Map<UUID, Role> rolesOf(UUID workspaceId);
}
