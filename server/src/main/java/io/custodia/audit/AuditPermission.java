package io.custodia.audit;

import java.util.UUID;

/**
 * Whether a principal may read the audit log. The access feature implements it, since it owns
 * system permissions; the audit module only asks, so the two never depend on each other both ways.
 */
public interface AuditPermission {
    boolean mayReadAudit(UUID workspaceId, UUID principalId);
}
