package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The engine's laws on random small workspaces (see {@link RandomWorld}); each runs 10,000 worlds. */
class EngineProperties {
    private static final List<Action> ACTIONS = List.of(Action.READ, Action.UPDATE, Action.DELETE);

    @Property(tries = 10_000)
    void levelsNestFromOwnToAll(@ForAll long seed) {
        RandomWorld world = new RandomWorld(seed);
        for (UserId user : world.users) {
            CompiledAccess access = world.policy.compile(user);
            for (UserId owner : world.users) {
                boolean own = access.reaches(Level.OWN, owner);
                boolean department = access.reaches(Level.DEPARTMENT, owner);
                boolean subdepartments = access.reaches(Level.SUBDEPARTMENTS, owner);
                assertThat(!own || department).isTrue();
                assertThat(!department || subdepartments).isTrue();
                assertThat(access.reaches(Level.ALL, owner)).isTrue();
                assertThat(access.reaches(Level.NONE, owner)).isFalse();
            }
        }
    }

    @Property(tries = 10_000)
    void noneAdmitsNothing(@ForAll long seed) {
        RandomWorld world = new RandomWorld(seed);
        for (UserId user : world.users) {
            CompiledAccess access = world.policy.compile(user);
            for (RecordFacts record : world.records) {
                for (Action action : ACTIONS) {
                    Resolution r = access.resolution(record.entity(), record.stage(), action);
                    boolean onlyNone =
                            r.winners().stream().allMatch(c -> c.grant().level() == Level.NONE);
                    if (onlyNone) {
                        // A NONE grant admits nothing; only a share, a sharing rule or a list can still let
                        // the user in (and, for a record that belongs to another, only while that one is
                        // readable).
                        assertThat(access.allowsByRole(action, record)).isFalse();
                        assertThat(access.roleScope(record.entity(), action).admits(record, world.org))
                                .isFalse();
                        boolean parentReadable = record.entity().parents().isEmpty()
                                || record.parent() != null && access.allows(Action.READ, record.parent());
                        assertThat(access.decide(action, record).allowed())
                                .isEqualTo(parentReadable
                                        && (record.shares().containsKey(user)
                                                        && record.shares()
                                                                .get(user)
                                                                .admits(action)
                                                || record.lists().containsKey(user)
                                                        && record.lists()
                                                                .get(user)
                                                                .admits(action)
                                                || access.sharingRules().stream()
                                                        .anyMatch(rule ->
                                                                rule.level().admits(action)
                                                                        && rule.covers(record, world.org))));
                    }
                }
            }
        }
    }

    @Property(tries = 10_000)
    void scopeAdmitsExactlyWhatDecideAllowsAndBothAgreeWithTheReference(@ForAll long seed) {
        RandomWorld world = new RandomWorld(seed);
        for (UserId user : world.users) {
            CompiledAccess access = world.policy.compile(user);
            for (EntityType entity : List.of(EntityType.DEAL, EntityType.CONTACT)) {
                for (Action action : ACTIONS) {
                    Scope scope = access.scope(entity, action);
                    for (RecordFacts record : world.records) {
                        if (record.entity() != entity) {
                            continue;
                        }
                        boolean decided = access.decide(action, record).allowed();
                        assertThat(scope.admits(record, world.org))
                                .as("scope %s on %s", scope, record)
                                .isEqualTo(decided);
                        assertThat(ReferenceEvaluator.allows(user, world.policy, action, record, Instant.MIN))
                                .isEqualTo(decided);
                        assertThat(access.explain(entity, null, action, record, Set.of())
                                        .allowed())
                                .isEqualTo(decided);
                    }
                }
            }
        }
    }

    @Property(tries = 10_000)
    void underMostPermissiveAddingARoleNeverRemovesAccess(@ForAll long seed) {
        RandomWorld world = new RandomWorld(seed, ConflictRule.MOST_PERMISSIVE);
        Role extra = world.randomRole();
        Map<RoleId, Role> roles = new HashMap<>(world.roles);
        roles.put(extra.id(), extra);
        List<Assignment> assignments = new ArrayList<>(world.assignments);
        assignments.add(new Assignment(extra.id(), world.randomTarget()));
        WorkspacePolicy more =
                new WorkspacePolicy(roles, assignments, ConflictRule.MOST_PERMISSIVE, world.org, world.sharingRules);
        for (UserId user : world.users) {
            CompiledAccess before = world.policy.compile(user);
            CompiledAccess after = more.compile(user);
            for (RecordFacts record : world.records) {
                for (Action action : ACTIONS) {
                    if (before.allows(action, record)) {
                        assertThat(after.allows(action, record)).isTrue();
                    }
                }
            }
        }
    }

    @Property(tries = 10_000)
    void underPrecedenceAPersonalDetailedEntryAlwaysDecides(@ForAll long seed) {
        RandomWorld world = new RandomWorld(seed, ConflictRule.PRECEDENCE);
        UserId user = world.pick(world.users);
        StageId stage = world.pick(world.stages);
        Grant personalGrant = world.randomGrant();
        Map<EntityType, Map<Action, Grant>> none = new EnumMap<>(EntityType.class);
        Role personal = new Role(
                new RoleId(UUID.randomUUID()),
                "personal",
                none,
                Map.of(stage, Map.of(Action.READ, personalGrant)),
                Map.of(),
                Set.of());
        Map<RoleId, Role> roles = new HashMap<>(world.roles);
        roles.put(personal.id(), personal);
        List<Assignment> assignments = new ArrayList<>(world.assignments);
        assignments.add(new Assignment(personal.id(), new Assignment.ToUser(user)));
        CompiledAccess access =
                new WorkspacePolicy(roles, assignments, ConflictRule.PRECEDENCE, world.org).compile(user);
        Role alone = new Role(personal.id(), "personal", none, personal.stages(), Map.of(), Set.of());
        CompiledAccess personalOnly = new WorkspacePolicy(
                        Map.of(alone.id(), alone),
                        List.of(new Assignment(alone.id(), new Assignment.ToUser(user))),
                        ConflictRule.PRECEDENCE,
                        world.org)
                .compile(user);
        for (UserId owner : world.users) {
            RecordFacts deal = new RecordFacts(
                    EntityType.DEAL, "d", owner, stage, world.randomRecord(0).fields());
            boolean personallyDetailedOnly = world.policy.assignments().stream()
                    .noneMatch(a -> a.source() == Source.PERSONAL
                            && a.reaches(user, world.org)
                            && world.roles.get(a.role()).stageEntry(stage, Action.READ) != null);
            if (personallyDetailedOnly) {
                assertThat(access.allows(Action.READ, deal)).isEqualTo(personalOnly.allows(Action.READ, deal));
            }
            assertThat(access.resolution(EntityType.DEAL, stage, Action.READ).winningClass())
                    .isEqualTo(CandidateClass.DETAILED_PERSONAL);
        }
    }

    @Property(tries = 10_000)
    void noDecisionDependsOnAnythingOutsideTheUsersWorkspace(@ForAll long seed) {
        RandomWorld world = new RandomWorld(seed);
        RandomWorld other = new RandomWorld(seed ^ 0x5DEECE66DL);
        // One snapshot holding both organisations, with the other's roles assigned to its own people only.
        Organization.Builder both = Organization.builder();
        for (RandomWorld w : List.of(world, other)) {
            for (DepartmentId d : w.departments) {
                both.department(d, w.org.parentOf(d));
            }
            for (UserId u : w.users) {
                w.org.departmentsOf(u).forEach(d -> both.member(u, d));
                w.org.departmentsHeadedBy(u).forEach(d -> both.head(u, d));
            }
            w.teams.forEach(t -> both.team(t, w.org.visibilityOf(t)));
            w.teams.forEach(t -> w.org.membersOf(t)
                    .forEach(u -> both.teamMember(t, u, w.org.supervisorsOf(t).contains(u))));
        }
        Organization merged = both.build();
        Map<RoleId, Role> roles = new HashMap<>(world.roles);
        roles.putAll(other.roles);
        List<Assignment> assignments = new ArrayList<>(world.assignments);
        for (Assignment a : other.assignments) {
            if (!(a.target() instanceof Assignment.ToEveryone)) {
                assignments.add(a);
            }
        }
        // The other workspace's sharing rules are its own, as its roles' assignments to everyone are.
        WorkspacePolicy combined =
                new WorkspacePolicy(roles, assignments, world.policy.rule(), merged, world.sharingRules);
        for (UserId user : world.users) {
            CompiledAccess alone = world.policy.compile(user);
            CompiledAccess beside = combined.compile(user);
            for (RecordFacts record : world.records) {
                for (Action action : ACTIONS) {
                    assertThat(beside.allows(action, record)).isEqualTo(alone.allows(action, record));
                }
            }
        }
    }

    /**
     * Searching and filtering by a field match, in SQL, only records on which the reader may see
     * that field: the field's scope admits a readable record exactly when the field is not hidden on it.
     */
    @Property(tries = 10_000)
    void aFieldsScopeAdmitsExactlyTheReadableRecordsThatShowIt(@ForAll long seed) {
        RandomWorld world = new RandomWorld(seed);
        for (UserId user : world.users) {
            CompiledAccess access = world.policy.compile(user);
            for (RecordFacts record : world.records) {
                if (!access.allows(Action.READ, record)) {
                    continue;
                }
                for (String field : List.of("region", "amount", "ownerId")) {
                    assertThat(access.fieldScope(record.entity(), field).admits(record, world.org))
                            .as("%s on %s", field, record)
                            .isEqualTo(!access.hiddenFields(record).contains(field));
                }
            }
        }
    }
}
