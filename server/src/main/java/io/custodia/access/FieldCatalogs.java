package io.custodia.access;

import io.custodia.policy.FieldCatalog;
import java.util.UUID;

/**
 * The fields each workspace's records have, built-in and custom. The records feature implements
 * it; roles are validated against it, so a condition can only name a field that exists.
 */
public interface FieldCatalogs {
    FieldCatalog catalogOf(UUID workspaceId);
}
