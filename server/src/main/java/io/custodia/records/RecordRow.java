package io.custodia.records;

import io.custodia.policy.FieldCatalog;
import io.custodia.policy.FieldType;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.ListAccess;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.ShareLevel;
import io.custodia.policy.Value;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One record as stored: its built-in values by API key, and its custom values. A single record
 * of a type with parents (an activity) is read with the record it belongs to, which decisions
 * about it need; so are the rows of a page, in the page's own statement (RowReader.withParents).
 * A deal read for a page carries the contacts it is with that the reader may read ({@code
 * contactIds}, null where not read).
 */
public record RecordRow(
        RecordType type,
        UUID id,
        UUID ownerId,
        Map<String, Object> builtIns,
        Map<String, Object> custom,
        long version,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        Map<UserId, ShareLevel> shares,
        Map<UserId, ListAccess> lists,
        RecordRow parent,
        List<UUID> contactIds) {

    public UUID stageId() {
        return (UUID) builtIns.get("stageId");
    }

    /** The record as the engine sees it. */
    public RecordFacts facts(FieldCatalog catalog) {
        RecordFacts facts = RecordRow.facts(type, catalog, id.toString(), ownerId, builtIns, custom)
                .withShares(shares)
                .withLists(lists);
        return parent == null ? facts : facts.withParent(parent.facts(catalog));
    }

    RecordRow withParent(RecordRow other) {
        return new RecordRow(
                type, id, ownerId, builtIns, custom, version, createdAt, updatedAt, shares, lists, other, contactIds);
    }

    /** The link to the record this one belongs to: its entity and id, or null. */
    Map.Entry<RecordType, UUID> parentLink() {
        for (var link : type.entity.parents()) {
            Object id = builtIns.get(link.field());
            if (id != null) {
                return Map.entry(RecordType.of(link.entity()).orElseThrow(), (UUID) id);
            }
        }
        return null;
    }

    /** The record as the engine sees it, from its values as stored or about to be written. */
    static RecordFacts facts(
            RecordType type,
            FieldCatalog catalog,
            String id,
            UUID ownerId,
            Map<String, Object> builtIns,
            Map<String, Object> custom) {
        Map<String, Value> values = new HashMap<>();
        values.put("ownerId", Value.text(ownerId.toString()));
        builtIns.forEach((key, raw) -> {
            if (raw instanceof BigDecimal n) {
                values.put(key, new Value.Number(n));
            } else if (raw instanceof OffsetDateTime at) {
                values.put(key, new Value.Timestamp(at.toInstant()));
            } else if (raw instanceof Boolean b) {
                values.put(key, new Value.Bool(b));
            } else if (raw != null) {
                values.put(key, Value.text(raw.toString()));
            }
        });
        custom.forEach((key, raw) -> {
            FieldType t = catalog.typeOf(type.entity, key).orElse(null);
            if (raw != null && t != null) {
                values.put(
                        key,
                        switch (t) {
                            case NUMBER -> new Value.Number(new BigDecimal(raw.toString()));
                            case DATE -> new Value.Date(LocalDate.parse(raw.toString()));
                            case TIMESTAMP -> new Value.Timestamp(Instant.parse(raw.toString()));
                            case BOOLEAN -> new Value.Bool(Boolean.parseBoolean(raw.toString()));
                            case TEXT -> Value.text(raw.toString());
                        });
            }
        });
        UUID stage = (UUID) builtIns.get("stageId");
        return new RecordFacts(type.entity, id, new UserId(ownerId), stage == null ? null : new StageId(stage), values);
    }
}
