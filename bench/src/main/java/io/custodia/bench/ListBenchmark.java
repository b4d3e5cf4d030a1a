package io.custodia.bench;

import static io.custodia.platform.db.Tables.USER_UNIT;

import io.custodia.CustodiaApplication;
import io.custodia.platform.Tenancy;
import io.custodia.platform.db.Tables;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Grant;
import io.custodia.policy.Level;
import io.custodia.records.RecordListing;
import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The list benchmark of {@code docs/benchmarks.md}: starts the real server on its own data
 * directory, loads (once, through COPY) 10M deals for 5,000 users in 200 departments, then times
 * the server's own list query ({@link RecordListing#page}) for users at every level, next to the naive
 * and the denormalised reference queries on the same data; then moves the user who owns 200,000
 * deals over HTTP and times how long lists take to reflect it, and compares the CSV import with a
 * raw COPY of the same rows.
 *
 * <p>Run: {@code mvn -q -pl bench -am install -DskipTests && mvn -q -pl bench exec:java@lists}.
 * System properties: {@code deals} (default 10,000,000), {@code dir} (default bench/data/lists),
 * {@code memory} (the database's buffer cache, default 4GB).
 */
public final class ListBenchmark extends OffboardTimings {

    private ListBenchmark(ConfigurableApplicationContext app, int deals) {
        super(app, deals);
    }

    public static void main(String[] args) throws Exception {
        // Loading sweeps the benchmark's workspace as the server's background work does; each
        // measurement then works for its workspace, behind the same row-level security as a request.
        Tenancy.enterEveryWorkspace();
        int deals = Integer.getInteger("deals", 10_000_000);
        Path dir = Path.of(System.getProperty("dir", "bench/data/lists"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(CustodiaApplication.class)
                .properties(
                        "custodia.data-dir=" + dir.toAbsolutePath(),
                        "custodia.database.memory=" + System.getProperty("memory", "4GB"),
                        "server.port=0",
                        "logging.level.root=WARN",
                        "logging.level.io.custodia.records.UnitSettler=INFO")
                .run()) {
            new ListBenchmark(app, deals).run();
        }
    }

    private void run() throws Exception {
        world = loadedWorld();
        if (world == null) {
            generate();
            world = loadedWorld();
        }
        token = login();
        backgroundShares();
        vacuumAfterMigrations();
        System.out.printf(
                "%n%,d deals, %,d users, %d departments; %d warm-up and %d timed pages per case%n%n",
                db.fetchCount(Tables.DEAL),
                world.users().size(),
                world.departments().size(),
                WARMUP,
                RUNS);
        // -Dphases=lists,reports,move,offboard,import (the default: all but reports) runs parts on the same data.
        Set<String> phases = Set.of(
                System.getProperty("phases", "lists,move,offboard,import").split(","));
        if (phases.contains("lists")) {
            lists();
        }
        if (phases.contains("reports")) {
            reports();
        }
        if (phases.contains("move")) {
            orgChange();
        }
        if (phases.contains("offboard")) {
            offboard();
        }
        if (phases.contains("import")) {
            importVersusCopy();
        }
    }

    /**
     * Data made by an older build are migrated on start, and a migration that rewrites rows (V71
     * backfilled {@code closed_at} in two deals of ten) leaves the table's pages no longer
     * all-visible: until a vacuum, every index-only scan reads the heap too, and autovacuum would
     * start at some moment during the timings. A vacuum of a table that needs none takes a second.
     */
    private void vacuumAfterMigrations() throws Exception {
        long started = System.nanoTime();
        try (Connection c = schemaOwner.getConnection();
                Statement s = c.createStatement()) {
            s.execute("vacuum (analyze) deal");
        }
        System.out.printf("deal vacuumed (%.0f s)%n", (System.nanoTime() - started) / 1e9);
    }

    // ------------------------------------------------------------------ org change

    private void orgChange() throws Exception {
        UUID ws = world.workspace();
        Tenancy.enter(ws);
        UUID heavy = world.heavyOwner();
        UUID from = world.departmentOf().get(heavy);
        UUID to = world.departments().stream()
                .filter(d -> !d.equals(from) && world.membersOf().containsKey(d))
                .findFirst()
                .orElseThrow();
        UUID watcher = world.membersOf().get(to).get(0);
        roleFor("Bench department watcher", Grant.of(Level.DEPARTMENT), Map.of(), watcher);
        // The "department" case's user: the department the heavy owner is about to leave.
        UUID leftBehind = colleaguesOfTheHeavyOwner().get(0);
        roleFor("Bench department", Grant.of(Level.DEPARTMENT), Map.of(), leftBehind);
        FieldCatalog catalog = fields.catalogOf(ws);
        System.out.printf("%nOrg change: move the owner of %,d deals to another department (over HTTP)%n", HEAVY_DEALS);
        UUID light = world.users().get(21);
        UUID lightHome = world.departmentOf().get(light);
        // A server that has run for a while compiled its request path long ago; without this, the
        // moves below are timed in the JIT's interpreter (several times slower). Warmed with moves of
        // a user who owns nothing, so that no rows are rekeyed meanwhile, and with the watcher's list
        // read after each: a server in use lists records while people move, so it has also compiled
        // the lists that reach an unsettled owner by owner (otherwise the first such list is timed
        // in the interpreter, amid deoptimised jOOQ code).
        UUID mover = userOwningNothing(lightHome);
        for (int i = 0; i < MOVE_WARMUP; i++) {
            thereAndBack(mover, lightHome, to, () -> firstPage(watcher, catalog, null));
        }
        // Then a user who owns 2,000 deals, moved there and back.
        List<Double> lightMoves = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long a = System.nanoTime();
            thereAndBack(light, lightHome, to, () -> {});
            lightMoves.add((System.nanoTime() - a) / 4e6);
        }
        while (!settled(light)) {
            Thread.sleep(20);
        }
        System.out.printf(
                "  a membership change of a user who owns 2,000 deals: %.2f ms per request (median of 80)%n",
                lightMoves.stream().sorted().toList().get(10));
        // As a server in use would, the watcher's list was read since the last change.
        firstPage(watcher, catalog, null);
        long t0 = System.nanoTime();
        send("PUT", "/api/v1/departments/" + to + "/members/" + heavy, "{}");
        long t1 = System.nanoTime();
        send("DELETE", "/api/v1/departments/" + from + "/members/" + heavy, null);
        long t2 = System.nanoTime();
        int polls = 0;
        while (!seesHeavy(watcher, catalog)) {
            polls++;
        }
        long t3 = System.nanoTime();
        System.out.printf("  join the new department:  %7.2f ms (HTTP request, audited)%n", (t1 - t0) / 1e6);
        System.out.printf("  leave the old department: %7.2f ms%n", (t2 - t1) / 1e6);
        System.out.printf(
                "  until the new department's list shows the deals: %.2f ms after the move (%d extra polls)%n",
                (t3 - t2) / 1e6, polls);
        // The department he left lists the same records as before, and should not pay for the move.
        StringBuilder left = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            long l0 = System.nanoTime();
            firstPage(leftBehind, catalog, null);
            left.append(String.format(" %.2f", (System.nanoTime() - l0) / 1e6));
        }
        System.out.printf(
                "  the list of the department he left, its first six requests after the move (ms):%s%n", left);
        double[] during = time(() -> firstPage(watcher, catalog, null));
        System.out.printf(
                "  the new department's first page while rows are rekeyed: %.3f / %.3f ms%n", during[0], during[1]);
        while (!settled(heavy)) {
            Thread.sleep(20);
        }
        System.out.printf(
                "  background rekeying of %,d rows done %.1f s after the move%n",
                HEAVY_DEALS, (System.nanoTime() - t2) / 1e9);
        double[] after = time(() -> firstPage(watcher, catalog, null));
        System.out.printf("  the new department's first page afterwards: %.3f / %.3f ms%n", after[0], after[1]);
        // Put everything back for the next run: the same move the other way, timed too.
        long b0 = System.nanoTime();
        send("PUT", "/api/v1/departments/" + from + "/members/" + heavy, "{}");
        long b1 = System.nanoTime();
        send("DELETE", "/api/v1/departments/" + to + "/members/" + heavy, null);
        long b2 = System.nanoTime();
        System.out.printf("  moved back: join %.2f ms, leave %.2f ms%n", (b1 - b0) / 1e6, (b2 - b1) / 1e6);
        while (!settled(heavy)) {
            Thread.sleep(50);
        }
        // One request is one sample on two shared cores: the same move ten times there and back
        // (forty requests), not waiting for his rows to be rekeyed, so each request also competes
        // with that rewriting.
        List<Double> heavyMoves = new ArrayList<>();
        long[] last = new long[1];
        for (int i = 0; i < 10; i++) {
            last[0] = System.nanoTime();
            thereAndBack(heavy, from, to, () -> {
                long now = System.nanoTime();
                heavyMoves.add((now - last[0]) / 1e6);
                last[0] = now;
            });
        }
        List<Double> sorted = heavyMoves.stream().sorted().toList();
        System.out.printf(
                "  the same move repeated while his rows are rekeyed: %.2f ms per request (median of 40), 90th percentile %.2f, slowest %.2f%n",
                sorted.get(20), sorted.get(35), sorted.get(39));
        while (!settled(heavy)) {
            Thread.sleep(50);
        }
    }

    /**
     * Four membership changes over HTTP: the user joins {@code there}, leaves {@code home}, comes
     * back and leaves {@code there}; {@code between} runs after each.
     */
    private void thereAndBack(UUID user, UUID home, UUID there, Runnable between) throws Exception {
        send("PUT", "/api/v1/departments/" + there + "/members/" + user, "{}");
        between.run();
        send("DELETE", "/api/v1/departments/" + home + "/members/" + user, null);
        between.run();
        send("PUT", "/api/v1/departments/" + home + "/members/" + user, "{}");
        between.run();
        send("DELETE", "/api/v1/departments/" + there + "/members/" + user, null);
        between.run();
    }

    /** Rounds of {@link #thereAndBack} of a user who owns nothing, before moves are timed. */
    private static final int MOVE_WARMUP = 750;

    /** Whether the watcher's first page (as anyone would open it) shows the moved owner's deals. */
    private boolean seesHeavy(UUID watcher, FieldCatalog catalog) {
        return firstPage(watcher, catalog, null).stream()
                .anyMatch(r -> r.ownerId().equals(world.heavyOwner()));
    }

    private boolean settled(UUID user) {
        return Boolean.TRUE.equals(db.select(USER_UNIT.SETTLED)
                .from(USER_UNIT)
                .where(USER_UNIT.WORKSPACE_ID.eq(world.workspace()).and(USER_UNIT.USER_ID.eq(user)))
                .fetchOne(USER_UNIT.SETTLED));
    }

    // ------------------------------------------------------------------ import

    private void importVersusCopy() throws Exception {
        int rows = 100_000;
        UUID owner = world.users().get(3);
        StringBuilder csv = new StringBuilder("title,amount,ownerId,fields.region\n");
        StringBuilder raw = new StringBuilder();
        UUID stage = world.stages().get(0);
        for (int i = 0; i < rows; i++) {
            csv.append("Imported ")
                    .append(i)
                    .append(',')
                    .append(i % 1000)
                    .append(',')
                    .append(owner)
                    .append(",R01\n");
            raw.append(world.workspace())
                    .append(',')
                    .append(UUID.randomUUID())
                    .append(',')
                    .append(owner)
                    .append(',')
                    .append(world.departmentOf().get(owner))
                    .append(",Copied ")
                    .append(i)
                    .append(',')
                    .append(i % 1000)
                    .append(',')
                    .append(world.pipeline())
                    .append(',')
                    .append(stage)
                    .append(",\"{\"\"region\"\": \"\"R01\"\"}\"\n");
        }
        System.out.printf("%nImport of %,d deals into the indexed 10M-row table%n", rows);
        // Each measurement starts from the same state: the rows of the one before deleted, the
        // table vacuumed and a checkpoint written, so neither pays for the other's dirty pages.
        // Three rounds, alternating which goes first; medians.
        List<Double> copies = new ArrayList<>();
        List<Double> imports = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            boolean copyFirst = round % 2 == 0;
            for (int step = 0; step < 2; step++) {
                resetAfterImport();
                if ((step == 0) == copyFirst) {
                    copies.add(rawCopy(raw.toString()));
                } else {
                    imports.add(serverImport(csv.toString()));
                }
            }
        }
        resetAfterImport();
        double copySeconds = median(copies);
        double importSeconds = median(imports);
        System.out.printf(
                "  raw COPY (pgjdbc CopyManager):   %6.2f s, %,.0f rows/s (rounds: %s)%n",
                copySeconds, rows / copySeconds, seconds(copies));
        System.out.printf(
                "  POST /deals/import:             %6.2f s, %,.0f rows/s, %.0f%% of raw COPY (rounds: %s)%n",
                importSeconds, rows / importSeconds, 100 * copySeconds / importSeconds, seconds(imports));
    }

    /** As the schema owner: PostgreSQL refuses COPY into a table under row-level security. */
    private double rawCopy(String rows) throws Exception {
        long c0 = System.nanoTime();
        try (Connection c = schemaOwner.getConnection()) {
            c.setAutoCommit(false);
            c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "copy deal (workspace_id, id, owner_id, owner_unit, title, amount, pipeline_id, stage_id, fields) from stdin (format csv)",
                            new StringReader(rows));
            c.commit();
        }
        return (System.nanoTime() - c0) / 1e9;
    }

    /** The server's own import, atomic and as a job, timed until the job is done. */
    private double serverImport(String csv) throws Exception {
        long i0 = System.nanoTime();
        JsonNode job = sendCsv("/api/v1/deals/import?async=true&atomic=true", csv);
        String jobId = job.get("id").asString();
        JsonNode status;
        do {
            Thread.sleep(20);
            status = get("/api/v1/jobs/" + jobId);
        } while (status.get("state").asString().equals("RUNNING"));
        double seconds = (System.nanoTime() - i0) / 1e9;
        if (!status.get("state").asString().equals("DONE")) {
            System.out.println("  the import failed: " + status);
        }
        return seconds;
    }

    private void resetAfterImport() throws Exception {
        try (Connection c = schemaOwner.getConnection();
                Statement s = c.createStatement()) {
            s.execute("delete from deal where workspace_id = '" + world.workspace()
                    + "' and (title like 'Copied %' or title like 'Imported %')");
            s.execute("vacuum (analyze) deal");
            s.execute("checkpoint");
        }
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static String seconds(List<Double> values) {
        return String.join(
                ", ", values.stream().map(v -> String.format("%.2f", v)).toList());
    }
}
