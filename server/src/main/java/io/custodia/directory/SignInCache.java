package io.custodia.directory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.custodia.platform.DatabaseListener;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The live sign-in tokens this node has checked, so that a request does not read its token from the
 * database each time. Whatever ends a user's sign-ins or changes what they carry (sign-out,
 * revocation, deactivation, a new name, a second factor turned on or off, the workspace's two-factor
 * policy) announces it through {@link SignInsEnded} in its
 * transaction; every node forgets that user's tokens when the notification arrives, and this node
 * also when its own transaction commits. While the node is not listening it caches nothing and
 * every request reads its token from the database, as the access versions do.
 */
@Component
class SignInCache extends DatabaseListener {
    /**
     * A live sign-in as read from the database: whose it is, and what decides at each request
     * whether it may only enrol a second factor (the workspace's policy, whether the user has one,
     * and whether the sign-in came through the identity provider, which asks its own).
     */
    record LiveSignIn(
            UUID workspaceId,
            UUID userId,
            String email,
            String name,
            TwoFactorPolicy policy,
            boolean secondFactor,
            Tokens.Kind kind) {}

    private record Entry(LiveSignIn signIn, OffsetDateTime expiresAt) {}

    private final Cache<String, Entry> entries = Caffeine.newBuilder()
            .maximumSize(20_000)
            // A backstop only: every end of a sign-in is announced.
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();
    /** Bumped before anything is forgotten, so a read that raced a notification caches nothing. */
    private final AtomicLong generation = new AtomicLong();

    private volatile boolean listening;

    SignInCache(DataSource dataSource) {
        super(dataSource, SignInsEnded.CHANNEL);
    }

    /** The live sign-in behind the token's hash as this node last read it; empty when it must read it again. */
    Optional<LiveSignIn> cached(String tokenHash) {
        Entry entry = entries.getIfPresent(tokenHash);
        if (entry == null || !entry.expiresAt().isAfter(OffsetDateTime.now())) {
            return Optional.empty();
        }
        return Optional.of(entry.signIn());
    }

    /** The generation to pass to {@link #keep} for a token about to be read from the database. */
    long generation() {
        return generation.get();
    }

    /** Keeps a sign-in read from the database since {@code readFrom} was the generation. */
    void keep(String tokenHash, LiveSignIn signIn, OffsetDateTime expiresAt, long readFrom) {
        if (!listening) {
            return;
        }
        entries.put(tokenHash, new Entry(signIn, expiresAt));
        // INVARIANT: kept, then the generation read again. Forgetting bumps the generation first and
        // removes second, so a notification that arrived while the token was read either removes
        // this entry or has bumped the generation by now; either way no ended sign-in stays.
        if (generation.get() != readFrom) {
            entries.invalidate(tokenHash);
        }
    }

    /**
     * Forgets the user's sign-ins on this node now and again when the caller's transaction commits
     * (a read between the two may have seen the rows before the change); other nodes forget them
     * when the transaction's notification reaches them.
     */
    void forgetWhenCommitted(UUID workspaceId, UUID userId) {
        forget(workspaceId, userId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget(workspaceId, userId);
                }
            });
        }
    }

    private void forget(UUID workspaceId, UUID userId) {
        generation.incrementAndGet();
        entries.asMap()
                .values()
                .removeIf(e -> e.signIn().userId().equals(userId)
                        && e.signIn().workspaceId().equals(workspaceId));
    }

    private void forgetEverything() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    @Override
    protected void listening() {
        // Notifications may have been missed before: start empty.
        forgetEverything();
        listening = true;
    }

    @Override
    protected void received(String payload) {
        SignInsEnded.Notice notice = SignInsEnded.Notice.parse(payload);
        forget(notice.workspaceId(), notice.userId());
    }

    @Override
    protected void lost() {
        listening = false;
        forgetEverything();
    }
}
