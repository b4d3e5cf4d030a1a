package io.custodia.records;

import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.access.ReviewedGrants;
import io.custodia.access.ScopeSql;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.BuiltInField;
import io.custodia.policy.EntityType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Records' shares with people as an access review campaign reviews them (access-model, "Access
 * review campaigns"): a live share of a record that is not in the recycle bin, its level and its
 * end. The item names the record only to a reader whose normal read of it succeeds; revoking one
 * is what {@code DELETE /api/v1/<type>/{id}/shares/{userId}} does.
 */
@Component
class SharesUnderReview implements ReviewedGrants {
    static final String KIND = "record_share";

    private final DSLContext db;
    private final RecordService records;

    SharesUnderReview(DSLContext db, RecordService records) {
        this.db = db;
        this.records = records;
    }

    /** A share as its grant id says it: {@code <type>/<recordId>/<userId>}. */
    private record Share(RecordType type, UUID recordId, UUID userId) {

        static Share of(String grantId) {
            String[] parts = grantId.split("/", -1);
            EntityType entity = EntityType.fromKey(parts[0]);
            return new Share(RecordType.of(entity).orElseThrow(), UUID.fromString(parts[1]), UUID.fromString(parts[2]));
        }

        static String grantId(String type, UUID recordId, UUID userId) {
            return type + "/" + recordId + "/" + userId;
        }

        String key() {
            return type.entity().key();
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Held> held(UUID workspaceId) {
        List<Held> held = new ArrayList<>();
        for (RecordType t : RecordType.values()) {
            // A record in the recycle bin gives nothing through its shares while it is there.
            held.addAll(db.select(
                            RECORD_SHARE.RECORD_ID,
                            RECORD_SHARE.USER_ID,
                            RECORD_SHARE.SHARE_LEVEL,
                            RECORD_SHARE.EXPIRES_AT)
                    .from(RECORD_SHARE)
                    .join(t.table)
                    .on(t.workspaceId.eq(RECORD_SHARE.WORKSPACE_ID).and(t.id.eq(RECORD_SHARE.RECORD_ID)))
                    .where(RECORD_SHARE.WORKSPACE_ID.eq(workspaceId))
                    .and(RECORD_SHARE.RECORD_TYPE.eq(t.entity().key()))
                    .and(t.deletedAt.isNull())
                    .and(ScopeSql.live(RECORD_SHARE.EXPIRES_AT))
                    .fetch(r -> new Held(
                            Share.grantId(t.entity().key(), r.value1(), r.value2()),
                            r.value2(),
                            r.value3(),
                            r.value4())));
        }
        return held;
    }

    @Override
    public Target on(String grantId) {
        Share share = Share.of(grantId);
        return new Target(share.key(), share.recordId(), null);
    }

    @Override
    public Map<String, Target> seenBy(WorkspacePrincipal reader, Collection<String> grantIds) {
        List<Share> shares = grantIds.stream().map(Share::of).toList();
        // One read per record type, not one per item.
        Map<RecordType, Map<UUID, Map<String, Object>>> views = new HashMap<>();
        shares.stream()
                .collect(Collectors.groupingBy(Share::type, Collectors.mapping(Share::recordId, Collectors.toSet())))
                .forEach((type, ids) -> views.put(type, records.seen(reader, type, ids)));
        Map<String, Target> seen = new HashMap<>();
        for (String grantId : grantIds) {
            Share share = Share.of(grantId);
            Map<String, Object> view = views.get(share.type()).get(share.recordId());
            seen.put(
                    grantId,
                    view == null
                            ? Target.unseen(share.key())
                            : new Target(share.key(), share.recordId(), title(share.type(), view)));
        }
        return seen;
    }

    @Override
    public void revoke(WorkspacePrincipal authority, AuditLog.Actor actor, String grantId) {
        Share share = Share.of(grantId);
        // INVARIANT: the reason a refusal leaves on the item names no record, since its reviewer may
        // not read it: the normal path's 404 quotes the record's id.
        if (records.seen(authority, share.type(), share.recordId()).isEmpty()) {
            throw ApiProblem.forbiddenBecause(
                    "whoever started the access review may not read this {0}",
                    ProblemWords.entity(share.type().entity()));
        }
        try {
            records.unshare(authority, actor, share.type(), share.recordId(), share.userId());
        } catch (ApiProblem refused) {
            if (refused.status() == HttpStatus.NOT_FOUND) {
                throw ApiProblem.conflict("the share is gone");
            }
            throw refused;
        }
    }

    /** The words that name the record, as far as the reader may see them; null when they see none. */
    private static String title(RecordType type, Map<String, Object> view) {
        String title = type.entity().keys(BuiltInField.Trait.NAMING).stream()
                .map(view::get)
                .filter(Objects::nonNull)
                .map(Object::toString)
                .collect(Collectors.joining(" "));
        return Optional.of(title).filter(t -> !t.isBlank()).orElse(null);
    }
}
