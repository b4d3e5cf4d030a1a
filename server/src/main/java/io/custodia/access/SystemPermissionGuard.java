package io.custodia.access;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Assignment;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.SystemPermission;
import io.custodia.policy.WorkspacePolicy;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Who may hand out system permissions (docs/access-model.md, "Who may hand out what"): nobody gives
 * a permission they do not hold, and no change takes a system permission from its last active
 * holder (a permission nobody holds could never be given again). A change that may alter who holds what
 * takes {@link #before} (or {@link #beforeMembership}) first and calls {@link #check} after it, in
 * its transaction.
 */
@Service
public class SystemPermissionGuard {
    private final DirectoryFacts directory;
    private final AccessPolicies access;

    SystemPermissionGuard(DirectoryFacts directory, AccessPolicies access) {
        this.directory = directory;
        this.access = access;
    }

    /**
     * Which active person holds which system permissions, before a change (null when the change
     * cannot alter it): now ({@code held}), and for good ({@code lasting}: through assignments that do
     * not expire), which is what the last-holder rule keeps (access-model, "Grants that expire").
     */
    public record Holders(
            UUID workspaceId, Map<UUID, Set<SystemPermission>> held, Map<UUID, Set<SystemPermission>> lasting) {}

    /** The groups a change of membership is about. */
    public enum Group {
        DEPARTMENT,
        TEAM;

        boolean of(Assignment a) {
            return this == DEPARTMENT
                    ? a.target() instanceof Assignment.ToDepartment
                            || a.target() instanceof Assignment.ToDepartmentHeads
                    : a.target() instanceof Assignment.ToTeam;
        }
    }

    /**
     * The system permissions that roles given to everyone hold: whoever is created in the workspace
     * holds them from the start, so whoever creates someone must hold them too.
     */
    public Set<SystemPermission> givenToEveryone(UUID workspaceId) {
        WorkspacePolicy policy = access.policyOf(workspaceId);
        Set<SystemPermission> given = EnumSet.noneOf(SystemPermission.class);
        policy.assignments().stream()
                .filter(a -> a.target() instanceof Assignment.ToEveryone)
                .forEach(a -> given.addAll(policy.roles().get(a.role()).system()));
        return given;
    }

    /**
     * Refuses (403) a principal that lacks any of these permissions: whoever hands out a role, or
     * changes one, must hold every system permission it holds.
     */
    public void requireHeld(WorkspacePrincipal me, Collection<SystemPermission> permissions, String why) {
        Set<SystemPermission> mine =
                access.accessOf(me.workspaceId(), me.principalId()).systemPermissions();
        List<String> missing = permissions.stream()
                .filter(p -> !mine.contains(p))
                .sorted()
                .map(SystemPermission::key)
                .toList();
        if (!missing.isEmpty()) {
            throw ApiProblem.forbiddenBecause(
                    "missing permission: {0} ({1}; nobody hands out a permission they do not hold)",
                    String.join(", ", missing), ProblemText.of(why));
        }
    }

    /** Who holds what now, read afresh: what {@link #check} compares the change with. */
    public Holders before(UUID workspaceId) {
        WorkspacePolicy now = access.readNow(workspaceId);
        return new Holders(workspaceId, held(workspaceId, now), held(workspaceId, lasting(now)));
    }

    /**
     * Waits for every other access change of the workspace to end, and holds them off until this
     * transaction ends: a change of who is active (a deactivation, an offboarding, which checks its
     * successor is active) then never runs beside another that reads the same people.
     */
    public void lockWorkspace(UUID workspaceId) {
        access.lock(workspaceId);
    }

    /**
     * As {@link #before}, for a change of one person's status; null (nothing to check) when it
     * deactivates someone who holds no system permission: that takes no permission's last holder
     * and gives nobody anything, and spares a deactivation the workspace-wide comparison.
     */
    public Holders beforeStatusChange(UUID workspaceId, UUID userId, String status) {
        boolean holdsNone =
                access.accessOf(workspaceId, userId).systemPermissions().isEmpty();
        return status.equals("deactivated") && holdsNone ? null : before(workspaceId);
    }

    /**
     * As {@link #before}, for a change of a group's members (or of a department's place in the tree);
     * null (nothing to check) when no role holding a system permission is given to a group of that
     * kind, which is most workspaces' case and keeps a move as cheap as it was.
     */
    public Holders beforeMembership(UUID workspaceId, Group group) {
        WorkspacePolicy policy = access.policyOf(workspaceId);
        boolean empowered = policy.assignments().stream()
                .filter(group::of)
                .anyMatch(a -> !policy.roles().get(a.role()).system().isEmpty());
        return empowered ? before(workspaceId) : null;
    }

    /**
     * After the change, in its transaction: refuses it (403) if it gave anyone a system permission
     * its author does not hold, and (409) if it left a system permission that an active user held
     * before without any active holder. Locks the workspace first, so two changes that
     * each remove one of the last two holders are checked one after the other, the second seeing the
     * first.
     */
    public void check(WorkspacePrincipal me, Holders before) {
        if (before == null) {
            return;
        }
        UUID ws = before.workspaceId();
        access.lock(ws);
        WorkspacePolicy now = access.readNow(ws);
        Map<UUID, Set<SystemPermission>> after = held(ws, now);
        Set<SystemPermission> mine = before.held().getOrDefault(me.principalId(), Set.of());
        after.forEach((user, permissions) -> {
            Set<SystemPermission> gained = EnumSet.noneOf(SystemPermission.class);
            gained.addAll(permissions);
            gained.removeAll(before.held().getOrDefault(user, Set.of()));
            gained.removeAll(mine);
            if (!gained.isEmpty()) {
                throw ApiProblem.forbiddenBecause(
                        "missing permission: {0} (this change would give it to user {1}; nobody hands out a permission they do not hold)",
                        gained.stream().map(SystemPermission::key).collect(Collectors.joining(", ")), user);
            }
        });
        // INVARIANT: the set of permissions some active person holds for good never shrinks, since
        // nobody may hand out what they do not hold: a permission lost here would be lost for good,
        // and one held only until an expiry would be lost then, with no change to refuse.
        Set<SystemPermission> orphaned = heldByAnyone(before.lasting());
        orphaned.removeAll(heldByAnyone(held(ws, lasting(now))));
        if (!orphaned.isEmpty()) {
            throw ApiProblem.conflict(
                    "this change would leave no active user holding {0}; give them to someone else first",
                    orphaned.stream().map(SystemPermission::key).collect(Collectors.joining(", ")));
        }
    }

    /** The policy with only the assignments that do not expire. */
    private static WorkspacePolicy lasting(WorkspacePolicy policy) {
        return policy.withAssignments(
                policy.assignments().stream().filter(a -> a.expiresAt() == null).toList());
    }

    private static Set<SystemPermission> heldByAnyone(Map<UUID, Set<SystemPermission>> held) {
        Set<SystemPermission> all = EnumSet.noneOf(SystemPermission.class);
        held.values().forEach(all::addAll);
        return all;
    }

    /** The system permissions of every active person who holds any, as the engine compiles them. */
    private Map<UUID, Set<SystemPermission>> held(UUID workspaceId, WorkspacePolicy policy) {
        List<Assignment> empowering = policy.assignments().stream()
                .filter(a -> !policy.roles().get(a.role()).system().isEmpty())
                .toList();
        Map<UUID, Set<SystemPermission>> held = new HashMap<>();
        if (empowering.isEmpty()) {
            return held;
        }
        Set<UUID> active = directory.activePeople(workspaceId);
        for (UUID user : active) {
            UserId id = new UserId(user);
            if (empowering.stream().anyMatch(a -> a.reaches(id, policy.organization()))) {
                Set<SystemPermission> permissions = policy.compile(id).systemPermissions();
                if (!permissions.isEmpty()) {
                    held.put(user, permissions);
                }
            }
        }
        return held;
    }
}
