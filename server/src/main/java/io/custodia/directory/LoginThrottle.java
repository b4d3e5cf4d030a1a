package io.custodia.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custodia.platform.CustodiaProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per account and per client address in fixed windows. Past the limit,
 * further attempts are refused until the window ends, whether or not the password is right.
 * Counters live in this process: a cluster of N nodes allows at most N times the limit.
 */
@Component
class LoginThrottle {
    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Window> failures;

    @org.springframework.beans.factory.annotation.Autowired
    LoginThrottle(CustodiaProperties properties) {
        this(properties, Clock.systemUTC());
    }

    LoginThrottle(CustodiaProperties properties, Clock clock) {
        this.perAccount = properties.auth().maxFailuresPerAccount();
        this.perAddress = properties.auth().maxFailuresPerAddress();
        this.window = properties.auth().failureWindow();
        this.clock = clock;
        this.failures = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterWrite(window)
                .build();
    }

    /** How long to wait, if the account or the address is throttled now. */
    Optional<Duration> blocked(String account, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        wait = longest(wait, waitFor("account:" + account, perAccount, now));
        wait = longest(wait, waitFor("address:" + address, perAddress, now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String account, String address) {
        Instant now = clock.instant();
        count("account:" + account, now);
        count("address:" + address, now);
    }

    void succeeded(String account) {
        failures.invalidate("account:" + account);
    }

    private Duration waitFor(String key, int limit, Instant now) {
        Window w = failures.getIfPresent(key);
        if (w == null || w.count() < limit) {
            return Duration.ZERO;
        }
        Instant end = w.start().plus(window);
        return end.isAfter(now) ? Duration.between(now, end) : Duration.ZERO;
    }

    private void count(String key, Instant now) {
        failures.asMap()
                .compute(
                        key,
                        (k, w) -> w == null || !w.start().plus(window).isAfter(now)
                                ? new Window(now, 1)
                                : new Window(w.start(), w.count() + 1));
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private record Window(Instant start, int count) {}
}
