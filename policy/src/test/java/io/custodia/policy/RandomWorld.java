package io.custodia.policy;

import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A small random workspace made from a seed: departments, users, roles with stage entries and
 * conditions, records. Records carry a field of every kind (some absent), drawn from {@link
 * FieldEdges}; each world's conditions are mostly on the fields of one kind, its {@link #focus}.
 */
final class RandomWorld {
    /** The field of each kind that records carry and conditions name. */
    static final Map<FieldEdges.Kind, String> FIELDS = new EnumMap<>(Map.of(
            FieldEdges.Kind.TEXT, "name",
            FieldEdges.Kind.SELECT, "region",
            FieldEdges.Kind.NUMBER, "amount",
            FieldEdges.Kind.DATE, "closeDate",
            FieldEdges.Kind.TIMESTAMP, "dueAt",
            FieldEdges.Kind.BOOLEAN, "done"));

    final Random random;
    /**
     * Decides who heads what and which department assignments go to heads, apart from
     * {@link #random} so that every seed's world is otherwise the one it was before heads existed.
     */
    final Random heads;

    final FieldEdges.Kind focus;
    final List<DepartmentId> departments = new ArrayList<>();
    final List<UserId> users = new ArrayList<>();
    final List<StageId> stages = new ArrayList<>();
    final List<TeamId> teams = new ArrayList<>();
    final Map<RoleId, Role> roles = new LinkedHashMap<>();
    final List<Assignment> assignments = new ArrayList<>();
    final List<SharingRule> sharingRules = new ArrayList<>();
    /** The instant the differential tests decide at; assignments expire around it. */
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    final List<RecordFacts> records = new ArrayList<>();
    final Organization org;
    final WorkspacePolicy policy;

    RandomWorld(long seed) {
        this(seed, ConflictRule.values()[new Random(seed).nextInt(2)]);
    }

    RandomWorld(long seed, ConflictRule rule) {
        random = new Random(seed);
        heads = new Random(seed ^ 0x4EADL);
        focus = FieldEdges.Kind.values()[Math.floorMod(seed, FieldEdges.Kind.values().length)];
        Organization.Builder b = Organization.builder();
        int departmentCount = 1 + random.nextInt(6);
        for (int i = 0; i < departmentCount; i++) {
            DepartmentId d = new DepartmentId(uuid());
            DepartmentId parent = i == 0 ? null : departments.get(random.nextInt(i));
            departments.add(d);
            b.department(d, parent);
        }
        int userCount = 2 + random.nextInt(5);
        for (int i = 0; i < userCount; i++) {
            UserId u = new UserId(uuid());
            users.add(u);
            int memberships = random.nextInt(3);
            for (int m = 0; m < memberships; m++) {
                DepartmentId d = pick(departments);
                b.member(u, d);
                if (heads.nextInt(3) == 0) {
                    b.head(u, d);
                }
            }
        }
        TeamId team = new TeamId(uuid());
        teams.add(team);
        b.team(team, TeamVisibility.values()[random.nextInt(TeamVisibility.values().length)]);
        for (UserId u : users) {
            if (random.nextBoolean()) {
                b.teamMember(team, u, random.nextInt(4) == 0);
            }
        }
        org = b.build();
        int stageCount = 1 + random.nextInt(3);
        for (int i = 0; i < stageCount; i++) {
            stages.add(new StageId(uuid()));
        }
        int roleCount = 1 + random.nextInt(4);
        for (int i = 0; i < roleCount; i++) {
            Role role = randomRole();
            roles.put(role.id(), role);
        }
        int assignmentCount = 1 + random.nextInt(6);
        List<RoleId> roleIds = new ArrayList<>(roles.keySet());
        // Expiries from a generator of their own, so worlds saved before them stay the same worlds.
        Random ends = new Random(seed ^ 0xE4D5L);
        for (int i = 0; i < assignmentCount; i++) {
            assignments.add(new Assignment(pick(roleIds), randomTarget(), randomExpiry(ends)));
        }
        // Sharing rules from a generator of their own too, so that the worlds stay those saved before.
        Random shares = new Random(seed ^ 0x5AA2EL);
        int ruleCount = shares.nextInt(3);
        for (int i = 0; i < ruleCount; i++) {
            sharingRules.add(randomRule(shares));
        }
        policy = new WorkspacePolicy(roles, assignments, rule, org, sharingRules);
        int recordCount = 4 + random.nextInt(8);
        for (int i = 0; i < recordCount; i++) {
            records.add(randomRecord(i));
        }
        // Activities belong to one of the deals or contacts above: readable only while it is.
        int children = random.nextInt(4);
        for (int i = 0; i < children; i++) {
            records.add(randomChild(recordCount + i));
        }
    }

    /** The same world with only the given assignments: what a shrinker tries when a case fails. */
    private RandomWorld(RandomWorld base, List<Assignment> kept, List<SharingRule> rules) {
        random = base.random;
        heads = base.heads;
        focus = base.focus;
        departments.addAll(base.departments);
        users.addAll(base.users);
        stages.addAll(base.stages);
        teams.addAll(base.teams);
        roles.putAll(base.roles);
        assignments.addAll(kept);
        sharingRules.addAll(rules);
        records.addAll(base.records);
        org = base.org;
        policy = new WorkspacePolicy(roles, assignments, base.policy.rule(), org, sharingRules);
    }

    /** No expiry half the time; else an instant within two hours of {@link #NOW}, now itself included. */
    private static Instant randomExpiry(Random ends) {
        return switch (ends.nextInt(6)) {
            case 0, 1, 2 -> null;
            case 3 -> NOW;
            default -> NOW.plusSeconds(ends.nextInt(4 * 3600 + 1) - 2 * 3600L);
        };
    }

    RandomWorld withAssignments(List<Assignment> kept) {
        return new RandomWorld(this, kept, sharingRules);
    }

    /** The same world without its sharing rules: what a shrinker tries too. */
    RandomWorld withoutSharingRules() {
        return new RandomWorld(this, assignments, List.of());
    }

    /**
     * A rule on deals, contacts or activities, from a department (or its tree) or a condition, to a
     * department, the team or everyone, at either level.
     */
    private SharingRule randomRule(Random shares) {
        EntityType entity = List.of(EntityType.DEAL, EntityType.CONTACT, EntityType.ACTIVITY)
                .get(shares.nextInt(3));
        SharingRule.From from;
        if (shares.nextInt(3) == 0) {
            FieldEdges.Kind kind = shares.nextInt(4) != 0 ? focus : FieldEdges.Kind.values()[shares.nextInt(6)];
            from = new SharingRule.FromCondition(FieldEdges.comparison(FIELDS.get(kind), kind, shares));
        } else {
            from = new SharingRule.FromDepartment(
                    departments.get(shares.nextInt(departments.size())), shares.nextBoolean());
        }
        SharingRule.To to = switch (shares.nextInt(3)) {
            case 0 -> new SharingRule.ToDepartment(departments.get(shares.nextInt(departments.size())));
            case 1 -> new SharingRule.ToTeam(teams.get(0));
            default -> new SharingRule.ToEveryone();
        };
        ShareLevel level = shares.nextBoolean() ? ShareLevel.READ : ShareLevel.EDIT;
        return new SharingRule(
                new UUID(shares.nextLong(), shares.nextLong()),
                "rule" + shares.nextInt(100),
                entity,
                from,
                to,
                level,
                null);
    }

    Role randomRole() {
        Map<EntityType, Map<Action, Grant>> entities = new EnumMap<>(EntityType.class);
        for (EntityType entity : List.of(EntityType.DEAL, EntityType.CONTACT, EntityType.ACTIVITY)) {
            Map<Action, Grant> byAction = new EnumMap<>(Action.class);
            for (Action action : List.of(Action.READ, Action.UPDATE)) {
                if (random.nextInt(4) != 0) {
                    byAction.put(action, randomGrant());
                }
            }
            entities.put(entity, byAction);
        }
        Map<StageId, Map<Action, Grant>> stageEntries = new HashMap<>();
        for (StageId stage : stages) {
            if (random.nextInt(3) == 0) {
                Map<Action, Grant> byAction = new EnumMap<>(Action.class);
                byAction.put(Action.READ, randomGrant());
                if (random.nextBoolean()) {
                    byAction.put(Action.UPDATE, randomGrant());
                }
                stageEntries.put(stage, byAction);
            }
        }
        Map<EntityType, Map<String, FieldAccess>> fields = new EnumMap<>(EntityType.class);
        if (random.nextBoolean()) {
            fields.put(EntityType.DEAL, Map.of("amount", FieldAccess.values()[random.nextInt(3)]));
        }
        if (random.nextBoolean()) {
            fields.put(EntityType.CONTACT, Map.of("region", FieldAccess.values()[random.nextInt(3)]));
        }
        return new Role(new RoleId(uuid()), "role" + random.nextInt(1000), entities, stageEntries, fields, Set.of());
    }

    Grant randomGrant() {
        Level level = Level.values()[random.nextInt(Level.values().length)];
        if (random.nextInt(4) != 0) {
            return Grant.of(level);
        }
        Condition condition = randomComparison();
        if (random.nextInt(5) == 0) {
            List<Condition> both = List.of(condition, randomComparison());
            condition = random.nextBoolean() ? new Condition.All(both) : new Condition.Any(both);
        }
        return Grant.of(level, condition);
    }

    /** A comparison of the world's focus kind of field, or now and then of another. */
    Condition.Comparison randomComparison() {
        FieldEdges.Kind kind = random.nextInt(4) != 0 ? focus : pick(List.of(FieldEdges.Kind.values()));
        return FieldEdges.comparison(FIELDS.get(kind), kind, random);
    }

    Assignment.Target randomTarget() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> new Assignment.ToUser(pick(users));
            case 2 -> {
                DepartmentId d = pick(departments);
                boolean subtree = random.nextBoolean();
                yield heads.nextInt(3) == 0
                        ? new Assignment.ToDepartmentHeads(d, subtree)
                        : new Assignment.ToDepartment(d, subtree);
            }
            case 3 -> new Assignment.ToTeam(teams.get(0));
            default -> new Assignment.ToEveryone();
        };
    }

    RecordFacts randomRecord(int i) {
        EntityType entity = random.nextBoolean() ? EntityType.DEAL : EntityType.CONTACT;
        Map<String, Value> fields = new HashMap<>();
        FIELDS.forEach((kind, field) -> {
            if (random.nextInt(4) != 0) {
                fields.put(field, FieldEdges.value(kind, random));
            }
        });
        StageId stage = entity == EntityType.DEAL ? pick(stages) : null;
        Map<UserId, ShareLevel> shares = new HashMap<>();
        if (random.nextInt(3) == 0) {
            shares.put(pick(users), random.nextBoolean() ? ShareLevel.READ : ShareLevel.EDIT);
        }
        Map<UserId, ListAccess> lists = new HashMap<>();
        if (entity == EntityType.CONTACT && random.nextInt(3) == 0) {
            int entries = 1 + random.nextInt(2);
            for (int e = 0; e < entries; e++) {
                lists.merge(pick(users), ListAccess.of(randomEntry("L" + i + "." + e)), ListAccess::and);
            }
        }
        return new RecordFacts(entity, "r" + i, pick(users), stage, fields, shares, lists);
    }

    /** One list holding a contact as it reaches a member: any level, any loan, any fields hidden or read-only. */
    ListEntry randomEntry(String name) {
        List<ListLevel> lent = List.of(ListLevel.VIEW, ListLevel.EDIT, ListLevel.DELETE);
        return new ListEntry(
                name,
                name,
                ListLevel.values()[random.nextInt(ListLevel.values().length)],
                pick(lent),
                random.nextBoolean() ? Set.of("region") : Set.of(),
                random.nextInt(4) == 0 ? Set.of("amount") : Set.of(),
                random.nextInt(4) == 0 ? Set.of("region") : Set.of());
    }

    /** An activity of one of the deals or contacts made so far, sometimes of none (its parent gone). */
    RecordFacts randomChild(int i) {
        List<RecordFacts> parents = records.stream()
                .filter(r -> r.entity() == EntityType.DEAL || r.entity() == EntityType.CONTACT)
                .toList();
        RecordFacts parent = random.nextInt(8) == 0 ? null : pick(parents);
        Map<String, Value> fields = new HashMap<>();
        if (parent != null) {
            fields.put(parent.entity() == EntityType.DEAL ? "dealId" : "contactId", Value.text(parent.id()));
        }
        Map<UserId, ShareLevel> shares = new HashMap<>();
        if (random.nextInt(3) == 0) {
            shares.put(pick(users), random.nextBoolean() ? ShareLevel.READ : ShareLevel.EDIT);
        }
        return new RecordFacts(EntityType.ACTIVITY, "r" + i, pick(users), null, fields, shares, Map.of(), parent);
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
