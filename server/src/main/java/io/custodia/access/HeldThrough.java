package io.custodia.access;

import io.custodia.policy.Assignment;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Source;
import io.custodia.policy.WorkspacePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which assignments give a user their roles, named as a person reads them ("heads of Vendas and its
 * subdepartments"): the group that brought each role, from the same policy the engine compiles.
 * Only the directory's names are told, which every member of the workspace may read.
 */
final class HeldThrough {
    private HeldThrough() {}

    /**
     * One role reaching the user, through what, and until when (null: no end). {@code through} is
     * the English sentence; {@code by} ({@code personally}, {@code department}, {@code heads},
     * {@code team}, {@code everyone}), {@code groupName} and {@code withSubdepartments} say the same
     * for a reader of another language.
     */
    record Held(
            UUID roleId,
            String roleName,
            Source source,
            String through,
            String by,
            String groupName,
            boolean withSubdepartments,
            Instant until) {}

    /** The assignments of the live policy; one that expires says "until" its end. */
    static List<Held> of(WorkspacePolicy policy, UserId user, Map<UUID, String> groupNames) {
        return policy.assignmentsOf(user).stream()
                .map(a -> held(a, policy.roles().get(a.role()).name(), groupNames))
                .toList();
    }

    private static Held held(Assignment a, String roleName, Map<UUID, String> names) {
        String by = "everyone";
        String group = null;
        boolean subtree = false;
        if (a.target() instanceof Assignment.ToUser) {
            by = "personally";
        } else if (a.target() instanceof Assignment.ToDepartment d) {
            by = "department";
            group = names.get(d.department().value());
            subtree = d.includeSubdepartments();
        } else if (a.target() instanceof Assignment.ToDepartmentHeads h) {
            by = "heads";
            group = names.get(h.department().value());
            subtree = h.includeSubdepartments();
        } else if (a.target() instanceof Assignment.ToTeam t) {
            by = "team";
            group = names.get(t.team().value());
        }
        String through = switch (by) {
                    case "personally", "everyone" -> by;
                    case "heads" -> "heads of " + group;
                    default -> by + " " + group;
                }
                + (subtree ? " and its subdepartments" : "")
                + (a.expiresAt() == null ? "" : " until " + a.expiresAt());
        return new Held(a.role().value(), roleName, a.source(), through, by, group, subtree, a.expiresAt());
    }
}
