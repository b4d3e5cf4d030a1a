package io.custodia.access;

import static io.custodia.platform.db.Tables.WORKSPACE;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custodia.audit.AuditPermission;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Assignment;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.Ids;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Organization;
import io.custodia.policy.Role;
import io.custodia.policy.SharingRule;
import io.custodia.policy.SystemPermission;
import io.custodia.policy.WorkspacePolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Each workspace's policy and each user's compiled access, cached and keyed by the workspace's
 * access version: every change to roles, assignments, sharing rules or the organisation bumps the version in the
 * same transaction and notifies every node (see {@link AccessChanges}), so the next request
 * compiles afresh wherever it lands. What is handed out is the policy live at the clock's instant
 * (access-model, "Grants that expire"), kept no later than the next expiry of an assignment, so a
 * cached access never outlives a grant it counted and no job has to run for an expiry to apply.
 */
@Service
public class AccessPolicies implements AuditPermission {
    private final DSLContext db;
    private final DirectoryFacts directory;
    private final Roles roles;
    private final Assignments assignments;
    private final SharingRules sharingRules;
    private final AccessChanges changes;
    private final AccessVersions versions;
    private final ObjectProvider<AppRoles> appRoles;
    private final Clock clock;
    private final Cache<UUID, Versioned<WorkspacePolicy>> policies = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    private final Cache<UUID, Live<WorkspacePolicy>> livePolicies = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    private final Cache<UserKey, Live<CompiledAccess>> compiled = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    @Autowired
    AccessPolicies(
            DSLContext db,
            DirectoryFacts directory,
            Roles roles,
            Assignments assignments,
            SharingRules sharingRules,
            AccessChanges changes,
            AccessVersions versions,
            ObjectProvider<AppRoles> appRoles) {
        this(db, directory, roles, assignments, sharingRules, changes, versions, appRoles, Clock.systemUTC());
    }

    /** With the clock expiries are compared with (tests move it). */
    AccessPolicies(
            DSLContext db,
            DirectoryFacts directory,
            Roles roles,
            Assignments assignments,
            SharingRules sharingRules,
            AccessChanges changes,
            AccessVersions versions,
            ObjectProvider<AppRoles> appRoles,
            Clock clock) {
        this.sharingRules = sharingRules;
        this.clock = clock;
        this.db = db;
        this.directory = directory;
        this.appRoles = appRoles;
        this.roles = roles;
        this.assignments = assignments;
        this.changes = changes;
        this.versions = versions;
    }

    /** The user's compiled access as of now. */
    public CompiledAccess accessOf(UUID workspaceId, UUID userId) {
        Instant now = clock.instant();
        if (AccessVersions.changedInThisTransaction(workspaceId)) {
            // This transaction changed access and may still roll back: compile, but cache nothing.
            return load(workspaceId).liveAt(now).compile(new UserId(userId));
        }
        long version = currentVersion(workspaceId);
        UserKey key = new UserKey(workspaceId, userId);
        Live<CompiledAccess> cached = compiled.getIfPresent(key);
        if (cached != null && cached.holdsAt(version, now)) {
            return cached.value();
        }
        Live<WorkspacePolicy> policy = livePolicyOf(workspaceId, version, now);
        CompiledAccess access = policy.value().compile(new UserId(userId));
        // INVARIANT: kept no later than the policy it came from, so no expired assignment outlives it.
        compiled.put(key, new Live<>(version, policy.until(), access));
        return access;
    }

    /** The instant access is decided at now: the clock every expiry is compared with. */
    public Instant now() {
        return clock.instant();
    }

    @Override
    public boolean mayReadAudit(UUID workspaceId, UUID principalId) {
        return accessOf(workspaceId, principalId).has(SystemPermission.AUDIT_READ);
    }

    /** Refuses, with 403 naming the permission, a principal that does not hold it now. */
    public void require(WorkspacePrincipal principal, SystemPermission permission) {
        if (!has(principal.workspaceId(), principal.principalId(), permission)) {
            throw ApiProblem.forbidden(permission.key());
        }
    }

    /** Whether the user holds the system permission now. */
    public boolean has(UUID workspaceId, UUID userId, SystemPermission permission) {
        return accessOf(workspaceId, userId).has(permission);
    }

    /** The workspace's policy as of now: its expired assignments left out. */
    public WorkspacePolicy policyOf(UUID workspaceId) {
        Instant now = clock.instant();
        if (AccessVersions.changedInThisTransaction(workspaceId)) {
            return load(workspaceId).liveAt(now);
        }
        return livePolicyOf(workspaceId, currentVersion(workspaceId), now).value();
    }

    /** The policy live at {@code now}, and until when that stays so (its next expiry). */
    private Live<WorkspacePolicy> livePolicyOf(UUID workspaceId, long version, Instant now) {
        Live<WorkspacePolicy> cached = livePolicies.getIfPresent(workspaceId);
        if (cached != null && cached.holdsAt(version, now)) {
            return cached;
        }
        WorkspacePolicy whole = policyOf(workspaceId, version);
        Live<WorkspacePolicy> live = new Live<>(version, whole.nextExpiry(now), whole.liveAt(now));
        livePolicies.put(workspaceId, live);
        return live;
    }

    /**
     * Locks the workspace's row until the transaction ends, so access changes that read before they
     * write (the last holder of a permission, an assignment that may exist already) run one after
     * the other, each seeing the one before.
     */
    // INVARIANT: the same row every access change and audit entry updates, so this waits for them.
    void lock(UUID workspaceId) {
        db.select(WORKSPACE.ID)
                .from(WORKSPACE)
                .where(WORKSPACE.ID.eq(workspaceId))
                .forUpdate()
                .fetch();
    }

    /**
     * Marks the workspace's access as changed; call inside the transaction that changes it. Every
     * node hears of it when the transaction commits (NOTIFY is transactional), this one at once.
     */
    public void changed(UUID workspaceId) {
        changed(workspaceId, AccessChange.OPAQUE);
    }

    /**
     * Marks the workspace's access as changed by {@code change}, which every node's caches then
     * apply to what they hold instead of reading the whole workspace again (when simple enough).
     */
    public void changed(UUID workspaceId, AccessChange change) {
        // The new version and its notification in one statement (a data-modifying WITH).
        var bumped = DSL.name("bumped");
        Field<Long> bumpedVersion = DSL.field(bumped.append(WORKSPACE.ACCESS_VERSION.getUnqualifiedName()), Long.class);
        long version = db.with(bumped)
                .as(DSL.update(WORKSPACE)
                        .set(WORKSPACE.ACCESS_VERSION, WORKSPACE.ACCESS_VERSION.plus(1))
                        .where(WORKSPACE.ID.eq(workspaceId))
                        .returning(WORKSPACE.ACCESS_VERSION))
                .select(
                        bumpedVersion,
                        DSL.function(
                                "pg_notify",
                                Object.class,
                                DSL.val(AccessChanges.CHANNEL),
                                DSL.concat(
                                        DSL.val(workspaceId + ":"),
                                        bumpedVersion.cast(String.class),
                                        DSL.val(":" + change.encode()))))
                .from(DSL.table(bumped))
                .fetchSingle(bumpedVersion);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            String key = AccessVersions.changedKey(workspaceId);
            if (!TransactionSynchronizationManager.hasResource(key)) {
                TransactionSynchronizationManager.bindResource(key, Boolean.TRUE);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResourceIfPossible(key);
                    }
                });
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    changes.remember(workspaceId, version, change);
                }
            });
        }
    }

    private WorkspacePolicy policyOf(UUID workspaceId, long version) {
        Versioned<WorkspacePolicy> cached = policies.getIfPresent(workspaceId);
        if (cached != null && cached.version() == version) {
            return cached.value();
        }
        WorkspacePolicy policy = cached == null
                ? load(workspaceId)
                : changes.changesBetween(workspaceId, cached.version(), version)
                        .flatMap(between -> applied(cached.value(), between))
                        .orElseGet(() -> load(workspaceId));
        policies.put(workspaceId, new Versioned<>(version, policy));
        return policy;
    }

    /**
     * The policy after the changes, when each is a membership, a unit row, a share held, a list
     * joined or an owner overlay (units, shares, lists and overlays do not enter the policy); empty when any other change is
     * among them. A membership change thus costs a copy of the organisation, not a read of the
     * whole workspace: a move stays fast however large the workspace.
     */
    static Optional<WorkspacePolicy> applied(WorkspacePolicy policy, List<AccessChange> changes) {
        Organization org = policy.organization();
        boolean moved = false;
        for (AccessChange change : changes) {
            if (change instanceof AccessChange.Membership m) {
                if (!org.hasDepartment(new DepartmentId(m.departmentId()))) {
                    return Optional.empty();
                }
                org = org.withMembership(new UserId(m.userId()), new DepartmentId(m.departmentId()), m.member());
                moved = true;
            } else if (!(change instanceof AccessChange.Unit
                    || change instanceof AccessChange.ShareHeld
                    || change instanceof AccessChange.ListJoined
                    || change instanceof AccessChange.Overlay)) {
                return Optional.empty();
            }
        }
        return Optional.of(moved ? policy.withOrganization(org) : policy);
    }

    /** What every version after {@code from} up to {@code to} changed, when this node heard them all. */
    Optional<List<AccessChange>> changesBetween(UUID workspaceId, long from, long to) {
        return changes.changesBetween(workspaceId, from, to);
    }

    /** Whether this transaction changed the workspace's access and may still roll back. */
    boolean changedInThisTransaction(UUID workspaceId) {
        return AccessVersions.changedInThisTransaction(workspaceId);
    }

    long currentVersion(UUID workspaceId) {
        return versions.current(workspaceId);
    }

    /** The workspace's policy read from the database now, with this transaction's own changes; never cached. */
    WorkspacePolicy readNow(UUID workspaceId) {
        return load(workspaceId).liveAt(clock.instant());
    }

    private WorkspacePolicy load(UUID workspaceId) {
        Organization org = directory.organization(workspaceId);
        List<Assignment> assignments = new ArrayList<>(this.assignments.all(workspaceId).stream()
                .map(Assignments.Stored::toEngine)
                .toList());
        Map<Ids.RoleId, Role> allRoles = new HashMap<>(roles.all(workspaceId));
        appRoles.orderedStream()
                .forEach(source -> source.rolesOf(workspaceId).forEach((principal, role) -> {
                    allRoles.put(role.id(), role);
                    assignments.add(new Assignment(role.id(), new Assignment.ToUser(new UserId(principal))));
                }));
        Map<UUID, String> groupNames = directory.groupNames(workspaceId);
        List<SharingRule> rules = sharingRules.all(workspaceId).stream()
                .map(rule -> rule.toEngine(groupNames))
                .toList();
        return new WorkspacePolicy(allRoles, assignments, directory.conflictRule(workspaceId), org, rules);
    }

    private record Versioned<T>(long version, T value) {}

    /** A value of one access version that stays right until {@code until} (null: until the next change). */
    private record Live<T>(long version, Instant until, T value) {
        boolean holdsAt(long current, Instant now) {
            return version == current && (until == null || now.isBefore(until));
        }
    }

    private record UserKey(UUID workspaceId, UUID userId) {}
}
