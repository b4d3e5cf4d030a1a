package io.custodia.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A gauge of a backlog counted by a query across every workspace, run at most once per
 * {@link #FRESH} however often the metrics are scraped (several scrapers, or a short interval,
 * must not turn into load on the database).
 */
public final class BacklogGauge {
    static final Duration FRESH = Duration.ofSeconds(10);

    private final LongSupplier count;
    private long counted;
    private long countedAt;
    private boolean ever;

    private BacklogGauge(LongSupplier count) {
        this.count = count;
    }

    /** Registers the gauge {@code name}, whose value is {@code count} run across every workspace. */
    public static void register(MeterRegistry meters, String name, String description, LongSupplier count) {
        BacklogGauge gauge = new BacklogGauge(count);
        // Held strongly: nothing else refers to this gauge's state, and a gauge holds its state
        // weakly by default (it would read NaN once collected).
        Gauge.builder(name, gauge, BacklogGauge::value)
                .description(description)
                .strongReference(true)
                .register(meters);
    }

    private synchronized double value() {
        long now = System.nanoTime();
        if (!ever || now - countedAt > FRESH.toNanos()) {
            counted = Tenancy.acrossWorkspaces(() -> count.getAsLong());
            countedAt = now;
            ever = true;
        }
        return counted;
    }
}
