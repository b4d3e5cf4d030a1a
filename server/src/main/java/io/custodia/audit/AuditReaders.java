package io.custodia.audit;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import org.springframework.stereotype.Component;

/** Refuses callers without {@code audit.read}. */
@Component
class AuditReaders {
    private final AuditPermission permission;

    AuditReaders(AuditPermission permission) {
        this.permission = permission;
    }

    void requireAuditRead(WorkspacePrincipal me) {
        if (!permission.mayReadAudit(me.workspaceId(), me.principalId())) {
            throw ApiProblem.forbidden("audit.read");
        }
    }
}
