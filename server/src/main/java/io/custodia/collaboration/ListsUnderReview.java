package io.custodia.collaboration;

import io.custodia.access.ReviewedGrants;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.records.SharedLists;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Memberships of shared lists as an access review campaign reviews them (access-model, "Access
 * review campaigns"): every live one but the owner's, which no one can take back. The item names
 * the list only to a reader who sees it as {@code GET /api/v1/lists/{id}} would; revoking one is
 * what {@code DELETE /api/v1/lists/{id}/members/{userId}} does.
 */
@Component
class ListsUnderReview implements ReviewedGrants {
    static final String TYPE = "list";

    private final SharedLists lists;
    private final ListAccess gate;

    ListsUnderReview(SharedLists lists, ListAccess gate) {
        this.lists = lists;
        this.gate = gate;
    }

    /** A membership as its grant id says it: {@code <listId>/<userId>}. */
    private record Membership(UUID listId, UUID userId) {
        static Membership of(String grantId) {
            String[] parts = grantId.split("/", -1);
            return new Membership(UUID.fromString(parts[0]), UUID.fromString(parts[1]));
        }
    }

    @Override
    public String kind() {
        return "list_membership";
    }

    @Override
    public List<Held> held(UUID workspaceId) {
        return lists.memberships(workspaceId).stream()
                .map(m -> new Held(
                        m.listId() + "/" + m.userId(), m.userId(), m.level().name(), m.expiresAt()))
                .toList();
    }

    @Override
    public Target on(String grantId) {
        return new Target(TYPE, Membership.of(grantId).listId(), null);
    }

    @Override
    public Map<String, Target> seenBy(WorkspacePrincipal reader, Collection<String> grantIds) {
        Map<UUID, SharedLists.SharedList> lists = gate.seen(
                reader, grantIds.stream().map(g -> Membership.of(g).listId()).toList());
        Map<String, Target> seen = new HashMap<>();
        for (String grantId : grantIds) {
            SharedLists.SharedList list = lists.get(Membership.of(grantId).listId());
            seen.put(grantId, list == null ? Target.unseen(TYPE) : new Target(TYPE, list.id(), list.name()));
        }
        return seen;
    }

    @Override
    public void revoke(WorkspacePrincipal authority, AuditLog.Actor actor, String grantId) {
        Membership membership = Membership.of(grantId);
        // INVARIANT: the reason a refusal leaves on the item names no list, since its reviewer may
        // not see it: the normal path's 404 quotes the list's id.
        if (lists.visibleTo(authority.workspaceId(), membership.listId(), authority.principalId())
                .isEmpty()) {
            throw ApiProblem.forbiddenBecause("whoever started the access review is not on this list");
        }
        try {
            gate.removeMember(authority, actor, membership.listId(), membership.userId());
        } catch (ApiProblem refused) {
            if (refused.status() == HttpStatus.NOT_FOUND) {
                throw ApiProblem.conflict("the membership is gone");
            }
            throw refused;
        }
    }
}
