package io.custodia.reliability;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.exception.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Makes the server's own database statements fail on purpose, at random, while a test has it armed:
 * for proving that a failure anywhere inside a request loses nothing and doubles nothing. Only
 * request threads are hit, never the test's own nor background work; idle unless armed.
 */
@Component
public class FaultInjection implements ExecuteListenerProvider {
    private volatile double probability;
    private Random random = new Random();
    private final AtomicInteger injected = new AtomicInteger();

    /** From now on each statement of a request fails with this probability. */
    public synchronized void arm(double probability, long seed) {
        this.random = new Random(seed);
        this.injected.set(0);
        this.probability = probability;
    }

    public void disarm() {
        probability = 0;
    }

    /** How many statements failed on purpose since the last {@link #arm}. */
    public int injected() {
        return injected.get();
    }

    @Override
    public ExecuteListener provide() {
        return new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                if (probability > 0 && Thread.currentThread().getName().startsWith("http-nio") && draw()) {
                    injected.incrementAndGet();
                    throw new DataAccessException("injected fault: the database failed this statement");
                }
            }
        };
    }

    private synchronized boolean draw() {
        return random.nextDouble() < probability;
    }
}
