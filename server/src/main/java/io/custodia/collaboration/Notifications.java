package io.custodia.collaboration;

import static io.custodia.platform.db.Tables.NOTIFICATION;

import io.custodia.platform.Text;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * In-app notifications, per user. Each is kept as a message key and its arguments and read in the
 * reader's language (the request's: the console's choice or {@code Accept-Language}).
 */
@Repository
public class Notifications {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final MessageSource messages;

    Notifications(DSLContext db, MessageSource messages) {
        this.db = db;
        this.messages = messages;
    }

    public record Notification(
            UUID id,
            String type,
            String recordType,
            UUID recordId,
            boolean accessRequired,
            String message,
            String messageKey,
            List<String> messageArgs,
            boolean read,
            OffsetDateTime createdAt) {}

    public void notify(
            UUID workspaceId,
            UUID userId,
            String type,
            String recordType,
            UUID recordId,
            boolean accessRequired,
            Text text) {
        db.insertInto(NOTIFICATION)
                .set(NOTIFICATION.WORKSPACE_ID, workspaceId)
                .set(NOTIFICATION.ID, UUID.randomUUID())
                .set(NOTIFICATION.USER_ID, userId)
                .set(NOTIFICATION.TYPE, type)
                .set(NOTIFICATION.RECORD_TYPE, recordType)
                .set(NOTIFICATION.RECORD_ID, recordId)
                .set(NOTIFICATION.ACCESS_REQUIRED, accessRequired)
                // The English words too, for whoever reads the table itself.
                .set(NOTIFICATION.MESSAGE, clipped(text.in(messages, Locale.ENGLISH)))
                .set(NOTIFICATION.MESSAGE_KEY, text.key())
                .set(NOTIFICATION.MESSAGE_ARGS, JSONB.valueOf(JSON.writeValueAsString(text.args())))
                .execute();
    }

    List<Notification> of(UUID workspaceId, UUID userId, OffsetDateTime before, UUID beforeId, int limit) {
        var where = NOTIFICATION.WORKSPACE_ID.eq(workspaceId).and(NOTIFICATION.USER_ID.eq(userId));
        if (before != null) {
            where = where.and(DSL.row(NOTIFICATION.CREATED_AT, NOTIFICATION.ID).lt(before, beforeId));
        }
        return db.selectFrom(NOTIFICATION)
                .where(where)
                .orderBy(NOTIFICATION.CREATED_AT.desc(), NOTIFICATION.ID.desc())
                .limit(limit)
                .fetch(r -> {
                    Locale reader = LocaleContextHolder.getLocale();
                    List<String> args = args(r.getMessageArgs());
                    // Notifications from before V80 have only their English words.
                    String message = r.getMessageKey() == null
                            ? r.getMessage()
                            : new Text(r.getMessageKey(), args).in(messages, reader);
                    return new Notification(
                            r.getId(),
                            r.getType(),
                            r.getRecordType(),
                            r.getRecordId(),
                            r.getAccessRequired(),
                            message,
                            r.getMessageKey(),
                            args,
                            r.getReadAt() != null,
                            r.getCreatedAt());
                });
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

    private static List<String> args(JSONB stored) {
        List<String> args = new ArrayList<>();
        if (stored != null) {
            JSON.readTree(stored.data()).forEach(a -> args.add(a.asString()));
        }
        return args;
    }

    /** The column holds 500 characters; names in the arguments may make the words longer. */
    private static String clipped(String words) {
        return words.length() <= 500 ? words : words.substring(0, 499) + "…";
    }
}
