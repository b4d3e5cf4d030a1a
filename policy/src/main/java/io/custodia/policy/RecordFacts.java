package io.custodia.policy;

import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine needs to know of one record: its type, owner, stage (deals), field values, the
 * users it is shared with, what the shared lists holding it give each user, and for a record that
 * belongs to another (an activity's deal) that record's facts: a child is readable only while its
 * parent is, so a child without its parent's facts is admitted by no path.
 */
public record RecordFacts(
        EntityType entity,
        String id,
        UserId owner,
        StageId stage,
        Map<String, Value> fields,
        Map<UserId, ShareLevel> shares,
        Map<UserId, ListAccess> lists,
        RecordFacts parent) {
    public RecordFacts {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(owner, "owner");
        fields = fields == null ? Map.of() : fields;
        shares = shares == null ? Map.of() : shares;
        lists = lists == null ? Map.of() : lists;
        if (entity == EntityType.DEAL && stage == null) {
            throw new IllegalArgumentException("a deal is always in a stage");
        }
        if (parent != null && !parent.entity().parents().isEmpty()) {
            throw new IllegalArgumentException("a parent record has no parent itself");
        }
    }

    /** A record with no parent. */
    public RecordFacts(
            EntityType entity,
            String id,
            UserId owner,
            StageId stage,
            Map<String, Value> fields,
            Map<UserId, ShareLevel> shares,
            Map<UserId, ListAccess> lists) {
        this(entity, id, owner, stage, fields, shares, lists, null);
    }

    /** A record shared with nobody and on no list. */
    public RecordFacts(EntityType entity, String id, UserId owner, StageId stage, Map<String, Value> fields) {
        this(entity, id, owner, stage, fields, Map.of(), Map.of(), null);
    }

    /** A record on no list. */
    public RecordFacts(
            EntityType entity,
            String id,
            UserId owner,
            StageId stage,
            Map<String, Value> fields,
            Map<UserId, ShareLevel> shares) {
        this(entity, id, owner, stage, fields, shares, Map.of(), null);
    }

    /** The same record shared as given. */
    public RecordFacts withShares(Map<UserId, ShareLevel> other) {
        return new RecordFacts(entity, id, owner, stage, fields, other, lists, parent);
    }

    /** The same record with what the shared lists holding it give each user. */
    public RecordFacts withLists(Map<UserId, ListAccess> other) {
        return new RecordFacts(entity, id, owner, stage, fields, shares, other, parent);
    }

    /** The same record belonging to this parent (the record its link names). */
    public RecordFacts withParent(RecordFacts other) {
        return new RecordFacts(entity, id, owner, stage, fields, shares, lists, other);
    }

    public Value field(String key) {
        return fields.get(key);
    }
}
