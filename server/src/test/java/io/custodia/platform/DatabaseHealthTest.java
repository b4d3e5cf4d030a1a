package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** The health answer asks the database at most once per second, however often it is asked. */
class DatabaseHealthTest {
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DatabaseHealth health = new DatabaseHealth(countingDataSource(), now::get);

    @Test
    void aThousandCallsInOneSecondMakeOneCheck() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            now.addAndGet(900_000L);
        }
        assertThat(connections).hasValue(1);

        now.addAndGet(DatabaseHealth.KEPT.toNanos());
        health.health();
        assertThat(connections).hasValue(2);
    }

    @Test
    void aDatabaseThatGoesDownIsReportedWithinASecond() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        databaseUp.set(false);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        now.addAndGet(DatabaseHealth.KEPT.toNanos());
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(connections).hasValue(2);
    }

    @Test
    void aConnectionThatCannotBeHadIsDown() {
        DatabaseHealth unreachable = new DatabaseHealth(
                (DataSource) Proxy.newProxyInstance(
                        getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
                            throw new SQLException("connection refused");
                        }),
                now::get);
        assertThat(unreachable.health().getStatus()).isEqualTo(Status.DOWN);
    }

    private DataSource countingDataSource() {
        Connection connection = (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (p, method, args) -> switch (method.getName()) {
                    case "isValid" -> databaseUp.get();
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    connections.incrementAndGet();
                    return connection;
                });
    }
}
