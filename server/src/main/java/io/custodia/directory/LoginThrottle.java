package io.custodia.directory;

import static io.custodia.platform.db.Tables.SIGN_IN_FAILURE;

import io.custodia.platform.CustodiaProperties;
import io.custodia.platform.OneNodeAtATime;
import io.custodia.platform.Tenancy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts sign-in attempts per account and per client address in fixed windows, in the database, so
 * that every node counts the same attempts: a cluster allows no more failures than one node. Each
 * attempt takes its place in both counters before its password or code is checked, in one atomic
 * statement per counter, so attempts racing on two nodes cannot both slip under the limit; an attempt
 * that turns out right gives its place back. Past the limit, further attempts are refused until the
 * window ends, whether or not the password is right.
 */
@Component
class LoginThrottle {
    /** Where counters of client addresses, and of accounts of no workspace, are kept. */
    static final UUID NO_WORKSPACE = new UUID(0, 0);

    private final DSLContext db;
    private final OneNodeAtATime oneNode;
    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;

    @Autowired
    LoginThrottle(DSLContext db, CustodiaProperties properties, OneNodeAtATime oneNode) {
        this(db, properties, oneNode, Clock.systemUTC());
    }

    LoginThrottle(DSLContext db, CustodiaProperties properties, OneNodeAtATime oneNode, Clock clock) {
        this.db = db;
        this.oneNode = oneNode;
        this.perAccount = properties.auth().maxFailuresPerAccount();
        this.perAddress = properties.auth().maxFailuresPerAddress();
        this.window = properties.auth().failureWindow();
        this.clock = clock;
    }

    /** An account (a workspace's slug and a normalised e-mail) and the client's address. */
    record Attempt(UUID workspaceId, String account, String address) {
        Attempt {
            workspaceId = workspaceId == null ? NO_WORKSPACE : workspaceId;
        }
    }

    /**
     * Counts the attempt; how long to wait instead when the account or the address has used up its
     * window. An attempt that is allowed counts as a failure until {@link #succeeded} or
     * {@link #forgiven} says otherwise.
     */
    Optional<Duration> take(Attempt attempt) {
        Instant now = clock.instant();
        Duration wait = longest(
                waitFor(attempt.workspaceId(), "account:" + attempt.account(), perAccount, now),
                waitFor(NO_WORKSPACE, "address:" + attempt.address(), perAddress, now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** The attempt was right: the account starts afresh and the address gets its place back. */
    void succeeded(Attempt attempt) {
        Tenancy.acrossWorkspaces(() -> {
            db.deleteFrom(SIGN_IN_FAILURE)
                    .where(SIGN_IN_FAILURE.WORKSPACE_ID.eq(attempt.workspaceId()))
                    .and(SIGN_IN_FAILURE.KEY_HASH.eq(Tokens.hash("account:" + attempt.account())))
                    .execute();
            giveBack(NO_WORKSPACE, "address:" + attempt.address());
        });
    }

    /** The attempt was not a failure (the password was right, a second factor is still to come). */
    void forgiven(Attempt attempt) {
        Tenancy.acrossWorkspaces(() -> {
            giveBack(attempt.workspaceId(), "account:" + attempt.account());
            giveBack(NO_WORKSPACE, "address:" + attempt.address());
        });
    }

    /** Counters whose window has ended tell nothing: dropped every hour, on one node at a time. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
    void forgetEndedWindows() {
        OffsetDateTime before = OffsetDateTime.ofInstant(clock.instant().minus(window), ZoneOffset.UTC);
        oneNode.run(
                "directory.forget-sign-in-failures",
                () -> Tenancy.acrossWorkspaces(() -> db.deleteFrom(SIGN_IN_FAILURE)
                        .where(SIGN_IN_FAILURE.WINDOW_START.lt(before))
                        .execute()));
    }

    private Duration waitFor(UUID workspaceId, String key, int limit, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime windowOpenSince = at.minus(window);
        // One statement: a new window, or one more in the current one, counted by the database row's
        // lock, so that two nodes never both read the same count.
        Field<Boolean> current = SIGN_IN_FAILURE.WINDOW_START.gt(windowOpenSince);
        var counted = Tenancy.acrossWorkspaces(() -> db.insertInto(SIGN_IN_FAILURE)
                .set(SIGN_IN_FAILURE.WORKSPACE_ID, workspaceId)
                .set(SIGN_IN_FAILURE.KEY_HASH, Tokens.hash(key))
                .set(SIGN_IN_FAILURE.WINDOW_START, at)
                .set(SIGN_IN_FAILURE.FAILURES, 1)
                .onConflict(SIGN_IN_FAILURE.WORKSPACE_ID, SIGN_IN_FAILURE.KEY_HASH)
                .doUpdate()
                .set(
                        SIGN_IN_FAILURE.FAILURES,
                        DSL.when(current, SIGN_IN_FAILURE.FAILURES.plus(1)).otherwise(1))
                .set(
                        SIGN_IN_FAILURE.WINDOW_START,
                        DSL.when(current, SIGN_IN_FAILURE.WINDOW_START).otherwise(at))
                .returning(SIGN_IN_FAILURE.WINDOW_START, SIGN_IN_FAILURE.FAILURES)
                .fetchOne());
        if (counted.getFailures() <= limit) {
            return Duration.ZERO;
        }
        Instant end = counted.getWindowStart().toInstant().plus(window);
        return end.isAfter(now) ? Duration.between(now, end) : Duration.ZERO;
    }

    private void giveBack(UUID workspaceId, String key) {
        db.update(SIGN_IN_FAILURE)
                .set(SIGN_IN_FAILURE.FAILURES, DSL.greatest(SIGN_IN_FAILURE.FAILURES.minus(1), DSL.inline(0)))
                .where(SIGN_IN_FAILURE.WORKSPACE_ID.eq(workspaceId))
                .and(SIGN_IN_FAILURE.KEY_HASH.eq(Tokens.hash(key)))
                .execute();
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
