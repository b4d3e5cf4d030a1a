package io.custodia.access;

import static io.custodia.platform.db.Tables.ACCESS_REVIEW_CAMPAIGN;
import static io.custodia.platform.db.Tables.ACCESS_REVIEW_ITEM;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Access review campaigns and their items as stored (access-model, "Access review campaigns"). */
@Repository
class ReviewCampaigns {
    private final DSLContext db;

    ReviewCampaigns(DSLContext db) {
        this.db = db;
    }

    record Campaign(
            UUID id,
            String name,
            String scopeKind,
            UUID departmentId,
            UUID reviewerId,
            String onTimeout,
            UUID startedBy,
            OffsetDateTime startedAt,
            OffsetDateTime dueAt,
            OffsetDateTime closedAt,
            String resultSha256) {

        boolean closed() {
            return closedAt != null;
        }
    }

    record Item(
            UUID id,
            UUID campaignId,
            int position,
            String kind,
            String grantId,
            UUID subjectId,
            String subject,
            String grant,
            OffsetDateTime expiresAt,
            UUID reviewerId,
            String decision,
            String comment,
            OffsetDateTime decidedAt,
            String outcome,
            String reason) {}

    /** How many items are in each state. */
    record Counts(int total, int undecided, int kept, int revoked, int refused, int gone) {}

    /** A campaign due to close, in its workspace. */
    record Due(UUID workspaceId, UUID id) {}

    void insert(UUID ws, Campaign c, List<Item> items) {
        db.insertInto(ACCESS_REVIEW_CAMPAIGN)
                .set(ACCESS_REVIEW_CAMPAIGN.WORKSPACE_ID, ws)
                .set(ACCESS_REVIEW_CAMPAIGN.ID, c.id())
                .set(ACCESS_REVIEW_CAMPAIGN.NAME, c.name())
                .set(ACCESS_REVIEW_CAMPAIGN.SCOPE_KIND, c.scopeKind())
                .set(ACCESS_REVIEW_CAMPAIGN.DEPARTMENT_ID, c.departmentId())
                .set(ACCESS_REVIEW_CAMPAIGN.REVIEWER_ID, c.reviewerId())
                .set(ACCESS_REVIEW_CAMPAIGN.ON_TIMEOUT, c.onTimeout())
                .set(ACCESS_REVIEW_CAMPAIGN.STARTED_BY, c.startedBy())
                .set(ACCESS_REVIEW_CAMPAIGN.STARTED_AT, c.startedAt())
                .set(ACCESS_REVIEW_CAMPAIGN.DUE_AT, c.dueAt())
                .execute();
        var insert = db.insertInto(
                ACCESS_REVIEW_ITEM,
                ACCESS_REVIEW_ITEM.WORKSPACE_ID,
                ACCESS_REVIEW_ITEM.ID,
                ACCESS_REVIEW_ITEM.CAMPAIGN_ID,
                ACCESS_REVIEW_ITEM.POSITION,
                ACCESS_REVIEW_ITEM.KIND,
                ACCESS_REVIEW_ITEM.GRANT_ID,
                ACCESS_REVIEW_ITEM.SUBJECT_ID,
                ACCESS_REVIEW_ITEM.SUBJECT,
                ACCESS_REVIEW_ITEM.GRANT_LABEL,
                ACCESS_REVIEW_ITEM.EXPIRES_AT,
                ACCESS_REVIEW_ITEM.REVIEWER_ID);
        for (Item i : items) {
            insert = insert.values(
                    ws,
                    i.id(),
                    c.id(),
                    i.position(),
                    i.kind(),
                    i.grantId(),
                    i.subjectId(),
                    i.subject(),
                    i.grant(),
                    i.expiresAt(),
                    i.reviewerId());
        }
        insert.execute();
    }

    Optional<Campaign> find(UUID ws, UUID id) {
        return db.selectFrom(ACCESS_REVIEW_CAMPAIGN)
                .where(ACCESS_REVIEW_CAMPAIGN.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REVIEW_CAMPAIGN.ID.eq(id))
                .fetchOptional(ReviewCampaigns::campaign);
    }

    /** The campaign, locked: decisions and the close are taken one after the other. */
    Optional<Campaign> lock(UUID ws, UUID id) {
        return db.selectFrom(ACCESS_REVIEW_CAMPAIGN)
                .where(ACCESS_REVIEW_CAMPAIGN.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REVIEW_CAMPAIGN.ID.eq(id))
                .forUpdate()
                .fetchOptional(ReviewCampaigns::campaign);
    }

    /** Campaigns newest first; with {@code reviewer}, only those with an item of theirs. */
    List<Campaign> list(UUID ws, UUID reviewer) {
        Condition theirs = reviewer == null
                ? DSL.trueCondition()
                : DSL.exists(DSL.selectOne()
                        .from(ACCESS_REVIEW_ITEM)
                        .where(ACCESS_REVIEW_ITEM.WORKSPACE_ID.eq(ws))
                        .and(ACCESS_REVIEW_ITEM.CAMPAIGN_ID.eq(ACCESS_REVIEW_CAMPAIGN.ID))
                        .and(ACCESS_REVIEW_ITEM.REVIEWER_ID.eq(reviewer)));
        return db.selectFrom(ACCESS_REVIEW_CAMPAIGN)
                .where(ACCESS_REVIEW_CAMPAIGN.WORKSPACE_ID.eq(ws))
                .and(theirs)
                .orderBy(ACCESS_REVIEW_CAMPAIGN.STARTED_AT.desc(), ACCESS_REVIEW_CAMPAIGN.ID.desc())
                .fetch(ReviewCampaigns::campaign);
    }

    /** The campaign's items in their order; with {@code reviewer}, only theirs. */
    List<Item> items(UUID ws, UUID campaignId, UUID reviewer) {
        return db.selectFrom(ACCESS_REVIEW_ITEM)
                .where(ACCESS_REVIEW_ITEM.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REVIEW_ITEM.CAMPAIGN_ID.eq(campaignId))
                .and(reviewer == null ? DSL.trueCondition() : ACCESS_REVIEW_ITEM.REVIEWER_ID.eq(reviewer))
                .orderBy(ACCESS_REVIEW_ITEM.POSITION)
                .fetch(ReviewCampaigns::item);
    }

    Optional<Item> item(UUID ws, UUID campaignId, UUID itemId) {
        return db.selectFrom(ACCESS_REVIEW_ITEM)
                .where(ACCESS_REVIEW_ITEM.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REVIEW_ITEM.CAMPAIGN_ID.eq(campaignId))
                .and(ACCESS_REVIEW_ITEM.ID.eq(itemId))
                .fetchOptional(ReviewCampaigns::item);
    }

    boolean reviews(UUID ws, UUID campaignId, UUID reviewer) {
        return db.fetchExists(
                ACCESS_REVIEW_ITEM,
                ACCESS_REVIEW_ITEM
                        .WORKSPACE_ID
                        .eq(ws)
                        .and(ACCESS_REVIEW_ITEM.CAMPAIGN_ID.eq(campaignId))
                        .and(ACCESS_REVIEW_ITEM.REVIEWER_ID.eq(reviewer)));
    }

    /** Records what became of an item: its decision (null at the deadline) and its outcome. */
    void settle(
            UUID ws, UUID itemId, String decision, String comment, OffsetDateTime at, String outcome, String reason) {
        db.update(ACCESS_REVIEW_ITEM)
                .set(ACCESS_REVIEW_ITEM.DECISION, decision)
                .set(ACCESS_REVIEW_ITEM.COMMENT, comment)
                .set(ACCESS_REVIEW_ITEM.DECIDED_AT, at)
                .set(ACCESS_REVIEW_ITEM.OUTCOME, outcome)
                .set(ACCESS_REVIEW_ITEM.REASON, reason)
                .where(ACCESS_REVIEW_ITEM.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REVIEW_ITEM.ID.eq(itemId))
                .execute();
    }

    void seal(UUID ws, UUID id, OffsetDateTime at, String result, String sha256) {
        db.update(ACCESS_REVIEW_CAMPAIGN)
                .set(ACCESS_REVIEW_CAMPAIGN.CLOSED_AT, at)
                .set(ACCESS_REVIEW_CAMPAIGN.RESULT, result)
                .set(ACCESS_REVIEW_CAMPAIGN.RESULT_SHA256, sha256)
                .where(ACCESS_REVIEW_CAMPAIGN.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REVIEW_CAMPAIGN.ID.eq(id))
                .execute();
    }

    /** The sealed result of a closed campaign, exactly as it was written. */
    Optional<String> result(UUID ws, UUID id) {
        return db.select(ACCESS_REVIEW_CAMPAIGN.RESULT)
                .from(ACCESS_REVIEW_CAMPAIGN)
                .where(ACCESS_REVIEW_CAMPAIGN.WORKSPACE_ID.eq(ws))
                .and(ACCESS_REVIEW_CAMPAIGN.ID.eq(id))
                .fetchOptional(ACCESS_REVIEW_CAMPAIGN.RESULT);
    }

    /** Open campaigns whose deadline is at or before {@code now}, in every workspace the caller sees. */
    List<Due> due(OffsetDateTime now) {
        return db.select(ACCESS_REVIEW_CAMPAIGN.WORKSPACE_ID, ACCESS_REVIEW_CAMPAIGN.ID)
                .from(ACCESS_REVIEW_CAMPAIGN)
                .where(ACCESS_REVIEW_CAMPAIGN.CLOSED_AT.isNull())
                .and(ACCESS_REVIEW_CAMPAIGN.DUE_AT.le(now))
                .fetch(r -> new Due(r.value1(), r.value2()));
    }

    /** Open campaigns due by {@code until} and not yet reminded, marked reminded; answers them. */
    List<Due> claimReminders(OffsetDateTime now, OffsetDateTime until) {
        return db.update(ACCESS_REVIEW_CAMPAIGN)
                .set(ACCESS_REVIEW_CAMPAIGN.REMINDED, true)
                .where(ACCESS_REVIEW_CAMPAIGN.CLOSED_AT.isNull())
                .and(DSL.not(ACCESS_REVIEW_CAMPAIGN.REMINDED))
                .and(ACCESS_REVIEW_CAMPAIGN.DUE_AT.gt(now))
                .and(ACCESS_REVIEW_CAMPAIGN.DUE_AT.le(until))
                .returning(ACCESS_REVIEW_CAMPAIGN.WORKSPACE_ID, ACCESS_REVIEW_CAMPAIGN.ID)
                .fetch(r -> new Due(r.getWorkspaceId(), r.getId()));
    }

    private static Campaign campaign(Record r) {
        return new Campaign(
                r.get(ACCESS_REVIEW_CAMPAIGN.ID),
                r.get(ACCESS_REVIEW_CAMPAIGN.NAME),
                r.get(ACCESS_REVIEW_CAMPAIGN.SCOPE_KIND),
                r.get(ACCESS_REVIEW_CAMPAIGN.DEPARTMENT_ID),
                r.get(ACCESS_REVIEW_CAMPAIGN.REVIEWER_ID),
                r.get(ACCESS_REVIEW_CAMPAIGN.ON_TIMEOUT),
                r.get(ACCESS_REVIEW_CAMPAIGN.STARTED_BY),
                r.get(ACCESS_REVIEW_CAMPAIGN.STARTED_AT),
                r.get(ACCESS_REVIEW_CAMPAIGN.DUE_AT),
                r.get(ACCESS_REVIEW_CAMPAIGN.CLOSED_AT),
                r.get(ACCESS_REVIEW_CAMPAIGN.RESULT_SHA256));
    }

    private static Item item(Record r) {
        return new Item(
                r.get(ACCESS_REVIEW_ITEM.ID),
                r.get(ACCESS_REVIEW_ITEM.CAMPAIGN_ID),
                r.get(ACCESS_REVIEW_ITEM.POSITION),
                r.get(ACCESS_REVIEW_ITEM.KIND),
                r.get(ACCESS_REVIEW_ITEM.GRANT_ID),
                r.get(ACCESS_REVIEW_ITEM.SUBJECT_ID),
                r.get(ACCESS_REVIEW_ITEM.SUBJECT),
                r.get(ACCESS_REVIEW_ITEM.GRANT_LABEL),
                r.get(ACCESS_REVIEW_ITEM.EXPIRES_AT),
                r.get(ACCESS_REVIEW_ITEM.REVIEWER_ID),
                r.get(ACCESS_REVIEW_ITEM.DECISION),
                r.get(ACCESS_REVIEW_ITEM.COMMENT),
                r.get(ACCESS_REVIEW_ITEM.DECIDED_AT),
                r.get(ACCESS_REVIEW_ITEM.OUTCOME),
                r.get(ACCESS_REVIEW_ITEM.REASON));
    }
}
