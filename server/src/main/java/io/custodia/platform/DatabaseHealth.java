package io.custodia.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health answer's database check, done at most once a second whatever the number of callers:
 * a load balancer or an orchestrator probing every node often must not cost a connection and a
 * query each time (Spring Boot's own check, which this replaces by its bean name, runs one per call
 * on each of the two pools). It asks the application's own pool, the one requests use.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator {
    static final Duration KEPT = Duration.ofSeconds(1);
    private static final int VALIDATION_SECONDS = 2;

    private record Checked(Health health, long atNanos) {}

    private final DataSource dataSource;
    private final LongSupplier nanoClock;
    private volatile Checked last;

    @Autowired
    DatabaseHealth(DataSource dataSource) {
        this(dataSource, System::nanoTime);
    }

    DatabaseHealth(DataSource dataSource, LongSupplier nanoClock) {
        this.dataSource = dataSource;
        this.nanoClock = nanoClock;
    }

    @Override
    public Health health() {
        Checked checked = last;
        if (fresh(checked)) {
            return checked.health();
        }
        synchronized (this) {
            // Callers that waited here take the answer the first of them fetched.
            checked = last;
            if (!fresh(checked)) {
                checked = new Checked(check(), nanoClock.getAsLong());
                last = checked;
            }
            return checked.health();
        }
    }

    private boolean fresh(Checked checked) {
        return checked != null && nanoClock.getAsLong() - checked.atNanos() < KEPT.toNanos();
    }

    private Health check() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS)
                    ? Health.up().build()
                    : Health.down()
                            .withDetail("database", "the connection did not answer")
                            .build();
        } catch (SQLException e) {
            return Health.down(e).build();
        }
    }
}
