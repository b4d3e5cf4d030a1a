package io.custodia;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.DoublePredicate;

/** The server's meters as {@code /actuator/prometheus} shows them. */
public final class Metrics {
    private Metrics() {}

    /**
     * The sum of every series of the meter that carries all the labels ({@code key="value"}); NaN
     * when the meter has no such series.
     */
    public static double value(Api api, String name, String... labels) {
        double sum = Double.NaN;
        for (String line : api.get("/actuator/prometheus", null).body().lines().toList()) {
            if (!(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            if (Arrays.stream(labels).allMatch(series::contains)) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sum = Double.isNaN(sum) ? v : sum + v;
            }
        }
        return sum;
    }

    /** {@link #value}, asked again until it satisfies {@code until} or ten seconds pass; answers the last. */
    public static double awaitValue(Api api, DoublePredicate until, String name, String... labels)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        double v = value(api, name, labels);
        while (!until.test(v) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            v = value(api, name, labels);
        }
        return v;
    }

    /** NaN (no series yet) as zero, to compare counts before and after. */
    public static double count(Api api, String name, String... labels) {
        double v = value(api, name, labels);
        return Double.isNaN(v) ? 0 : v;
    }
}
