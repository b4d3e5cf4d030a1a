package io.custodia.collaboration;

import static io.custodia.platform.db.Tables.MAIL_OUTBOX;

import io.custodia.platform.db.tables.records.MailOutboxRecord;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * E-mail waiting to be sent, written in the transaction of what caused it: nothing is lost when
 * the mail server is down, and nothing is sent for a change that rolled back.
 */
@Repository
class MailOutbox {
    private final DSLContext db;

    MailOutbox(DSLContext db) {
        this.db = db;
    }

    record Mail(
            UUID workspaceId,
            UUID id,
            String to,
            String subject,
            String body,
            int attempts,
            OffsetDateTime nextAttemptAt,
            OffsetDateTime sentAt,
            String lastError,
            OffsetDateTime createdAt) {}

    void enqueue(UUID ws, String to, String subject, String body) {
        db.insertInto(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.WORKSPACE_ID, ws)
                .set(MAIL_OUTBOX.ID, UUID.randomUUID())
                .set(MAIL_OUTBOX.TO_ADDRESS, to)
                .set(MAIL_OUTBOX.SUBJECT, subject)
                .set(MAIL_OUTBOX.BODY, body)
                .execute();
    }

    /** How many mails are not sent yet, in the workspaces the caller's tenancy reaches. */
    long unsent() {
        return db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.SENT_AT.isNull());
    }

    /** Unsent mail whose next attempt is due, oldest first, locked so that two nodes never both send it. */
    List<Mail> due(int limit) {
        return db.selectFrom(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.SENT_AT.isNull())
                .and(MAIL_OUTBOX.NEXT_ATTEMPT_AT.le(OffsetDateTime.now()))
                .orderBy(MAIL_OUTBOX.NEXT_ATTEMPT_AT)
                .limit(limit)
                .forUpdate()
                .skipLocked()
                .fetch(MailOutbox::mail);
    }

    void sent(Mail mail) {
        db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.SENT_AT, OffsetDateTime.now())
                .set(MAIL_OUTBOX.ATTEMPTS, mail.attempts() + 1)
                .set(MAIL_OUTBOX.LAST_ERROR, (String) null)
                .where(MAIL_OUTBOX.WORKSPACE_ID.eq(mail.workspaceId()).and(MAIL_OUTBOX.ID.eq(mail.id())))
                .execute();
    }

    /** Tries again later: {@code base} after the first failure, doubling each time, at most an hour. */
    void failed(Mail mail, String error, Duration base) {
        int attempts = mail.attempts() + 1;
        long seconds = Math.min(3600, Math.max(1, base.toMillis() / 1000) << Math.min(attempts - 1, 12));
        db.update(MAIL_OUTBOX)
                .set(MAIL_OUTBOX.ATTEMPTS, attempts)
                .set(MAIL_OUTBOX.LAST_ERROR, error.length() > 1000 ? error.substring(0, 1000) : error)
                .set(MAIL_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now().plus(Duration.ofSeconds(seconds)))
                .where(MAIL_OUTBOX.WORKSPACE_ID.eq(mail.workspaceId()).and(MAIL_OUTBOX.ID.eq(mail.id())))
                .execute();
    }

    List<Mail> of(UUID ws, boolean unsentOnly, int limit) {
        var where = MAIL_OUTBOX.WORKSPACE_ID.eq(ws);
        if (unsentOnly) {
            where = where.and(MAIL_OUTBOX.SENT_AT.isNull());
        }
        return db.selectFrom(MAIL_OUTBOX)
                .where(where)
                .orderBy(MAIL_OUTBOX.CREATED_AT.desc())
                .limit(limit)
                .fetch(MailOutbox::mail);
    }

    private static Mail mail(MailOutboxRecord r) {
        return new Mail(
                r.getWorkspaceId(),
                r.getId(),
                r.getToAddress(),
                r.getSubject(),
                r.getBody(),
                r.getAttempts(),
                r.getNextAttemptAt(),
                r.getSentAt(),
                r.getLastError(),
                r.getCreatedAt());
    }
}
