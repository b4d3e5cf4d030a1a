package io.custodia.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Differential testing, as Cedar tests its authorizer against a model: on seeded random workspaces
 * (department trees, users in several departments, personal and group roles with stage entries and
 * conditions, assignments that expire around the instant decided at, record shares, sharing rules,
 * shared lists, a team), every case (user x action x record) is decided
 * five ways, which must agree: the engine's decision, its explanation, its fast check, its scope
 * (what the server turns into SQL) and {@link ReferenceEvaluator}, written from the spec alone.
 *
 * <p>CI runs a million cases from a fresh seed; {@code -Dcustodia.differential.cases=100000000}
 * is the long mode and {@code -Dcustodia.differential.seed} replays a run. A mismatch is shrunk
 * (assignments, shares, lists and fields dropped while it persists), appended to {@link #SAVED},
 * and replayed by every later run.
 */
class DifferentialTest {
    static final String SAVED = "differential-regressions.txt";
    private static final List<Action> ACTIONS = List.of(Action.READ, Action.UPDATE, Action.DELETE);

    @Test
    void engineScopeExplanationAndReferenceAgreeOnEveryCase() {
        long wanted = Long.getLong("custodia.differential.cases", 1_000_000);
        long firstSeed = Long.getLong(
                "custodia.differential.seed", ThreadLocalRandom.current().nextLong(Long.MAX_VALUE / 2));
        long cases = 0;
        long[] byKind = new long[FieldEdges.Kind.values().length];
        long seed = firstSeed;
        List<Case> mismatches = new ArrayList<>();
        while (cases < wanted && mismatches.size() < 5) {
            RandomWorld world = new RandomWorld(seed);
            for (int u = 0; u < world.users.size(); u++) {
                CompiledAccess access = world.policy.liveAt(RandomWorld.NOW).compile(world.users.get(u));
                Map<EntityType, Map<Action, Scope>> scopes = new HashMap<>();
                for (int r = 0; r < world.records.size(); r++) {
                    RecordFacts record = world.records.get(r);
                    for (Action action : ACTIONS) {
                        Scope scope = scopes.computeIfAbsent(record.entity(), e -> new HashMap<>())
                                .computeIfAbsent(action, a -> access.scope(record.entity(), a));
                        cases++;
                        byKind[world.focus.ordinal()]++;
                        if (disagreement(world, access, scope, action, record) != null) {
                            Case found = Case.of(seed, world, u, action, r);
                            mismatches.add(shrink(found, DifferentialTest::disagreement));
                        }
                    }
                }
            }
            seed++;
        }
        mismatches.forEach(DifferentialTest::save);
        StringBuilder perKind = new StringBuilder();
        for (FieldEdges.Kind kind : FieldEdges.Kind.values()) {
            perKind.append(String.format(" %s %,d;", kind.name().toLowerCase(Locale.ROOT), byKind[kind.ordinal()]));
        }
        System.out.printf(
                "differential: %,d cases from seed %d to %d (conditions mostly on one kind of field per world:%s),"
                        + " %d mismatches%n",
                cases, firstSeed, seed - 1, perKind, mismatches.size());
        assertThat(mismatches)
                .as("mismatches (shrunk, saved to %s; replay with -Dcustodia.differential.seed=%d)", SAVED, firstSeed)
                .isEmpty();
        assertThat(cases).isGreaterThanOrEqualTo(wanted);
        for (FieldEdges.Kind kind : FieldEdges.Kind.values()) {
            assertThat(byKind[kind.ordinal()]).as("cases of %s fields", kind).isGreaterThan(wanted / 10);
        }
    }

    @Test
    void everySavedMismatchNowAgrees() throws IOException {
        try (var in = DifferentialTest.class.getResourceAsStream(SAVED)) {
            assertThat(in).as("the saved cases file").isNotNull();
            List<Case> saved = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(Case::parse)
                    .toList();
            for (Case c : saved) {
                assertThat(disagreement(c)).as(c.line()).isNull();
            }
        }
    }

    @Test
    void theShrinkerKeepsOnlyWhatAMismatchNeeds() {
        // A planted fault: "disagree" whenever the record is shared and a personal assignment applies.
        Oracle planted = c -> c.record().shares().isEmpty()
                        || c.world().assignments.stream().noneMatch(a -> a.target() instanceof Assignment.ToUser)
                ? null
                : "planted";
        for (long seed = 1; seed < 2_000; seed++) {
            RandomWorld world = new RandomWorld(seed);
            for (int r = 0; r < world.records.size(); r++) {
                Case c = Case.of(seed, world, 0, Action.READ, r);
                if (planted.disagreement(c) != null) {
                    Case shrunk = shrink(c, planted);
                    assertThat(planted.disagreement(shrunk)).isNotNull();
                    assertThat(shrunk.world().assignments).hasSize(1);
                    assertThat(shrunk.record().lists()).isEmpty();
                    assertThat(shrunk.record().fields()).isEmpty();
                    assertThat(Case.parse(shrunk.line()).line()).isEqualTo(shrunk.line());
                    assertThat(planted.disagreement(Case.parse(shrunk.line()))).isNotNull();
                    return;
                }
            }
        }
        throw new AssertionError("no world had a shared record and a personal assignment");
    }

    /** Why the five answers differ, or null when they agree. */
    static String disagreement(Case c) {
        RandomWorld world = c.world();
        RecordFacts record = c.record();
        CompiledAccess access = world.policy.liveAt(RandomWorld.NOW).compile(world.users.get(c.userIndex()));
        return disagreement(world, access, access.scope(record.entity(), c.action()), c.action(), record);
    }

    private static String disagreement(
            RandomWorld world, CompiledAccess access, Scope scope, Action action, RecordFacts record) {
        boolean decided = access.decide(action, record).allowed();
        boolean fast = access.allows(action, record);
        boolean explained =
                access.explain(record.entity(), null, action, record, Set.of()).allowed();
        boolean scoped = scope.admits(record, world.org);
        boolean reference = ReferenceEvaluator.allows(access.user(), world.policy, action, record, RandomWorld.NOW);
        if (decided == fast && fast == explained && explained == scoped && scoped == reference) {
            return null;
        }
        return "decide=%s allows=%s explain=%s scope=%s reference=%s (scope %s)"
                .formatted(decided, fast, explained, scoped, reference, scope);
    }

    interface Oracle {
        String disagreement(Case c);
    }

    /** Drops what a mismatch does not need, one piece at a time, until nothing more can go. */
    static Case shrink(Case failing, Oracle oracle) {
        Case current = failing;
        boolean smaller = true;
        while (smaller) {
            smaller = false;
            for (Case candidate : current.smallerCandidates()) {
                if (oracle.disagreement(candidate) != null) {
                    current = candidate;
                    smaller = true;
                    break;
                }
            }
        }
        return current;
    }

    /**
     * One case: a seeded world with some of its assignments kept, a user, an action and a record
     * with some of its facts dropped; its {@link #line()} is what is saved and replayed.
     */
    record Case(long seed, List<Integer> kept, int userIndex, Action action, int recordIndex, List<String> dropped) {
        static Case of(long seed, RandomWorld world, int user, Action action, int record) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < world.assignments.size(); i++) {
                all.add(i);
            }
            return new Case(seed, all, user, action, record, List.of());
        }

        RandomWorld world() {
            RandomWorld full = new RandomWorld(seed);
            RandomWorld world = full.withAssignments(
                    kept.stream().map(full.assignments::get).toList());
            return dropped.contains("rules") ? world.withoutSharingRules() : world;
        }

        RecordFacts record() {
            RecordFacts r = new RandomWorld(seed).records.get(recordIndex);
            Map<String, Value> fields = new HashMap<>(r.fields());
            for (String drop : dropped) {
                if (drop.startsWith("field:")) {
                    fields.remove(drop.substring("field:".length()));
                }
            }
            return new RecordFacts(
                    r.entity(),
                    r.id(),
                    r.owner(),
                    r.stage(),
                    fields,
                    dropped.contains("shares") ? Map.of() : r.shares(),
                    dropped.contains("lists") ? Map.of() : r.lists(),
                    r.parent());
        }

        List<Case> smallerCandidates() {
            List<Case> candidates = new ArrayList<>();
            for (Integer assignment : kept) {
                List<Integer> fewer = new ArrayList<>(kept);
                fewer.remove(assignment);
                candidates.add(new Case(seed, fewer, userIndex, action, recordIndex, dropped));
            }
            if (!dropped.contains("rules") && !world().sharingRules.isEmpty()) {
                candidates.add(dropping("rules"));
            }
            RecordFacts r = record();
            if (!r.shares().isEmpty()) {
                candidates.add(dropping("shares"));
            }
            if (!r.lists().isEmpty()) {
                candidates.add(dropping("lists"));
            }
            r.fields().keySet().stream().sorted().forEach(f -> candidates.add(dropping("field:" + f)));
            return candidates;
        }

        private Case dropping(String what) {
            List<String> more = new ArrayList<>(dropped);
            more.add(what);
            return new Case(seed, kept, userIndex, action, recordIndex, more);
        }

        String line() {
            return "seed=%d assignments=%s user=%d action=%s record=%d dropped=%s"
                    .formatted(
                            seed,
                            kept.stream().map(String::valueOf).collect(Collectors.joining(",")),
                            userIndex,
                            action,
                            recordIndex,
                            String.join(",", dropped));
        }

        static Case parse(String line) {
            Map<String, String> parts = new HashMap<>();
            for (String part : line.trim().split(" ")) {
                int eq = part.indexOf('=');
                parts.put(part.substring(0, eq), part.substring(eq + 1));
            }
            return new Case(
                    Long.parseLong(parts.get("seed")),
                    list(parts.get("assignments")).stream()
                            .map(Integer::valueOf)
                            .toList(),
                    Integer.parseInt(parts.get("user")),
                    Action.valueOf(parts.get("action")),
                    Integer.parseInt(parts.get("record")),
                    list(parts.get("dropped")));
        }

        private static List<String> list(String csv) {
            return csv == null || csv.isEmpty() ? List.of() : List.of(csv.split(","));
        }
    }

    /** Appends a shrunk mismatch to the source tree's saved cases, so it is replayed from now on. */
    private static void save(Case c) {
        Path file = Path.of(System.getProperty("basedir", "."))
                .resolve("src/test/resources/io/custodia/policy")
                .resolve(SAVED);
        try {
            Files.writeString(
                    file,
                    "# " + disagreement(c) + "\n" + c.line() + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
