package io.custodia.records;

import io.custodia.access.OwnerUnits;
import io.custodia.platform.OneNodeAtATime;
import io.custodia.platform.Tenancy;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rewrites the unit key on the records of users who moved department, in small batches outside any
 * request, then marks them settled so lists read their rows through the key again. Until then lists
 * reach those rows by owner, so nothing waits for this and nothing is wrong meanwhile.
 */
@Component
class UnitSettler {
    private static final Logger log = LoggerFactory.getLogger(UnitSettler.class);
    static final int BATCH = 5_000;

    private final DSLContext db;
    private final OwnerUnits units;
    private final OneNodeAtATime oneNode;
    private final TransactionTemplate tx;

    UnitSettler(DSLContext db, OwnerUnits units, PlatformTransactionManager transactions, OneNodeAtATime oneNode) {
        this.db = db;
        this.units = units;
        this.oneNode = oneNode;
        this.tx = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${custodia.units.settle-delay:PT0.5S}")
    void settleAll() {
        // One node at a time: two would rewrite the same owners' rows side by side.
        oneNode.run("records.settle-units", () -> Tenancy.acrossWorkspaces(this::settleEveryone));
    }

    private void settleEveryone() {
        for (OwnerUnits.Unsettled user : units.unsettled(100)) {
            settle(user);
        }
    }

    /** Rewrites the user's rows batch by batch; answers how many rows changed. */
    long settle(OwnerUnits.Unsettled user) {
        long started = System.nanoTime();
        long rewritten = 0;
        for (RecordType type : RecordType.values()) {
            // One pass over the owner's index for the stale rows, then batches by primary key: a
            // batch that searched again each time would rescan the rows already rewritten.
            List<UUID> stale =
                    db.select(type.id).from(type.table).where(stale(type, user)).fetch(type.id);
            for (int from = 0; from < stale.size(); from += BATCH) {
                List<UUID> batch = stale.subList(from, Math.min(stale.size(), from + BATCH));
                rewritten += tx.execute(status -> db.update(type.table)
                        .set(type.ownerUnit, user.unitId())
                        .where(type.workspaceId.eq(user.workspaceId()))
                        .and(type.id.in(batch))
                        .and(type.ownerId.eq(user.userId()))
                        .execute());
            }
        }
        Boolean settled = tx.execute(status -> {
            // Under the user's lock no record write is in flight: if no row is stale now, none will be.
            units.lockExclusive(user.workspaceId(), user.userId());
            for (RecordType type : RecordType.values()) {
                if (db.fetchExists(type.table, stale(type, user))) {
                    return false;
                }
            }
            return units.settle(user);
        });
        if (rewritten > 0) {
            log.info(
                    "unit of user {} settled={} after rewriting {} rows in {} ms",
                    user.userId(),
                    settled,
                    rewritten,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return rewritten;
    }

    private static Condition stale(RecordType type, OwnerUnits.Unsettled user) {
        return type.workspaceId
                .eq(user.workspaceId())
                .and(type.ownerId.eq(user.userId()))
                .and(type.ownerUnit.isDistinctFrom(user.unitId()));
    }
}
