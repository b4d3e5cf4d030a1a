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

    /** One role reaching the user, through what, and until when (null: no end). */
    record Held(UUID roleId, String roleName, Source source, String through, Instant until) {}

    /** The assignments of the live policy; one that expires says "until" its end. */
    static List<Held> of(WorkspacePolicy policy, UserId user, Map<UUID, String> groupNames) {
        return policy.assignmentsOf(user).stream()
                .map(a -> new Held(
                        a.role().value(),
                        policy.roles().get(a.role()).name(),
                        a.source(),
                        describe(a.target(), groupNames) + until(a.expiresAt()),
                        a.expiresAt()))
                .toList();
    }

    /** How an end reads after a path ("until 2026-12-31T18:00:00Z"), or nothing for none. */
    static String until(Instant end) {
        return end == null ? "" : " until " + end;
    }

    static String describe(Assignment.Target target, Map<UUID, String> names) {
        if (target instanceof Assignment.ToUser) {
            return "personally";
        }
        if (target instanceof Assignment.ToDepartment d) {
            return "department " + names.get(d.department().value()) + subtree(d.includeSubdepartments());
        }
        if (target instanceof Assignment.ToDepartmentHeads h) {
            return "heads of " + names.get(h.department().value()) + subtree(h.includeSubdepartments());
        }
        if (target instanceof Assignment.ToTeam t) {
            return "team " + names.get(t.team().value());
        }
        return "everyone";
    }

    private static String subtree(boolean included) {
        return included ? " and its subdepartments" : "";
    }
}
