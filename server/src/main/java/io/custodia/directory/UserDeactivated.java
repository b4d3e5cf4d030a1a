package io.custodia.directory;

import io.custodia.audit.AuditLog;
import java.util.UUID;

/**
 * A user was deactivated, within the transaction that did it: whatever else speaks for that user
 * (an app's authorisations, when the user is an app's principal) ends with it.
 */
public record UserDeactivated(UUID workspaceId, UUID userId, AuditLog.Actor by) {}
