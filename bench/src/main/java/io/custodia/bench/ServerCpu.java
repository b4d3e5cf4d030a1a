package io.custodia.bench;

import com.sun.management.OperatingSystemMXBean;
import io.custodia.platform.EmbeddedDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The processor time the server spends, read from the operating system (Linux's {@code /proc}, as
 * wrk makes the benchmark Linux-only anyway): this JVM's, which holds the server, the benchmark
 * (which only waits for wrk), the collector and the compiler; and the embedded PostgreSQL's, its
 * postmaster and every process under it. Divided by the requests wrk counted, it says what one
 * request costs each side, a figure the machine's drifting speed moves far less than requests per
 * second (issue #26).
 */
final class ServerCpu {
    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture it runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final OperatingSystemMXBean jvm = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long postmaster;

    /** @param dataDir the server's data directory, whose embedded database's postmaster is measured */
    ServerCpu(Path dataDir) throws IOException {
        this.postmaster = EmbeddedDatabase.postmasterOf(dataDir)
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL running in " + dataDir))
                .pid();
    }

    /** Both totals, in nanoseconds, when a measurement starts. */
    record Start(long jvmNanos, long postgresNanos) {}

    /** What each side spent over a measurement, in nanoseconds. */
    record Spent(long jvmNanos, long postgresNanos) {
        /** Processor milliseconds per request of each side. */
        PerRequest per(long requests) {
            return new PerRequest(jvmNanos / 1e6 / requests, postgresNanos / 1e6 / requests);
        }
    }

    /** Processor milliseconds per request of each side over a measurement. */
    record PerRequest(double jvmMs, double postgresMs) {}

    /** The totals now; PostgreSQL's is read first, so that reading it is not counted to the JVM. */
    Start start() {
        long postgres = postgresNanos();
        return new Start(jvm.getProcessCpuTime(), postgres);
    }

    /** What each side spent since {@code start}; the JVM's total is read first, for the same reason. */
    Spent since(Start start) {
        long jvmNanos = jvm.getProcessCpuTime();
        long postgres = postgresNanos();
        return new Spent(jvmNanos - start.jvmNanos(), postgres - start.postgresNanos());
    }

    /**
     * The postmaster's own time, the time of its children that have ended (which the kernel adds to
     * the parent when it reaps them: the pool retires connections after 30 minutes, autovacuum's
     * workers come and go), and the time of those still running. Every PostgreSQL process is a
     * child of the postmaster, so this total only grows.
     */
    private long postgresNanos() {
        long[] own = ticks(postmaster);
        long total = own[0] + own[1] + own[2] + own[3];
        ProcessHandle running = ProcessHandle.of(postmaster)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL (pid " + postmaster + ") has ended"));
        for (ProcessHandle child : running.children().toList()) {
            long[] times = ticks(child.pid());
            total += times[0] + times[1];
        }
        return total * NANOS_PER_TICK;
    }

    /**
     * utime, stime, cutime and cstime of a process, or zeros for one that has just ended (its time
     * is then in the postmaster's cutime and cstime).
     */
    private static long[] ticks(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException ended) {
            return new long[4];
        }
        // The command name, in parentheses, may hold spaces: the fields are counted after it. What
        // follows ")" starts at field 3 (state); utime is field 14.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {
            Long.parseLong(fields[11]),
            Long.parseLong(fields[12]),
            Long.parseLong(fields[13]),
            Long.parseLong(fields[14])
        };
    }
}
