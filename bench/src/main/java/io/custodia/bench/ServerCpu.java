package io.custodia.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The processor time the server spends, read from the operating system: this JVM's (the server
 * runs in it; the benchmark itself only waits for wrk) and the embedded PostgreSQL's, the
 * postmaster found by its data directory and every backend under it. Divided by the requests wrk
 * counted, it says what one request costs each side, a figure the machine's drifting speed moves
 * far less than requests per second (issue #26).
 */
final class ServerCpu {
    private final OperatingSystemMXBean jvm = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final String dataDirectory;

    /** @param dataDirectory the database's directory, as PostgreSQL is started with it ({@code -D}) */
    ServerCpu(Path dataDirectory) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize().toString();
    }

    /** The two totals at one moment, in nanoseconds. */
    record Sample(long jvmNanos, long postgresNanos) {
        /** Milliseconds per request of each side since {@code earlier}. */
        double[] perRequest(Sample earlier, long requests) {
            return new double[] {
                (jvmNanos - earlier.jvmNanos) / 1e6 / requests, (postgresNanos - earlier.postgresNanos) / 1e6 / requests
            };
        }
    }

    Sample sample() {
        return new Sample(jvm.getProcessCpuTime(), postgresNanos());
    }

    /**
     * The postmaster's processor time and its live children's. A backend that ended during a
     * measurement takes its time with it; the pool keeps its connections, so none does.
     */
    private long postgresNanos() {
        List<ProcessHandle> postmasters = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("/postgres"))
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> Arrays.asList(args).contains(dataDirectory))
                        .orElse(false))
                .toList();
        if (postmasters.size() != 1) {
            throw new IllegalStateException(
                    "expected one PostgreSQL on " + dataDirectory + ", found " + postmasters.size());
        }
        ProcessHandle postmaster = postmasters.get(0);
        return cpu(postmaster)
                + postmaster.descendants().mapToLong(ServerCpu::cpu).sum();
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
