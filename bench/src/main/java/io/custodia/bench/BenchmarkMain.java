package io.custodia.bench;

import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.ConflictRule;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.RecordFacts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the engine benchmark end to end: checks that the three engines agree on a sample of the
 * standard world, measures the memory of every user's compiled access, runs the JMH benchmarks
 * and prints the table for docs/benchmarks.md (also written to bench/target/benchmarks.md).
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    public static void main(String[] args) throws RunnerException, IOException {
        World world = World.standard(ConflictRule.MOST_PERMISSIVE);
        int agreed = checkAgreement(world, 1_000);
        long bytes = compiledAccessBytes(world);
        Options options = new OptionsBuilder()
                .include(EngineBenchmark.class.getName())
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> figures = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            var stats = result.getPrimaryResult().getStatistics();
            figures.put(name, new double[] {stats.getPercentile(50), stats.getPercentile(99)});
        }
        String table = table(world, agreed, bytes, figures);
        System.out.println(table);
        Path out = Path.of("bench", "target", "benchmarks.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    static int checkAgreement(World world, int samples) {
        CasbinPeer casbin = new CasbinPeer(world);
        CedarPeer cedar = new CedarPeer(world);
        Random random = new Random(5);
        for (int i = 0; i < samples; i++) {
            UserId user = world.users.get(random.nextInt(world.users.size()));
            Action action = Action.values()[random.nextInt(Action.values().length)];
            RecordFacts record = world.records.get(random.nextInt(world.records.size()));
            boolean custodia = world.policy.compile(user).allows(action, record);
            if (casbin.allows(user, action, record) != custodia
                    || cedar.allows(user, action, record, cedar.resource(record)) != custodia) {
                throw new IllegalStateException("the engines disagree on " + user + " " + action + " " + record);
            }
        }
        return samples;
    }

    static long compiledAccessBytes(World world) {
        long before = usedHeap();
        CompiledAccess[] all = new CompiledAccess[world.users.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = world.policy.compile(world.users.get(i));
        }
        long after = usedHeap();
        if (all[all.length - 1] == null) {
            throw new IllegalStateException();
        }
        return after - before;
    }

    private static long usedHeap() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String table(World world, int agreed, long bytes, Map<String, double[]> f) {
        Runtime rt = Runtime.getRuntime();
        StringBuilder s = new StringBuilder();
        s.append("Machine: ")
                .append(rt.availableProcessors())
                .append(" cores, ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append(", Java ")
                .append(System.getProperty("java.version"))
                .append(", max heap ")
                .append(rt.maxMemory() >> 20)
                .append(" MiB\n\n");
        s.append("World: ")
                .append(world.users.size())
                .append(" users, ")
                .append(world.departments.size())
                .append(" departments (depth 4), ")
                .append(world.roles.size())
                .append(" roles (5 entities x 10 stages x 6 actions), ")
                .append(world.assignments.size())
                .append(" assignments; the three engines agreed on ")
                .append(agreed)
                .append(" sampled requests before timing.\n\n");
        s.append("| measure | p50 | p99 | goal |\n|---|---|---|---|\n");
        row(s, "Custodia decide (MOST_PERMISSIVE)", f.get("custodiaDecide"), "p50 <= 1 us, p99 <= 5 us");
        row(s, "Custodia decide (PRECEDENCE)", f.get("custodiaDecidePrecedence"), "p50 <= 1 us, p99 <= 5 us");
        row(s, "Custodia page of 50 decisions", f.get("custodiaPageOf50"), "<= 50 us");
        row(s, "Custodia compile one user", f.get("custodiaCompile"), "<= 50 us");
        row(s, "jCasbin 1.81.0 decide", f.get("casbinDecide"), "");
        row(s, "cedar-java 4.10.0 decide", f.get("cedarDecide"), "");
        s.append(String.format(
                Locale.ROOT,
                "\nCompiled access of all %d users: %.1f MB (goal <= 100 MB).%n",
                world.users.size(),
                bytes / 1e6));
        double[] us = f.get("custodiaDecide");
        if (us != null && f.get("casbinDecide") != null && f.get("cedarDecide") != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "Ratios at p50: jCasbin / Custodia = %.0fx, Cedar / Custodia = %.0fx.%n",
                    f.get("casbinDecide")[0] / us[0],
                    f.get("cedarDecide")[0] / us[0]));
            s.append(String.format(
                    Locale.ROOT,
                    "Ratios at p99: jCasbin / Custodia = %.0fx, Cedar / Custodia = %.0fx.%n",
                    f.get("casbinDecide")[1] / us[1],
                    f.get("cedarDecide")[1] / us[1]));
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String name, double[] ns, String goal) {
        if (ns == null) {
            return;
        }
        s.append("| ")
                .append(name)
                .append(" | ")
                .append(format(ns[0]))
                .append(" | ")
                .append(format(ns[1]))
                .append(" | ")
                .append(goal)
                .append(" |\n");
    }

    private static String format(double ns) {
        if (ns >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        if (ns >= 1_000) {
            return String.format(Locale.ROOT, "%.2f us", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ns", ns);
    }
}
