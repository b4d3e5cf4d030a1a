package io.custodia.access;

import io.custodia.policy.ConflictRule;
import io.custodia.policy.Organization;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the access feature needs of the directory's tables, implemented by the directory (which owns
 * them and depends on this feature, so the arrow is turned around here): the organisation snapshot
 * that policies compile, who and what exists, and who is active.
 */
public interface DirectoryFacts {

    /** The workspace's departments (with their parents), memberships, teams and team members, read now. */
    Organization organization(UUID workspaceId);

    /** How the workspace resolves conflicting roles (the workspace's setting). */
    ConflictRule conflictRule(UUID workspaceId);

    /** The names of the workspace's departments and teams, by id (what explanations call a group). */
    Map<UUID, String> groupNames(UUID workspaceId);

    boolean userExists(UUID workspaceId, UUID userId);

    boolean departmentExists(UUID workspaceId, UUID departmentId);

    boolean teamExists(UUID workspaceId, UUID teamId);

    /** Every user of the workspace (people and apps), ordered by e-mail. */
    List<User> users(UUID workspaceId);

    /** The active people (not apps) of the workspace. */
    Set<UUID> activePeople(UUID workspaceId);

    /** Each department's members, by department id (departments without members absent). */
    Map<UUID, Set<UUID>> membersByDepartment(UUID workspaceId);

    /** The department whose unit key the user's records carry: the first of the user's departments by id, or null. */
    UUID firstDepartmentOf(UUID workspaceId, UUID userId);

    record User(UUID id, String email, String name, String status, OffsetDateTime lastSignInAt) {}
}
