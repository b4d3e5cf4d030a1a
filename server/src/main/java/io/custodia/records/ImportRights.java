package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.Jobs;
import io.custodia.platform.ProblemText;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.CompiledAccess;

/**
 * What a long import checks at every step: that its user may still create and import records of
 * its type at all (each line is also checked with the user's access as it is at that step).
 */
final class ImportRights {
    private ImportRights() {}

    static Jobs.Check of(AccessPolicies access, WorkspacePrincipal me, RecordType type) {
        return () -> {
            CompiledAccess now = access.accessOf(me.workspaceId(), me.principalId());
            return TypeRights.importLacks(now, type)
                    .map(needed -> ProblemText.of(
                            "missing permission: {0}.{1}", type.entity().key(), needed.key()));
        };
    }
}
