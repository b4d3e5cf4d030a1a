package io.custodia.audit;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import io.custodia.platform.db.tables.records.AuditEntryRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Someone able to switch the append-only trigger off edits, deletes or reorders entries: every one
 * of 1,000 random tampers must be detected by the verification. Each trial runs in a transaction
 * that is rolled back, so the next starts from the intact log.
 */
class AuditTamperTrialsTest extends ApiTest {
    static final int TRIALS = Integer.getInteger("custodia.tamper.trials", 1_000);

    @Test
    void everyRandomEditDeletionAndReorderingIsDetected() throws SQLException {
        Tenant t = newWorkspace();
        for (int i = 0; i < 12; i++) {
            api().post("/api/v1/departments", t.adminToken(), Map.of("name", "D" + i));
        }
        assertThat(AuditChain.verify(db, t.id()).valid()).isTrue();
        Random random = new Random(2026);
        int detected = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            int kind = random.nextInt(4);
            long seed = random.nextLong();
            boolean caught;
            // As the schema owner (the server's own role may not switch the trigger off), undone after.
            try (Connection c = schemaOwner().getConnection()) {
                c.setAutoCommit(false);
                DSLContext owner = DSL.using(c, SQLDialect.POSTGRES);
                try {
                    owner.execute("alter table audit_entry disable trigger audit_entry_append_only");
                    List<AuditEntryRecord> entries = owner.selectFrom(AUDIT_ENTRY)
                            .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()))
                            .orderBy(AUDIT_ENTRY.SEQ)
                            .fetch();
                    tamper(owner, kind, new Random(seed), entries, t);
                    caught = !AuditChain.verify(owner, t.id()).valid();
                } finally {
                    c.rollback();
                }
            }
            assertThat(caught)
                    .as("trial %d (kind %d, seed %d) went unnoticed", trial, kind, seed)
                    .isTrue();
            detected++;
        }
        assertThat(detected).isEqualTo(TRIALS);
        assertThat(AuditChain.verify(db, t.id()).valid())
                .as("every trial was undone")
                .isTrue();
    }

    @Test
    void removedLastEntriesStayVisibleAfterTheNextAppend() throws SQLException {
        Tenant t = newWorkspace();
        for (int i = 0; i < 4; i++) {
            api().post("/api/v1/departments", t.adminToken(), Map.of("name", "D" + i));
        }
        try (Connection c = schemaOwner().getConnection()) {
            c.setAutoCommit(false);
            DSLContext owner = DSL.using(c, SQLDialect.POSTGRES);
            owner.execute("alter table audit_entry disable trigger audit_entry_append_only");
            long last = owner.select(DSL.max(AUDIT_ENTRY.SEQ))
                    .from(AUDIT_ENTRY)
                    .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()))
                    .fetchSingle(0, Long.class);
            owner.deleteFrom(AUDIT_ENTRY)
                    .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(AUDIT_ENTRY.SEQ.ge(last - 1)))
                    .execute();
            owner.execute("alter table audit_entry enable trigger audit_entry_append_only");
            c.commit();
        }
        // The next change appends after the anchor, not after what is left of the chain.
        api().post("/api/v1/departments", t.adminToken(), Map.of("name", "After"));

        assertThat(AuditChain.verify(db, t.id()).valid()).isFalse();
    }

    /** 0: edit a field; 1: edit a field and recompute that entry's hash; 2: delete; 3: swap two entries. */
    private void tamper(DSLContext db, int kind, Random random, List<AuditEntryRecord> entries, Tenant t) {
        AuditEntryRecord victim = entries.get(random.nextInt(entries.size()));
        switch (kind) {
            case 0, 1 -> {
                switch (random.nextInt(5)) {
                    case 0 -> victim.setAction(victim.getAction() + ".x");
                    case 1 -> victim.setActorName("Mallory");
                    case 2 -> victim.setAt(victim.getAt().plusNanos(1_000));
                    case 3 -> victim.setAfter(JSONB.valueOf("{\"name\": \"Mallory\"}"));
                    default -> victim.setTargetId("00000000-0000-0000-0000-000000000000");
                }
                if (kind == 1) {
                    victim.setHash(new AuditLog.Entry(
                                    victim.getWorkspaceId(),
                                    victim.getSeq(),
                                    victim.getId(),
                                    victim.getAt(),
                                    victim.getActorId(),
                                    victim.getActorName(),
                                    victim.getAction(),
                                    victim.getTargetType(),
                                    victim.getTargetId(),
                                    victim.getBefore() == null
                                            ? null
                                            : AuditLog.CANONICAL.readTree(
                                                    victim.getBefore().data()),
                                    victim.getAfter() == null
                                            ? null
                                            : AuditLog.CANONICAL.readTree(
                                                    victim.getAfter().data()),
                                    victim.getPreviousHash())
                            .hash());
                }
                db.executeUpdate(victim);
            }
            case 2 ->
                db.deleteFrom(AUDIT_ENTRY)
                        .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(AUDIT_ENTRY.SEQ.eq(victim.getSeq())))
                        .execute();
            default -> {
                AuditEntryRecord other = entries.get(random.nextInt(entries.size()));
                if (other.getSeq().equals(victim.getSeq())) {
                    other = entries.get((entries.indexOf(victim) + 1) % entries.size());
                }
                long a = victim.getSeq();
                long b = other.getSeq();
                move(db, t, a, -1);
                move(db, t, b, a);
                move(db, t, -1, b);
            }
        }
    }

    private static void move(DSLContext db, Tenant t, long from, long to) {
        db.update(AUDIT_ENTRY)
                .set(AUDIT_ENTRY.SEQ, to)
                .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(AUDIT_ENTRY.SEQ.eq(from)))
                .execute();
    }
}
