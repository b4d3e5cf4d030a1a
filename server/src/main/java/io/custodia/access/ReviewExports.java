package io.custodia.access;

import static io.custodia.platform.db.Tables.ACCESS_REVIEW_EXPORT;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Each export of the access review with what it said, so that the next review can be compared with it. */
@Repository
class ReviewExports {
    private static final JsonMapper JSON =
            JsonMapper.builder().findAndAddModules().build();
    private static final TypeReference<List<AccessReview.Row>> ROWS = new TypeReference<>() {};

    private final DSLContext db;

    ReviewExports(DSLContext db) {
        this.db = db;
    }

    record Export(UUID id, UUID exportedBy, OffsetDateTime exportedAt) {}

    record Stored(Export export, List<AccessReview.Row> rows) {}

    Export save(UUID workspaceId, UUID by, List<AccessReview.Row> rows) {
        UUID id = UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.now();
        db.insertInto(ACCESS_REVIEW_EXPORT)
                .set(ACCESS_REVIEW_EXPORT.WORKSPACE_ID, workspaceId)
                .set(ACCESS_REVIEW_EXPORT.ID, id)
                .set(ACCESS_REVIEW_EXPORT.EXPORTED_BY, by)
                .set(ACCESS_REVIEW_EXPORT.EXPORTED_AT, at)
                .set(ACCESS_REVIEW_EXPORT.SNAPSHOT, JSONB.valueOf(JSON.writeValueAsString(rows)))
                .execute();
        return new Export(id, by, at);
    }

    /** The latest export, with its rows. */
    Optional<Stored> last(UUID workspaceId) {
        return db.selectFrom(ACCESS_REVIEW_EXPORT)
                .where(ACCESS_REVIEW_EXPORT.WORKSPACE_ID.eq(workspaceId))
                .orderBy(ACCESS_REVIEW_EXPORT.EXPORTED_AT.desc(), ACCESS_REVIEW_EXPORT.ID.desc())
                .limit(1)
                .fetchOptional(r -> new Stored(
                        new Export(r.getId(), r.getExportedBy(), r.getExportedAt()),
                        JSON.readValue(r.getSnapshot().data(), ROWS)));
    }

    /** Exports newest first. */
    List<Export> all(UUID workspaceId, int limit) {
        return db.select(ACCESS_REVIEW_EXPORT.ID, ACCESS_REVIEW_EXPORT.EXPORTED_BY, ACCESS_REVIEW_EXPORT.EXPORTED_AT)
                .from(ACCESS_REVIEW_EXPORT)
                .where(ACCESS_REVIEW_EXPORT.WORKSPACE_ID.eq(workspaceId))
                .orderBy(ACCESS_REVIEW_EXPORT.EXPORTED_AT.desc(), ACCESS_REVIEW_EXPORT.ID.desc())
                .limit(limit)
                .fetch(r -> new Export(r.value1(), r.value2(), r.value3()));
    }
}
