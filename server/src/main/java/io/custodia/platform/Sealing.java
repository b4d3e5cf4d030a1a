package io.custodia.platform;

import static io.custodia.platform.db.Tables.SEALING_KEY;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Secrets the server must read again (an SSO client secret), sealed with AES-256-GCM under a key of
 * their workspace and bound to it and to their use ({@code purpose}), the way cursors are sealed
 * ({@link Cursors}): a sealed value copied to another workspace, or to another use, does not open.
 * The key lives in the database (made by the first node that needs it) and is never rotated away,
 * since what it sealed must stay readable. It keeps secrets out of query results, table copies and
 * logs; it is no defence against someone who holds the whole database.
 */
@Component
public class Sealing {
    private final DSLContext db;
    private final TransactionTemplate ownTransaction;
    private final SecureRandom random = new SecureRandom();
    private final Cache<UUID, SecretKeySpec> keys =
            Caffeine.newBuilder().maximumSize(100_000).build();

    Sealing(DSLContext db, PlatformTransactionManager transactions) {
        this.db = db;
        // Made in a transaction of its own, as a cursor key is: the caller's may roll back after the key was cached.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The value sealed for this workspace and use: the IV, then the ciphertext and its tag. */
    public byte[] seal(UUID workspaceId, String purpose, String value) {
        byte[] iv = new byte[AesGcm.IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = AesGcm.crypt(
                Cipher.ENCRYPT_MODE,
                keyOf(workspaceId),
                iv,
                binding(workspaceId, purpose),
                value.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(iv.length + sealed.length)
                .put(iv)
                .put(sealed)
                .array();
    }

    /** The value this workspace sealed for this use; an exception for anything else (edited, moved, forged). */
    public String open(UUID workspaceId, String purpose, byte[] sealed) {
        if (sealed.length < AesGcm.IV_BYTES + AesGcm.TAG_BITS / 8) {
            throw new IllegalStateException("a sealed value is too short to be one");
        }
        ByteBuffer in = ByteBuffer.wrap(sealed);
        byte[] iv = new byte[AesGcm.IV_BYTES];
        in.get(iv);
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        try {
            return new String(
                    AesGcm.crypt(Cipher.DECRYPT_MODE, keyOf(workspaceId), iv, binding(workspaceId, purpose), rest),
                    StandardCharsets.UTF_8);
        } catch (AesGcm.SealBroken e) {
            throw new IllegalStateException("a sealed value of workspace " + workspaceId + " does not open", e);
        }
    }

    private static String binding(UUID workspaceId, String purpose) {
        return workspaceId + "\u0001" + purpose;
    }

    private SecretKeySpec keyOf(UUID workspaceId) {
        return keys.get(
                workspaceId,
                k -> Tenancy.in(
                        workspaceId,
                        () -> ownTransaction.execute(status -> {
                            byte[] fresh = new byte[32];
                            random.nextBytes(fresh);
                            db.insertInto(SEALING_KEY)
                                    .set(SEALING_KEY.WORKSPACE_ID, workspaceId)
                                    .set(SEALING_KEY.SECRET, fresh)
                                    .onConflictDoNothing()
                                    .execute();
                            return new SecretKeySpec(
                                    db.select(SEALING_KEY.SECRET)
                                            .from(SEALING_KEY)
                                            .where(SEALING_KEY.WORKSPACE_ID.eq(workspaceId))
                                            .fetchSingle(SEALING_KEY.SECRET),
                                    "AES");
                        })));
    }
}
