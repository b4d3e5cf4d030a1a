package io.custodia.collaboration;

import static io.custodia.platform.db.Tables.RECORD_COMMENT;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Comments on records. */
@Repository
public class Comments {
    private final DSLContext db;

    Comments(DSLContext db) {
        this.db = db;
    }

    public record Comment(
            UUID id,
            UUID authorId,
            String body,

            @JsonProperty("private") boolean privateComment,

            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    void add(
            UUID workspaceId,
            UUID id,
            String recordType,
            UUID recordId,
            UUID author,
            String body,
            boolean privateComment) {
        db.insertInto(RECORD_COMMENT)
                .set(RECORD_COMMENT.WORKSPACE_ID, workspaceId)
                .set(RECORD_COMMENT.ID, id)
                .set(RECORD_COMMENT.RECORD_TYPE, recordType)
                .set(RECORD_COMMENT.RECORD_ID, recordId)
                .set(RECORD_COMMENT.AUTHOR_ID, author)
                .set(RECORD_COMMENT.BODY, body)
                .set(RECORD_COMMENT.PRIVATE, privateComment)
                .execute();
    }

    /** The comments a reader of the record sees: every public one, and its own private ones. */
    List<Comment> visibleTo(UUID workspaceId, String recordType, UUID recordId, UUID reader) {
        return db.selectFrom(RECORD_COMMENT)
                .where(RECORD_COMMENT.WORKSPACE_ID.eq(workspaceId))
                .and(RECORD_COMMENT.RECORD_TYPE.eq(recordType))
                .and(RECORD_COMMENT.RECORD_ID.eq(recordId))
                .and(RECORD_COMMENT.PRIVATE.isFalse().or(RECORD_COMMENT.AUTHOR_ID.eq(reader)))
                .orderBy(RECORD_COMMENT.CREATED_AT, RECORD_COMMENT.ID)
                .fetch(r -> new Comment(
                        r.getId(), r.getAuthorId(), r.getBody(), r.getPrivate(), r.getCreatedAt(), r.getUpdatedAt()));
    }

    Optional<Comment> ownedBy(UUID workspaceId, String recordType, UUID recordId, UUID id, UUID author) {
        return visibleTo(workspaceId, recordType, recordId, author).stream()
                .filter(c -> c.id().equals(id) && c.authorId().equals(author))
                .findFirst();
    }

    void edit(UUID workspaceId, UUID id, String body) {
        db.update(RECORD_COMMENT)
                .set(RECORD_COMMENT.BODY, body)
                .set(RECORD_COMMENT.UPDATED_AT, OffsetDateTime.now())
                .where(RECORD_COMMENT.WORKSPACE_ID.eq(workspaceId).and(RECORD_COMMENT.ID.eq(id)))
                .execute();
    }

    void delete(UUID workspaceId, UUID id) {
        db.deleteFrom(RECORD_COMMENT)
                .where(RECORD_COMMENT.WORKSPACE_ID.eq(workspaceId).and(RECORD_COMMENT.ID.eq(id)))
                .execute();
    }
}
