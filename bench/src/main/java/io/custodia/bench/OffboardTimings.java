package io.custodia.bench;

import static io.custodia.platform.db.Tables.APP_USER;

import io.custodia.platform.Tenancy;
import io.custodia.platform.db.Tables;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Grant;
import io.custodia.policy.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/** The list benchmark's offboarding phase (docs/benchmarks.md, "Offboarding"), on the same data. */
abstract class OffboardTimings extends ListTimings {

    OffboardTimings(ConfigurableApplicationContext app, int deals) {
        super(app, deals);
    }

    // ------------------------------------------------------------------ offboarding

    /**
     * Offboards the owner of 200,000 deals to a user who owns nothing (over HTTP): the preview, the
     * request, whether the successor's lists show the deals on the first read after it (the owner
     * overlay), those lists' first pages before, while the job moves the rows and afterwards, and
     * the job. Then puts everything back (reactivates him and offboards the successor's records to him).
     */
    private static double percentile(List<Double> times, int p) {
        List<Double> sorted = times.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    void offboard() throws Exception {
        UUID ws = world.workspace();
        Tenancy.enter(ws);
        UUID heavy = world.heavyOwner();
        UUID home = world.departmentOf().get(world.users().get(21));
        UUID successor = userOwningNothing(home);
        UUID watcher = world.membersOf().get(home).get(0);
        roleFor("Bench offboarding watcher", Grant.of(Level.DEPARTMENT), Map.of(), watcher);
        roleFor("Bench offboarding successor", Grant.of(Level.OWN), Map.of(), successor);
        // A bystander: the head-level reader of a department the offboarding does not touch, timed
        // alongside, so that a slower page while the job runs can be told from the shared cores.
        UUID heavysHome = world.departmentOf().get(heavy);
        UUID bystander = world.membersOf().entrySet().stream()
                .filter(e -> !e.getKey().equals(home) && !e.getKey().equals(heavysHome))
                .findFirst()
                .orElseThrow()
                .getValue()
                .get(0);
        roleFor("Bench offboarding bystander", Grant.of(Level.DEPARTMENT), Map.of(), bystander);
        FieldCatalog catalog = fields.catalogOf(ws);
        String body = "{\"transferTo\":\"" + successor + "\",\"what\":[\"records\"]}";
        long owned = send("POST", "/api/v1/users/" + heavy + "/offboard?dryRun=true", body)
                .get("counts")
                .get("deal")
                .asLong();
        System.out.printf("%nOffboarding: the owner of %,d deals to someone who owns nothing (over HTTP)%n", owned);
        // Warmed with previews, which run the same checks and counts and change nothing.
        for (int i = 0; i < 50; i++) {
            send("POST", "/api/v1/users/" + heavy + "/offboard?dryRun=true", body);
        }
        List<Double> previews = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long p0 = System.nanoTime();
            send("POST", "/api/v1/users/" + heavy + "/offboard?dryRun=true", body);
            previews.add((System.nanoTime() - p0) / 1e6);
        }
        System.out.printf(
                "  the preview: %.2f ms (median of 21)%n",
                previews.stream().sorted().toList().get(10));
        // The ordinary deactivation, which the request includes: someone owning nothing, and back.
        UUID other = world.users().get(21);
        List<Double> deactivations = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            long d0 = System.nanoTime();
            send("PATCH", "/api/v1/users/" + other, "{\"status\":\"deactivated\"}");
            deactivations.add((System.nanoTime() - d0) / 1e6);
            send("PATCH", "/api/v1/users/" + other, "{\"status\":\"active\"}");
        }
        System.out.printf(
                "  a deactivation alone (PATCH): %.2f ms (median of 11)%n",
                deactivations.stream().sorted().toList().get(5));
        // Offboardings of someone owning nothing, to the same successor: they warm the request's path
        // (the previews run only its checks), and the request must cost them what it costs the owner
        // of all the deals.
        UUID idle = userOwningNothing(home, "idle@bench.test");
        String idleBody = "{\"transferTo\":\"" + successor + "\",\"what\":[\"records\"]}";
        List<Double> idles = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long i0 = System.nanoTime();
            String idleJob = send("POST", "/api/v1/users/" + idle + "/offboard", idleBody)
                    .get("id")
                    .asString();
            idles.add((System.nanoTime() - i0) / 1e6);
            waitForJob(idleJob);
            send("PATCH", "/api/v1/users/" + idle, "{\"status\":\"active\"}");
        }
        System.out.printf(
                "  the request for someone owning nothing: %.2f ms (median of the last 11 of 30)%n",
                idles.subList(19, 30).stream().sorted().toList().get(5));
        double[] before = time(() -> firstPage(watcher, catalog, null));
        double[] successorBefore = time(() -> firstPage(successor, catalog, null));
        double[] bystanderBefore = time(() -> firstPage(bystander, catalog, null));
        long t0 = System.nanoTime();
        String job = send("POST", "/api/v1/users/" + heavy + "/offboard", body)
                .get("id")
                .asString();
        long t1 = System.nanoTime();
        System.out.printf(
                "  the request (checks, deactivation, overlay, audit, job started): %.2f ms%n", (t1 - t0) / 1e6);
        // The first reads after the 202: the job has moved few rows or none, the overlay shows them all.
        int theirs = firstPage(successor, catalog, null).size();
        int filtered = firstPageOwnedBy(watcher, successor, catalog).size();
        long moved = db.fetchCount(Tables.DEAL, Tables.DEAL.OWNER_ID.eq(successor));
        System.out.printf(
                "  first reads after the 202, %,d of %,d rows moved by then: the successor's page %d deals,"
                        + " the department's page filtered by the successor %d deals%n",
                moved, owned, theirs, filtered);
        // Pages of both, alternately, only while the job still has rows to move (the row count
        // between them is not timed).
        List<Double> during = new ArrayList<>();
        List<Double> successorDuring = new ArrayList<>();
        List<Double> bystanderDuring = new ArrayList<>();
        while (db.fetchExists(Tables.DEAL, Tables.DEAL.OWNER_ID.eq(heavy))) {
            long d0 = System.nanoTime();
            firstPage(watcher, catalog, null);
            long d1 = System.nanoTime();
            firstPage(successor, catalog, null);
            long d2 = System.nanoTime();
            firstPage(bystander, catalog, null);
            during.add((d1 - d0) / 1e6);
            successorDuring.add((d2 - d1) / 1e6);
            bystanderDuring.add((System.nanoTime() - d2) / 1e6);
        }
        waitForJob(job);
        long t2 = System.nanoTime();
        System.out.printf("  the job moved %,d rows; it had ended %.1f s after the request%n", owned, (t2 - t1) / 1e9);
        double[] after = time(() -> firstPage(watcher, catalog, null));
        double[] successorAfter = time(() -> firstPage(successor, catalog, null));
        double[] bystanderAfter = time(() -> firstPage(bystander, catalog, null));
        System.out.printf(
                "  first pages, p50 / p99 ms, before / while the job moves rows (%d pages each) / afterwards:%n"
                        + "    the successor's department %.3f / %.3f, %.3f / %.3f, %.3f / %.3f%n"
                        + "    the successor %.3f / %.3f, %.3f / %.3f, %.3f / %.3f%n"
                        + "    a department it does not touch %.3f / %.3f, %.3f / %.3f, %.3f / %.3f%n",
                during.size(),
                before[0],
                before[1],
                percentile(during, 50),
                percentile(during, 99),
                after[0],
                after[1],
                successorBefore[0],
                successorBefore[1],
                percentile(successorDuring, 50),
                percentile(successorDuring, 99),
                successorAfter[0],
                successorAfter[1],
                bystanderBefore[0],
                bystanderBefore[1],
                percentile(bystanderDuring, 50),
                percentile(bystanderDuring, 99),
                bystanderAfter[0],
                bystanderAfter[1]);
        // Put everything back for the next run.
        send("PATCH", "/api/v1/users/" + heavy, "{\"status\":\"active\"}");
        String back = send(
                        "POST",
                        "/api/v1/users/" + successor + "/offboard",
                        "{\"transferTo\":\"" + heavy + "\",\"what\":[\"records\"],\"deactivate\":false}")
                .get("id")
                .asString();
        waitForJob(back);
    }

    private void waitForJob(String job) throws Exception {
        while (get("/api/v1/jobs/" + job).get("state").asString().equals("RUNNING")) {
            Thread.sleep(20);
        }
        String state = get("/api/v1/jobs/" + job).get("state").asString();
        if (!state.equals("DONE")) {
            throw new IllegalStateException("the offboarding job " + job + " ended " + state);
        }
    }

    /** A member of the department who owns no record (created the first time, over the API). */
    UUID userOwningNothing(UUID department) throws Exception {
        return userOwningNothing(department, "mover@bench.test");
    }

    private UUID userOwningNothing(UUID department, String email) throws Exception {
        UUID id = db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(world.workspace()))
                .and(APP_USER.EMAIL.eq(email))
                .fetchOne(APP_USER.ID);
        if (id == null) {
            id = UUID.fromString(send(
                            "POST",
                            "/api/v1/users",
                            "{\"email\":\"" + email + "\",\"name\":\"Mover\",\"password\":\"" + UUID.randomUUID()
                                    + "\"}")
                    .get("id")
                    .asString());
        }
        send("PUT", "/api/v1/departments/" + department + "/members/" + id, "{}");
        return id;
    }
}
