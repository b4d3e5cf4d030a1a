package io.custodia.collaboration;

import static io.custodia.platform.db.Tables.NOTIFICATION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** In-app notifications, per user. */
@Repository
public class Notifications {
    private final DSLContext db;

    Notifications(DSLContext db) {
        this.db = db;
    }

    public record Notification(
            UUID id,
            String type,
            String recordType,
            UUID recordId,
            boolean accessRequired,
            String message,
            boolean read,
            OffsetDateTime createdAt) {}

    public void notify(
            UUID workspaceId,
            UUID userId,
            String type,
            String recordType,
            UUID recordId,
            boolean accessRequired,
            String message) {
        db.insertInto(NOTIFICATION)
                .set(NOTIFICATION.WORKSPACE_ID, workspaceId)
                .set(NOTIFICATION.ID, UUID.randomUUID())
                .set(NOTIFICATION.USER_ID, userId)
                .set(NOTIFICATION.TYPE, type)
                .set(NOTIFICATION.RECORD_TYPE, recordType)
                .set(NOTIFICATION.RECORD_ID, recordId)
                .set(NOTIFICATION.ACCESS_REQUIRED, accessRequired)
                .set(NOTIFICATION.MESSAGE, message)
                .execute();
    }

    List<Notification> of(UUID workspaceId, UUID userId, OffsetDateTime before, UUID beforeId, int limit) {
        var where = NOTIFICATION.WORKSPACE_ID.eq(workspaceId).and(NOTIFICATION.USER_ID.eq(userId));
        if (before != null) {
            where = where.and(org.jooq
                    .impl
                    .DSL
                    .row(NOTIFICATION.CREATED_AT, NOTIFICATION.ID)
                    .lt(before, beforeId));
        }
        return db.selectFrom(NOTIFICATION)
                .where(where)
                .orderBy(NOTIFICATION.CREATED_AT.desc(), NOTIFICATION.ID.desc())
                .limit(limit)
                .fetch(r -> new Notification(
                        r.getId(),
                        r.getType(),
                        r.getRecordType(),
                        r.getRecordId(),
                        r.getAccessRequired(),
                        r.getMessage(),
                        r.getReadAt() != null,
                        r.getCreatedAt()));
    }

    boolean markRead(UUID workspaceId, UUID userId, UUID id) {
        return db.update(NOTIFICATION)
                        .set(NOTIFICATION.READ_AT, OffsetDateTime.now())
                        .where(NOTIFICATION.WORKSPACE_ID.eq(workspaceId))
                        .and(NOTIFICATION.USER_ID.eq(userId))
                        .and(NOTIFICATION.ID.eq(id))
                        .execute()
                == 1;
    }
}
