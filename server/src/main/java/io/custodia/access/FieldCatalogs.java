package io.custodia.access;

import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fields each workspace's records have, built-in and custom. The records feature implements
 * it; roles are validated against it, so a condition can only name a field that exists.
 */
public interface FieldCatalogs {
    FieldCatalog catalogOf(UUID workspaceId);

    /** Each select field's options, by entity and field key: a condition's value must be one of them. */
    Map<EntityType, Map<String, List<String>>> selectOptions(UUID workspaceId);
}
