package io.custodia.collaboration;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.ListAction;
import io.custodia.policy.ListLevel;
import io.custodia.policy.SystemPermission;
import io.custodia.records.SharedLists;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who sees and changes a shared list (access model section 7): its members, at their level, and
 * {@code users.manage} a list whose owner is deactivated. The list API and an access review
 * campaign's revocation of a membership both go through here.
 */
@Component
class ListAccess {
    private final SharedLists lists;
    private final AccessPolicies access;
    private final Users users;
    private final AuditLog audit;

    ListAccess(SharedLists lists, AccessPolicies access, Users users, AuditLog audit) {
        this.lists = lists;
        this.access = access;
        this.users = users;
        this.audit = audit;
    }

    /** The list as {@code GET /api/v1/lists/{id}} shows it to {@code me}, if it does. */
    Optional<SharedLists.SharedList> seen(WorkspacePrincipal me, UUID id) {
        return lists.visibleTo(me.workspaceId(), id, me.principalId()).or(() -> orphan(me, id));
    }

    /**
     * The lists among {@code ids} as {@link #seen(WorkspacePrincipal, UUID)} shows each, by id, in
     * one read of the lists {@code me} is on; only an orphan's adopter reads the others one by one.
     */
    Map<UUID, SharedLists.SharedList> seen(WorkspacePrincipal me, Collection<UUID> ids) {
        Set<UUID> wanted = new HashSet<>(ids);
        Map<UUID, SharedLists.SharedList> seen = new HashMap<>();
        lists.of(me.workspaceId(), me.principalId()).stream()
                .filter(l -> wanted.contains(l.id()))
                .forEach(l -> seen.put(l.id(), l));
        if (mayAdopt(me)) {
            wanted.stream()
                    .filter(id -> !seen.containsKey(id))
                    .forEach(id -> orphan(me, id).ifPresent(l -> seen.put(id, l)));
        }
        return seen;
    }

    SharedLists.SharedList onList(WorkspacePrincipal me, UUID id) {
        return lists.visibleTo(me.workspaceId(), id, me.principalId())
                .orElseThrow(() -> ApiProblem.notFound("list {0}", id));
    }

    /**
     * The list, when its owner is deactivated and the caller holds users.manage: the one case where
     * someone not on a list sees it (access-model, "Orphaned lists"); empty otherwise.
     */
    Optional<SharedLists.SharedList> orphan(WorkspacePrincipal me, UUID id) {
        if (!mayAdopt(me)) {
            return Optional.empty();
        }
        return lists.find(me.workspaceId(), id)
                .filter(l -> users.find(me.workspaceId(), l.ownerId())
                        .map(u -> u.status().equals("deactivated"))
                        .orElse(false));
    }

    boolean mayAdopt(WorkspacePrincipal me) {
        return access.accessOf(me.workspaceId(), me.principalId()).has(SystemPermission.USERS_MANAGE);
    }

    SharedLists.SharedList requireLevel(WorkspacePrincipal me, UUID id, ListAction action) {
        SharedLists.SharedList list = onList(me, id);
        if (!action.allowedAt(list.yourLevel())) {
            throw ApiProblem.forbiddenBecause(
                    "missing permission: list level {0} (you are {1})",
                    ProblemWords.listLevel(action.needs()), ProblemWords.listLevel(list.yourLevel()));
        }
        return list;
    }

    /**
     * Takes {@code userId} off the list, as {@code DELETE /api/v1/lists/{id}/members/{userId}} does:
     * checked with {@code me}'s level on the list, audited as {@code actor}'s (an access review
     * campaign's revocation is checked with the authority of whoever started it).
     */
    @Transactional
    void removeMember(WorkspacePrincipal me, AuditLog.Actor actor, UUID id, UUID userId) {
        // Anyone may leave a list; removing someone else takes MANAGER.
        SharedLists.SharedList list =
                userId.equals(me.principalId()) ? onList(me, id) : requireLevel(me, id, ListAction.SHARE);
        if (userId.equals(list.ownerId())) {
            throw ApiProblem.conflict("the owner cannot leave or be removed; transfer the list first");
        }
        ListLevel before = lists.levelOf(me.workspaceId(), id, userId)
                .orElseThrow(() -> ApiProblem.notFound("member {0} of list {1}", userId, id));
        lists.removeMember(me.workspaceId(), id, userId);
        audit.record(
                me.workspaceId(),
                actor,
                "list.member.removed",
                "list",
                id,
                Map.of("userId", userId, "level", before),
                null);
    }
}
