package io.custodia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.access.AccessPolicies;
import io.custodia.access.OwnerOverlays;
import io.custodia.access.OwnerUnits;
import io.custodia.access.RecordLookup;
import io.custodia.directory.Passwords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every list page answers byte for byte as it did (issue #26: the list page path may get faster,
 * its answers may not change): in three fixed {@link TwinWorld}s with a {@link TwinInbox} each, every
 * person of the world and the workspace's administrator read every list endpoint ({@link ListReads}:
 * every sort paged by three to the end, every inbox tab and team, every owner, stage and parent
 * filter, lists' contacts, conversations' messages) and every record, list and conversation by id;
 * the answers, with only what differs from run to run labelled ({@link AnswerLabels}), must equal
 * those stored in {@code src/test/resources/list-answers/seed-N.txt}, one line per request. And
 * each record a bare page of its type shows must be shown alone exactly so, to the same viewer.
 *
 * <p>The stored answers were recorded at a07af12, before issue #26's changes to how list pages read
 * their rows and write their JSON. When an answer is meant to change, re-record on purpose with
 * {@code -Dcustodia.list-answers.record=true} (this test alone), review the diff of those files and
 * commit it with the change. A missing file is recorded too, but then the test fails, so that no
 * run passes without something to compare with. Each run writes its answers to
 * {@code target/list-answers/} to diff against the stored ones.
 */
class ListAnswersUnchangedTest extends ApiTest {
    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path STORED = BASE.resolve("src/test/resources/list-answers");
    private static final Path ACTUAL = BASE.resolve("target/list-answers");
    private static final String RECORD = "custodia.list-answers.record";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    Passwords passwords;

    @Autowired
    OwnerUnits units;

    @Autowired
    AccessPolicies access;

    @Autowired
    RecordLookup records;

    @Autowired
    OwnerOverlays overlays;

    /**
     * Seeds whose worlds hold deals with contacts, contacts on shared lists, hidden fields, activities
     * and an inbox: 5 a viewer who manages roles under an owner overlay, 22 the shaped role that
     * hides owner, stage, title, amount and e-mail, 35 random roles under an overlay.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 22, 35})
    void everyListAnswersAsRecorded(long seed) throws IOException {
        long started = System.nanoTime();
        // Times from a minute before the workspace on are the server clock's; the worlds' own are long past.
        OffsetDateTime since = OffsetDateTime.now().minusMinutes(1);
        assertThat(since).as("the clock is past every time the worlds hold").isAfter(TwinInbox.LAST);
        TwinWorld w = TwinWorld.random(seed);
        TwinInbox inbox = TwinInbox.of(seed, w);
        Tenant t = newWorkspace();
        TwinMaker maker = new TwinMaker(db, units, access, records, overlays, passwords.hash(PASSWORD));
        maker.write(t.id(), t.adminId(), w);
        inbox.write(db, t.id());
        access.changed(t.id());
        maker.trash(t.id(), w);

        List<ListReads.Endpoint> endpoints = ListReads.endpoints(api(), mappings, t.adminToken());
        ListReads reads =
                new ListReads(api(), w, inbox, endpoints, new AnswerLabels(ownNames(t, w), worldIds(w, inbox), since));
        List<String> lines = new ArrayList<>();
        lines.add("# ListAnswersUnchangedTest, TwinWorld seed " + seed + ": " + endpoints.size() + " list endpoints "
                + endpoints.stream().map(ListReads.Endpoint::path).toList());
        for (UUID user : w.users) {
            reads.readAs("U" + w.users.indexOf(user), login(t.slug(), TwinMaker.email(w, user), PASSWORD));
        }
        reads.readAs("admin", t.adminToken());
        assertThat(reads.disagreements())
                .as("records a page shows otherwise than alone")
                .isEmpty();
        lines.addAll(reads.lines());
        System.out.printf(
                "list answers, seed %d: %d viewers, %d list endpoints, %d requests in %d ms%n",
                seed,
                w.users.size() + 1,
                endpoints.size(),
                lines.size() - 1,
                (System.nanoTime() - started) / 1_000_000);

        String name = "seed-" + seed + ".txt";
        String actual = String.join("\n", lines) + "\n";
        Files.createDirectories(ACTUAL);
        Files.writeString(ACTUAL.resolve(name), actual);
        Path stored = STORED.resolve(name);
        boolean asked = Boolean.getBoolean(RECORD);
        if (asked || !Files.exists(stored)) {
            Files.createDirectories(STORED);
            Files.writeString(stored, actual);
            assertThat(asked)
                    .as(
                            "there were no stored answers for seed %d: recorded them in %s; review and commit it",
                            seed, stored)
                    .isTrue();
            assertThat(lines).hasSizeGreaterThan(endpoints.size());
            return;
        }
        List<String> expected = Files.readAllLines(stored);
        assertThat(firstDifference(expected, lines))
                .as(
                        "seed %d answers as stored in %s (this run's: %s; if the change is meant, re-record with"
                                + " -Dcustodia.list-answers.record=true)",
                        seed, stored, ACTUAL.resolve(name))
                .isNull();
    }

    /**
     * What a workspace calls by its own names, made with it and so different in every run: its id,
     * slug and administrator, the roles made from templates and the administrator's assignment.
     */
    private Map<String, String> ownNames(Tenant t, TwinWorld w) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(t.id().toString(), "<workspace>");
        names.put(t.adminId().toString(), "<admin>");
        names.put(t.slug(), "<slug>");
        Set<String> worlds = new LinkedHashSet<>();
        w.roles.forEach(r -> worlds.add(r.id().toString()));
        w.assignments.forEach(a -> worlds.add(a.id().toString()));
        api().get("/api/v1/roles", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .forEach(role -> {
                    if (!worlds.contains(role.get("id").asString())) {
                        names.put(
                                role.get("id").asString(),
                                "<role " + role.get("name").asString() + ">");
                    }
                });
        api().get("/api/v1/role-assignments", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .map(assignment -> assignment.get("id").asString())
                .filter(id -> !worlds.contains(id))
                .forEach(id -> names.put(id, "<administrator's assignment>"));
        return names;
    }

    /** The ids the world and its inbox drew from the seed (or made from constants): the same in every run. */
    private static Set<String> worldIds(TwinWorld w, TwinInbox inbox) {
        List<UUID> ids = new ArrayList<>(List.of(w.viewer, w.pipeline));
        ids.addAll(w.stages);
        ids.addAll(w.users);
        w.departments.forEach(d -> ids.add(d.id()));
        w.roles.forEach(r -> ids.add(r.id()));
        w.assignments.forEach(a -> ids.add(a.id()));
        w.rows.forEach(r -> ids.add(r.id()));
        w.lists.forEach(l -> ids.add(l.id()));
        w.comments.forEach(c -> ids.add(c.id()));
        w.sharingRules.forEach(r -> ids.add(r.id()));
        if (w.overlay != null) {
            ids.add(w.overlay.job());
        }
        // TwinMaker's custom fields: "region" of deals and contacts.
        List.of("deal", "contact").forEach(entity -> ids.add(new UUID(entity.hashCode(), 7)));
        inbox.teams.forEach(t -> ids.add(t.id()));
        inbox.conversations.forEach(c -> ids.add(c.id()));
        inbox.messages.forEach(m -> ids.add(m.id()));
        Set<String> texts = new LinkedHashSet<>();
        ids.forEach(id -> texts.add(id.toString()));
        return texts;
    }

    /** The first line that differs, with the request and both answers from a little before where they part; null if none. */
    static String firstDifference(List<String> expected, List<String> actual) {
        long differing = 0;
        String first = null;
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "";
            String got = i < actual.size() ? actual.get(i) : "";
            if (want.equals(got)) {
                continue;
            }
            differing++;
            if (first == null) {
                int at = 0;
                while (at < Math.min(want.length(), got.length()) && want.charAt(at) == got.charAt(at)) {
                    at++;
                }
                int from = Math.max(0, at - 100);
                first = "line " + (i + 1) + ", column " + (at + 1) + "\n  request:  "
                        + request(want.isEmpty() ? got : want)
                        + "\n  expected: ..." + want.substring(from, Math.min(want.length(), at + 160))
                        + "\n  actual:   ..." + got.substring(from, Math.min(got.length(), at + 160));
            }
        }
        return first == null ? null : first + "\n  (" + differing + " of " + expected.size() + " stored lines differ)";
    }

    private static String request(String line) {
        int end = line.indexOf(" => ");
        return end < 0 ? line : line.substring(0, end);
    }
}
