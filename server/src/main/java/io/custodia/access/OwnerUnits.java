package io.custodia.access;

import static io.custodia.platform.db.Tables.USER_UNIT;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custodia.policy.LayeredMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/**
 * Which department each user's records are keyed by (their unit), so that a department's list
 * reads one index range instead of every member's records. A user's unit is their first
 * department by id. Changing a user's departments only marks them unsettled, in the request: lists
 * then reach that user's records by owner until {@code records} has rewritten the key on their
 * rows in the background. So a move costs the same whatever the user owns, and lists are right on
 * the very next request.
 *
 * <p>Record writes and unit changes of the same user are serialised by a transaction-scoped
 * advisory lock, so no record is written with a unit that a concurrent move has just replaced.
 */
@Service
public class OwnerUnits {
    private final DSLContext db;
    private final AccessPolicies policies;
    private final DirectoryFacts directory;
    private final SharingFacts sharing;
    private final OwnerOverlays overlays;
    private final Cache<UUID, Versioned> keys = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    OwnerUnits(
            DSLContext db,
            AccessPolicies policies,
            DirectoryFacts directory,
            SharingFacts sharing,
            OwnerOverlays overlays) {
        this.db = db;
        this.policies = policies;
        this.directory = directory;
        this.sharing = sharing;
        this.overlays = overlays;
    }

    /**
     * What the scope translator needs from the workspace beyond the scope: each user's unit, the
     * users whose rows may still carry another one, each department's members, the record types
     * each user holds shares of, and the users on a shared list. A change to them copies only
     * what it changes (the maps are layered), so catching up with a move does not copy every
     * user's entry on every node.
     *
     * <p>{@code sharesHeld} may name a type whose last share with the user is gone, and {@code
     * onLists} someone who has left their last list (only a reload forgets), never the reverse:
     * leaving out the share or list branch for a user they do not name is exact.
     *
     * <p>{@code overlay} maps each person being offboarded to their successor (docs/access-model.md,
     * "Offboarding"): every record whose row still names the person is the successor's, for every
     * read, until the job has moved the last row. A successor is never a key of it (chains are
     * refused), so one look-up gives the effective owner.
     */
    public record Keys(
            LayeredMap<UUID, UUID> unitOf,
            Set<UUID> unsettled,
            LayeredMap<UUID, Set<UUID>> membersOf,
            LayeredMap<UUID, Set<String>> sharesHeld,
            Set<UUID> onLists,
            Map<UUID, UUID> overlay) {
        public Keys {
            Objects.requireNonNull(unitOf);
            Objects.requireNonNull(membersOf);
            Objects.requireNonNull(sharesHeld);
            unsettled = Set.copyOf(unsettled);
            onLists = Set.copyOf(onLists);
            overlay = Map.copyOf(overlay);
        }

        /** Keys holding copies of these entries. */
        public static Keys of(
                Map<UUID, UUID> unitOf,
                Set<UUID> unsettled,
                Map<UUID, Set<UUID>> membersOf,
                Map<UUID, Set<String>> sharesHeld,
                Set<UUID> onLists) {
            return new Keys(
                    LayeredMap.of(unitOf),
                    unsettled,
                    LayeredMap.of(copied(membersOf)),
                    LayeredMap.of(copied(sharesHeld)),
                    onLists,
                    Map.of());
        }

        /** These keys with this owner overlay (person to successor) instead of theirs. */
        public Keys withOverlay(Map<UUID, UUID> overlay) {
            return new Keys(unitOf, unsettled, membersOf, sharesHeld, onLists, overlay);
        }

        /**
         * These keys as if the user were a member of exactly these departments (a simulated change
         * of departments): the user counts as unsettled, so their records are reached by owner in
         * each of those departments and by no unit key, whatever their rows carry.
         */
        public Keys asMemberOf(UUID user, Set<UUID> departments) {
            LayeredMap<UUID, Set<UUID>> members = membersOf;
            Set<UUID> touched = new HashSet<>(departments);
            membersOf.forEach((department, users) -> {
                if (users.contains(user)) {
                    touched.add(department);
                }
            });
            for (UUID department : touched) {
                Set<UUID> then = new HashSet<>(membersOf.getOrDefault(department, Set.of()));
                if (departments.contains(department)) {
                    then.add(user);
                } else {
                    then.remove(user);
                }
                members = members.with(department, Set.copyOf(then));
            }
            Set<UUID> stillMoving = new HashSet<>(unsettled);
            stillMoving.add(user);
            return new Keys(unitOf, stillMoving, members, sharesHeld, onLists, overlay);
        }

        /** Who owns a record whose row names this owner: the successor while an overlay names them. */
        public UUID ownerOf(UUID stored) {
            return stored == null ? null : overlay.getOrDefault(stored, stored);
        }

        /** The people whose rows are read as this user's, in a stable order (none but while offboardings run). */
        public Set<UUID> overlaidOnto(UUID userId) {
            Set<UUID> from = new TreeSet<>();
            overlay.forEach((person, successor) -> {
                if (successor.equals(userId)) {
                    from.add(person);
                }
            });
            return from;
        }

        /**
         * Whether records of this type may reach the user through shared lists: contacts (the only
         * records lists hold), for someone who may be on a list.
         */
        public boolean onAList(UUID userId, String recordType) {
            return recordType.equals("contact") && onLists.contains(userId);
        }

        /** Whether records of this type may be shared with the user. */
        public boolean holdsShares(UUID userId, String recordType) {
            return sharesHeld.getOrDefault(userId, Set.of()).contains(recordType);
        }

        private static <T> Map<UUID, Set<T>> copied(Map<UUID, Set<T>> sets) {
            Map<UUID, Set<T>> copy = new HashMap<>();
            sets.forEach((k, set) -> copy.put(k, Set.copyOf(set)));
            return copy;
        }
    }

    /** The workspace's keys as of its current access version. */
    public Keys keysOf(UUID workspaceId) {
        if (policies.changedInThisTransaction(workspaceId)) {
            return load(workspaceId);
        }
        long version = policies.currentVersion(workspaceId);
        Versioned cached = keys.getIfPresent(workspaceId);
        if (cached != null && cached.version() == version) {
            return cached.keys();
        }
        Keys loaded = cached == null
                ? load(workspaceId)
                : policies.changesBetween(workspaceId, cached.version(), version)
                        .flatMap(between -> applied(cached.keys(), between))
                        .orElseGet(() -> load(workspaceId));
        keys.put(workspaceId, new Versioned(version, loaded));
        return loaded;
    }

    /**
     * Recomputes the user's unit after their departments changed, inside that transaction; when it
     * moves, the user is unsettled until their rows are rewritten. Costs the same whatever they own.
     */
    public void reassess(UUID workspaceId, UUID userId) {
        lockExclusive(workspaceId, userId);
        UUID unit = directory.firstDepartmentOf(workspaceId, userId);
        db.insertInto(USER_UNIT)
                .set(USER_UNIT.WORKSPACE_ID, workspaceId)
                .set(USER_UNIT.USER_ID, userId)
                .set(USER_UNIT.UNIT_ID, unit)
                // Rows written before this user had a unit row carry none.
                .set(USER_UNIT.SETTLED, unit == null)
                .set(USER_UNIT.GENERATION, 1L)
                .onConflict(USER_UNIT.WORKSPACE_ID, USER_UNIT.USER_ID)
                .doUpdate()
                .set(USER_UNIT.UNIT_ID, unit)
                .set(USER_UNIT.SETTLED, false)
                .set(USER_UNIT.GENERATION, USER_UNIT.GENERATION.plus(1))
                .where(USER_UNIT.UNIT_ID.isDistinctFrom(unit))
                .returning(USER_UNIT.UNIT_ID, USER_UNIT.SETTLED)
                .fetchOptional()
                // An unchanged unit writes no row and changes nothing the caches hold.
                .ifPresent(row -> policies.changed(
                        workspaceId, new AccessChange.Unit(userId, row.getUnitId(), row.getSettled())));
    }

    /**
     * Makes the workspace's lists of this type look for records shared with the user; call in the
     * transaction that shares one with them, before the share is written. Only a user's first
     * share of a type changes the access version: one they hold already is locked until this
     * transaction ends, so it cannot be unshared in between and leave a reload of the keys finding
     * neither.
     */
    public void shareGiven(UUID workspaceId, UUID userId, String recordType) {
        if (!sharing.lockOneShare(workspaceId, userId, recordType)) {
            policies.changed(workspaceId, new AccessChange.ShareHeld(userId, recordType));
        }
    }

    /**
     * Makes the workspace's contact lists look for contacts on shared lists of the user; call in
     * the transaction that puts them on a list, before the membership is written. As for shares,
     * only a user's first list changes the access version, and a membership they hold already is
     * locked until this transaction ends.
     */
    public void listJoined(UUID workspaceId, UUID userId) {
        if (!sharing.lockOneMembership(workspaceId, userId)) {
            policies.changed(workspaceId, new AccessChange.ListJoined(userId));
        }
    }

    /** A user whose records may carry another unit than theirs, as of one generation. */
    public record Unsettled(UUID workspaceId, UUID userId, UUID unitId, long generation) {}

    /** Users whose rows are still being rewritten, oldest first. */
    public List<Unsettled> unsettled(int limit) {
        return db.select(USER_UNIT.WORKSPACE_ID, USER_UNIT.USER_ID, USER_UNIT.UNIT_ID, USER_UNIT.GENERATION)
                .from(USER_UNIT)
                .where(USER_UNIT.SETTLED.isFalse())
                .limit(limit)
                .fetch(r -> new Unsettled(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * Marks the user settled if nothing moved them since {@code generation}; call in a transaction
     * that has just checked, under {@link #lockExclusive}, that all their rows carry the unit.
     */
    public boolean settle(Unsettled user) {
        boolean settled = db.update(USER_UNIT)
                        .set(USER_UNIT.SETTLED, true)
                        .where(USER_UNIT.WORKSPACE_ID.eq(user.workspaceId()))
                        .and(USER_UNIT.USER_ID.eq(user.userId()))
                        .and(USER_UNIT.GENERATION.eq(user.generation()))
                        .execute()
                == 1;
        if (settled) {
            // Lists may now read this user's rows through the key again.
            policies.changed(user.workspaceId(), unitRowOf(user.workspaceId(), user.userId()));
        }
        return settled;
    }

    /** The unit to store on a record owned by this user; call in the writing transaction. */
    public Field<UUID> unitForWriteOf(UUID workspaceId, UUID ownerId) {
        lockShared(workspaceId, ownerId);
        return DSL.field(DSL.select(USER_UNIT.UNIT_ID)
                .from(USER_UNIT)
                .where(USER_UNIT.WORKSPACE_ID.eq(workspaceId))
                .and(USER_UNIT.USER_ID.eq(ownerId)));
    }

    /**
     * For a bulk insert from a staging table aliased {@code staged}, with {@code workspace_id} and
     * {@code owner_id} columns: the select list's unit column and the join that gives it (after
     * {@link #lockSharedAll}), so that records does not name the unit table in its SQL.
     */
    public static String stagedUnitColumn() {
        return "uu." + USER_UNIT.UNIT_ID.getName();
    }

    /** The join of {@link #stagedUnitColumn()}. */
    public static String stagedUnitJoin(String staged) {
        return " left join " + USER_UNIT.getName() + " uu on uu.workspace_id = " + staged
                + ".workspace_id and uu.user_id = " + staged + ".owner_id";
    }

    /** Holds back moves of these owners until the writing transaction ends. */
    public void lockSharedAll(UUID workspaceId, Set<UUID> owners) {
        owners.stream()
                .map(OwnerUnits::bucket)
                .distinct()
                .sorted()
                .forEach(bucket -> lock("pg_advisory_xact_lock_shared", workspaceId, bucket));
    }

    public void lockExclusive(UUID workspaceId, UUID userId) {
        lock("pg_advisory_xact_lock", workspaceId, bucket(userId));
    }

    private void lockShared(UUID workspaceId, UUID userId) {
        lock("pg_advisory_xact_lock_shared", workspaceId, bucket(userId));
    }

    /**
     * Users share 1,024 lock buckets per workspace, so an import touching thousands of owners takes
     * at most that many locks; two users in one bucket only wait for each other a little.
     */
    private static int bucket(UUID userId) {
        return userId.hashCode() & 1023;
    }

    private void lock(String function, UUID workspaceId, int bucket) {
        db.select(DSL.function(
                        function,
                        Object.class,
                        DSL.function(
                                "hashtextextended",
                                Long.class,
                                DSL.val("unit:" + workspaceId + ":" + bucket),
                                DSL.inline(0L))))
                .fetch();
    }

    /**
     * The keys after the changes, when each is a membership, a unit row, a share held, a list
     * joined or an owner overlay; empty otherwise.
     */
    static Optional<Keys> applied(Keys keys, List<AccessChange> changes) {
        LayeredMap<UUID, UUID> unitOf = keys.unitOf();
        Set<UUID> unsettled = keys.unsettled();
        LayeredMap<UUID, Set<UUID>> membersOf = keys.membersOf();
        LayeredMap<UUID, Set<String>> sharesHeld = keys.sharesHeld();
        Set<UUID> onLists = keys.onLists();
        Map<UUID, UUID> overlay = keys.overlay();
        for (AccessChange change : changes) {
            if (change instanceof AccessChange.Overlay o) {
                Map<UUID, UUID> next = new HashMap<>(overlay);
                if (o.to() == null) {
                    next.remove(o.from());
                } else {
                    next.put(o.from(), o.to());
                }
                overlay = next;
                continue;
            }
            if (change instanceof AccessChange.ListJoined joined) {
                if (!onLists.contains(joined.userId())) {
                    Set<UUID> more = new HashSet<>(onLists);
                    more.add(joined.userId());
                    onLists = more;
                }
                continue;
            }
            if (change instanceof AccessChange.ShareHeld held) {
                Set<String> types = sharesHeld.getOrDefault(held.userId(), Set.of());
                if (!types.contains(held.recordType())) {
                    Set<String> more = new HashSet<>(types);
                    more.add(held.recordType());
                    sharesHeld = sharesHeld.with(held.userId(), Set.copyOf(more));
                }
                continue;
            }
            if (change instanceof AccessChange.Membership m) {
                Set<UUID> members = new HashSet<>(membersOf.getOrDefault(m.departmentId(), Set.of()));
                if (m.member()) {
                    members.add(m.userId());
                } else {
                    members.remove(m.userId());
                }
                membersOf = members.isEmpty()
                        ? membersOf.without(m.departmentId())
                        : membersOf.with(m.departmentId(), Set.copyOf(members));
            } else if (change instanceof AccessChange.Unit u) {
                unitOf = u.unitId() == null ? unitOf.without(u.userId()) : unitOf.with(u.userId(), u.unitId());
                // The set is copied only when the user's state in it changes (settled but listed,
                // or unsettled but not): a change heard twice then costs nothing.
                if (u.settled() == unsettled.contains(u.userId())) {
                    Set<UUID> more = new HashSet<>(unsettled);
                    if (u.settled()) {
                        more.remove(u.userId());
                    } else {
                        more.add(u.userId());
                    }
                    unsettled = more;
                }
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Keys(unitOf, unsettled, membersOf, sharesHeld, onLists, overlay));
    }

    /** The user's unit row as it stands now in this transaction, as a change for the caches. */
    private AccessChange unitRowOf(UUID workspaceId, UUID userId) {
        return db.select(USER_UNIT.UNIT_ID, USER_UNIT.SETTLED)
                .from(USER_UNIT)
                .where(USER_UNIT.WORKSPACE_ID.eq(workspaceId))
                .and(USER_UNIT.USER_ID.eq(userId))
                .fetchOptional(r -> (AccessChange) new AccessChange.Unit(userId, r.value1(), r.value2()))
                .orElse(new AccessChange.Unit(userId, null, true));
    }

    private Keys load(UUID workspaceId) {
        Map<UUID, UUID> unitOf = new HashMap<>();
        Set<UUID> unsettled = new HashSet<>();
        db.select(USER_UNIT.USER_ID, USER_UNIT.UNIT_ID, USER_UNIT.SETTLED)
                .from(USER_UNIT)
                .where(USER_UNIT.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> {
                    if (r.value2() != null) {
                        unitOf.put(r.value1(), r.value2());
                    }
                    if (!r.value3()) {
                        unsettled.add(r.value1());
                    }
                });
        Map<UUID, Set<UUID>> membersOf = directory.membersByDepartment(workspaceId);
        return Keys.of(unitOf, unsettled, membersOf, sharing.sharesHeld(workspaceId), sharing.onLists(workspaceId))
                .withOverlay(overlays.of(workspaceId));
    }

    private record Versioned(long version, Keys keys) {}
}
