package io.custodia.access;

import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What access insight needs of records, implemented by the records feature: one record's facts,
 * and counts of records inside one scope and outside another.
 */
public interface RecordLookup {

    /** The record's facts, if it exists and {@code visibleTo} (the caller's read scope) admits it. */
    Optional<RecordFacts> facts(UUID workspaceId, EntityType entity, UUID id, Scope visibleTo);

    /**
     * The records as {@code reader} may see them (hidden fields left out, the same shape as the
     * records API answers), by id; records that do not exist or that the reader may not read are absent.
     */
    Map<UUID, Map<String, Object>> views(
            UUID workspaceId, EntityType entity, Collection<UUID> ids, CompiledAccess reader);

    /** Whether the id names a deal stage of one of the workspace's pipelines. */
    boolean stageExists(UUID workspaceId, UUID stageId);

    /** How many live records (of every type) the user owns. */
    long countOwnedBy(UUID workspaceId, UUID ownerId);

    /** How many shared lists the user owns. */
    long countListsOwnedBy(UUID workspaceId, UUID ownerId);

    /** How many records {@code inside} admits and {@code outside} does not. */
    default long countInsideNotOutside(UUID workspaceId, EntityType entity, Scope inside, Scope outside) {
        return countInsideNotOutside(
                workspaceId, entity, inside, UnaryOperator.identity(), outside, UnaryOperator.identity());
    }

    /**
     * The same, each scope said over the workspace's keys as {@code insideAs} and {@code outsideAs}
     * change them: a simulation's scope is said over the departments it simulates, not the real ones.
     */
    long countInsideNotOutside(
            UUID workspaceId,
            EntityType entity,
            Scope inside,
            UnaryOperator<OwnerUnits.Keys> insideAs,
            Scope outside,
            UnaryOperator<OwnerUnits.Keys> outsideAs);

    /** When the record's share with the user ends, if it has a live share that expires. */
    Optional<Instant> shareEnd(UUID workspaceId, EntityType entity, UUID id, UUID userId);

    /** Shares one record with one user (replacing any share it had), as {@code by}. */
    void share(UUID workspaceId, EntityType entity, UUID id, UUID userId, ShareLevel level, UUID by);
}
