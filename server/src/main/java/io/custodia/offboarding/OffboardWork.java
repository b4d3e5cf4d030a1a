package io.custodia.offboarding;

import io.custodia.access.OwnerOverlays;
import io.custodia.conversations.AttendantHandover;
import io.custodia.platform.Jobs;
import io.custodia.records.OwnerHandover;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The offboarding job's work: lists, conversations and shares first (few, one transaction each),
 * then the records in batches, reporting progress after each step. Each step commits on its own,
 * so a stop keeps what was moved and offboarding the person again moves the rest.
 */
final class OffboardWork {
    private final OwnerHandover records;
    private final OwnerOverlays overlays;
    private final AttendantHandover conversations;
    private final UUID ws;
    private final UUID from;
    private final UUID to;
    private final Set<OffboardPart> what;

    OffboardWork(
            OwnerHandover records,
            OwnerOverlays overlays,
            AttendantHandover conversations,
            UUID ws,
            UUID from,
            UUID to,
            Set<OffboardPart> what) {
        this.records = records;
        this.overlays = overlays;
        this.conversations = conversations;
        this.ws = ws;
        this.from = from;
        this.to = to;
        this.what = what;
    }

    /**
     * Moves what was asked for; answers what moved, for the job's result. {@code others} is how many
     * lists, conversations and shares the request counted; the records are counted here.
     */
    Map<String, Object> run(Jobs.Progress progress, long others) {
        long expected = others
                + (what.contains(OffboardPart.RECORDS)
                        ? records.recordsOwnedBy(ws, from).values().stream()
                                .mapToLong(Long::longValue)
                                .sum()
                        : 0);
        Map<String, Object> result = new LinkedHashMap<>();
        long[] done = {0};
        Runnable step = () -> progress.advance(done[0], Math.max(expected, done[0]));
        if (what.contains(OffboardPart.LISTS)) {
            int lists = records.transferLists(ws, from, to);
            result.put("lists", lists);
            done[0] += lists;
            step.run();
        }
        if (what.contains(OffboardPart.CONVERSATIONS)) {
            AttendantHandover.Handed handed = conversations.handOver(ws, from, to);
            result.put("conversations", handed);
            done[0] += handed.toSuccessor() + handed.toQueue();
            step.run();
        }
        if (what.contains(OffboardPart.SHARES)) {
            int ended = records.endSharesHeld(ws, from);
            result.put("sharesEnded", ended);
            done[0] += ended;
            step.run();
        }
        if (what.contains(OffboardPart.RECORDS)) {
            long before = done[0];
            // The overlay ends in the transaction that moves the last rows: no reader sees one
            // of the person's rows without it.
            result.put(
                    "records",
                    records.transferRecords(
                            ws,
                            from,
                            to,
                            moved -> {
                                done[0] = before + moved;
                                step.run();
                            },
                            () -> overlays.end(ws, from, to)));
        }
        return result;
    }
}
