package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.Jobs;
import io.custodia.platform.ProblemText;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.Scope;
import java.util.Optional;

/**
 * What a long import checks at every step: that its user may still create and import records of
 * its type at all (each line is also checked with the user's access as it is at that step).
 */
final class ImportRights {
    private ImportRights() {}

    static Jobs.Check of(AccessPolicies access, WorkspacePrincipal me, RecordType type) {
        return () -> {
            CompiledAccess now = access.accessOf(me.workspaceId(), me.principalId());
            for (Action needed : new Action[] {Action.CREATE, Action.IMPORT}) {
                if (now.scope(type.entity(), needed) instanceof Scope.Nothing) {
                    return Optional.of(ProblemText.of(
                            "missing permission: {0}.{1}", type.entity().key(), needed.key()));
                }
            }
            return Optional.empty();
        };
    }
}
