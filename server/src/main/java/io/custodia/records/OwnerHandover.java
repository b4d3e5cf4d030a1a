package io.custodia.records;

import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.access.OwnerUnits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What records owns of a person who leaves (docs/access-model.md, "Offboarding"): their records,
 * the shared lists they own and the shares they hold, counted for a preview and handed over for
 * the offboarding job. Records move in batches, each in its own transaction, so every record is
 * owned by exactly one of the two at every moment and a stopped job keeps what it moved.
 */
@Service
public class OwnerHandover {
    static final int BATCH = 5_000;

    private final DSLContext db;
    private final OwnerUnits units;
    private final SharedLists lists;
    private final TransactionTemplate tx;

    OwnerHandover(DSLContext db, OwnerUnits units, SharedLists lists, PlatformTransactionManager transactions) {
        this.db = db;
        this.units = units;
        this.lists = lists;
        this.tx = new TransactionTemplate(transactions);
    }

    /** A shared list the person owns, as the preview names it. */
    public record OwnedList(UUID id, String name) {}

    /** How many records of each type the user owns (the recycle bin's too), by the type's key, in the registry's order. */
    public Map<String, Long> recordsOwnedBy(UUID ws, UUID owner) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RecordType type : RecordType.values()) {
            counts.put(type.entity.key(), (long)
                    db.fetchCount(type.table, type.workspaceId.eq(ws).and(type.ownerId.eq(owner))));
        }
        return counts;
    }

    /** The shared lists the user owns, by name. */
    public List<OwnedList> listsOwnedBy(UUID ws, UUID owner) {
        return lists.ownedBy(ws, List.of(owner)).stream()
                .map(l -> new OwnedList(l.id(), l.name()))
                .toList();
    }

    /** How many shares the user holds, live or expired. */
    public long sharesHeldBy(UUID ws, UUID user) {
        return db.fetchCount(RECORD_SHARE, RECORD_SHARE.WORKSPACE_ID.eq(ws).and(RECORD_SHARE.USER_ID.eq(user)));
    }

    /**
     * Transfers each list the user owns to the successor, as an orphaned list is transferred (the
     * user stays on it as MANAGER), in one transaction; answers how many.
     */
    public int transferLists(UUID ws, UUID from, UUID to) {
        return tx.execute(status -> {
            List<SharedLists.SharedList> owned = lists.ownedBy(ws, List.of(from));
            owned.forEach(l -> lists.transfer(ws, l.id(), from, to));
            return owned.size();
        });
    }

    /** Ends every share the user holds, in one transaction; answers how many. */
    public int endSharesHeld(UUID ws, UUID user) {
        return tx.execute(status -> db.deleteFrom(RECORD_SHARE)
                .where(RECORD_SHARE.WORKSPACE_ID.eq(ws))
                .and(RECORD_SHARE.USER_ID.eq(user))
                .execute());
    }

    /**
     * Gives every record {@code from} owns to {@code to}, in batches; {@code afterBatch} hears how
     * many moved so far after each one (and may throw to stop), and {@code whenNoneLeft} runs in the
     * transaction that moves the last ones. Answers how many moved, by type.
     */
    public Map<String, Long> transferRecords(
            UUID ws, UUID from, UUID to, LongConsumer afterBatch, Runnable whenNoneLeft) {
        Map<String, Long> moved = new LinkedHashMap<>();
        long total = 0;
        for (RecordType type : RecordType.values()) {
            // One pass over the owner's index, then batches by primary key (as UnitSettler does).
            List<UUID> owned = db.select(type.id)
                    .from(type.table)
                    .where(type.workspaceId.eq(ws).and(type.ownerId.eq(from)))
                    .fetch(type.id);
            long ofType = 0;
            for (int start = 0; start < owned.size(); start += BATCH) {
                List<UUID> batch = owned.subList(start, Math.min(owned.size(), start + BATCH));
                int done = tx.execute(status -> moveRows(ws, type, from, to, type.id.in(batch)));
                ofType += done;
                total += done;
                afterBatch.accept(total);
            }
            moved.put(type.entity.key(), ofType);
        }
        // Under the user's exclusive lock no write of a record of theirs is in flight: whatever a
        // write gave them while the batches ran moves now, and none is left behind.
        long late = tx.execute(status -> {
            units.lockExclusive(ws, from);
            long count = 0;
            for (RecordType type : RecordType.values()) {
                int done = moveRows(ws, type, from, to, DSL.trueCondition());
                moved.merge(type.entity.key(), (long) done, Long::sum);
                count += done;
            }
            whenNoneLeft.run();
            return count;
        });
        afterBatch.accept(total + late);
        return moved;
    }

    /** Moves the rows of {@code from} the condition picks, with the successor's unit key, as any change of owner. */
    private int moveRows(UUID ws, RecordType type, UUID from, UUID to, Condition which) {
        return db.update(type.table)
                .set(type.ownerId, to)
                // Takes the successor's shared lock: a move of theirs waits, so no stale key is left.
                .set(type.ownerUnit, units.unitForWriteOf(ws, to))
                .set(type.version, type.version.plus(1))
                .set(type.updatedAt, DSL.currentOffsetDateTime())
                .where(type.workspaceId.eq(ws))
                .and(type.ownerId.eq(from))
                .and(which)
                .execute();
    }
}
