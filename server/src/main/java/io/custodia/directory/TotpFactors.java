package io.custodia.directory;

import static io.custodia.platform.db.Tables.TOTP_FACTOR;
import static io.custodia.platform.db.Tables.TOTP_RECOVERY_CODE;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Each person's authenticator secret and recovery codes (hashed). */
@Repository
class TotpFactors {
    private final DSLContext db;

    TotpFactors(DSLContext db) {
        this.db = db;
    }

    /** A person's factor: confirmed once a code from it was shown; {@code lastStep} the newest step used. */
    record Factor(String secret, boolean confirmed, long lastStep) {}

    Optional<Factor> of(UUID workspaceId, UUID userId) {
        return db.select(TOTP_FACTOR.SECRET, TOTP_FACTOR.CONFIRMED_AT, TOTP_FACTOR.LAST_STEP)
                .from(TOTP_FACTOR)
                .where(TOTP_FACTOR.WORKSPACE_ID.eq(workspaceId))
                .and(TOTP_FACTOR.USER_ID.eq(userId))
                .fetchOptional(r -> new Factor(r.value1(), r.value2() != null, r.value3()));
    }

    boolean confirmed(UUID workspaceId, UUID userId) {
        return of(workspaceId, userId).map(Factor::confirmed).orElse(false);
    }

    /** A new secret waiting for its first code; replaces an earlier one that never got one. */
    void pending(UUID workspaceId, UUID userId, String secret) {
        db.insertInto(TOTP_FACTOR)
                .set(TOTP_FACTOR.WORKSPACE_ID, workspaceId)
                .set(TOTP_FACTOR.USER_ID, userId)
                .set(TOTP_FACTOR.SECRET, secret)
                .onConflict(TOTP_FACTOR.WORKSPACE_ID, TOTP_FACTOR.USER_ID)
                .doUpdate()
                .set(TOTP_FACTOR.SECRET, secret)
                .set(TOTP_FACTOR.LAST_STEP, 0L)
                .set(TOTP_FACTOR.CREATED_AT, OffsetDateTime.now())
                .where(TOTP_FACTOR.CONFIRMED_AT.isNull())
                .execute();
    }

    /**
     * Takes the time step of a code as used: false when it, or a later one, was used already, so a
     * code seen by someone else is worth nothing once its owner has signed in with it.
     */
    boolean use(UUID workspaceId, UUID userId, long step) {
        return db.update(TOTP_FACTOR)
                        .set(TOTP_FACTOR.LAST_STEP, step)
                        .where(TOTP_FACTOR.WORKSPACE_ID.eq(workspaceId))
                        .and(TOTP_FACTOR.USER_ID.eq(userId))
                        .and(TOTP_FACTOR.LAST_STEP.lt(step))
                        .execute()
                == 1;
    }

    /** Confirms a pending factor and gives it its recovery codes (hashes); false when none was pending. */
    boolean confirm(UUID workspaceId, UUID userId, List<String> recoveryHashes) {
        int confirmed = db.update(TOTP_FACTOR)
                .set(TOTP_FACTOR.CONFIRMED_AT, OffsetDateTime.now())
                .where(TOTP_FACTOR.WORKSPACE_ID.eq(workspaceId))
                .and(TOTP_FACTOR.USER_ID.eq(userId))
                .and(TOTP_FACTOR.CONFIRMED_AT.isNull())
                .execute();
        if (confirmed == 0) {
            return false;
        }
        var insert = db.insertInto(
                TOTP_RECOVERY_CODE,
                TOTP_RECOVERY_CODE.WORKSPACE_ID,
                TOTP_RECOVERY_CODE.USER_ID,
                TOTP_RECOVERY_CODE.CODE_HASH);
        for (String hash : recoveryHashes) {
            insert = insert.values(workspaceId, userId, hash);
        }
        insert.execute();
        return true;
    }

    /** Uses a recovery code once: false when it is not one of theirs or was used before. */
    boolean useRecoveryCode(UUID workspaceId, UUID userId, String hash) {
        return db.update(TOTP_RECOVERY_CODE)
                        .set(TOTP_RECOVERY_CODE.USED_AT, OffsetDateTime.now())
                        .where(TOTP_RECOVERY_CODE.WORKSPACE_ID.eq(workspaceId))
                        .and(TOTP_RECOVERY_CODE.USER_ID.eq(userId))
                        .and(TOTP_RECOVERY_CODE.CODE_HASH.eq(hash))
                        .and(TOTP_RECOVERY_CODE.USED_AT.isNull())
                        .execute()
                == 1;
    }

    int recoveryCodesLeft(UUID workspaceId, UUID userId) {
        return db.fetchCount(
                TOTP_RECOVERY_CODE,
                TOTP_RECOVERY_CODE
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(TOTP_RECOVERY_CODE.USER_ID.eq(userId))
                        .and(TOTP_RECOVERY_CODE.USED_AT.isNull()));
    }

    /** Removes the factor and its recovery codes. */
    void remove(UUID workspaceId, UUID userId) {
        db.deleteFrom(TOTP_FACTOR)
                .where(TOTP_FACTOR.WORKSPACE_ID.eq(workspaceId))
                .and(TOTP_FACTOR.USER_ID.eq(userId))
                .execute();
    }
}
