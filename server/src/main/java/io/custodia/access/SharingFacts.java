package io.custodia.access;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the unit keys ({@link OwnerUnits}) need of the share and shared-list tables, implemented by
 * the records feature, which owns sharing (ADR 0007): who holds shares and lists, and a lock that
 * keeps one held share or membership from being removed while a new one is given.
 */
public interface SharingFacts {

    /** Each user's record types with a share, read as a loose index scan. */
    Map<UUID, Set<String>> sharesHeld(UUID workspaceId);

    /** The users on at least one shared list, read as a loose index scan. */
    Set<UUID> onLists(UUID workspaceId);

    /** Locks one share of the type the user holds against deletion until the transaction ends; false when none. */
    boolean lockOneShare(UUID workspaceId, UUID userId, String recordType);

    /** Locks one list membership of the user against deletion until the transaction ends; false when none. */
    boolean lockOneMembership(UUID workspaceId, UUID userId);
}
