package io.custodia.records;

import static io.custodia.platform.db.Tables.LIST_MEMBER;
import static io.custodia.platform.db.Tables.RECORD_SHARE;

import io.custodia.access.GrantEnds;
import io.custodia.platform.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/** The ends of record shares and list memberships that expire (the sharing tables belong here). */
@Component
class SharingEnds implements GrantEnds {
    private final DSLContext db;

    SharingEnds(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<GrantEnd> claimEnded() {
        List<GrantEnd> ends = new ArrayList<>(db.update(RECORD_SHARE)
                .set(RECORD_SHARE.EXPIRY_AUDITED, true)
                .where(GrantEnds.ended(RECORD_SHARE.EXPIRES_AT))
                .and(DSL.not(RECORD_SHARE.EXPIRY_AUDITED))
                .returning()
                .fetch(r -> share(r, r.get(RECORD_SHARE.RECORD_TYPE) + ".share_expired")));
        ends.addAll(db.update(LIST_MEMBER)
                .set(LIST_MEMBER.EXPIRY_AUDITED, true)
                .where(GrantEnds.ended(LIST_MEMBER.EXPIRES_AT))
                .and(DSL.not(LIST_MEMBER.EXPIRY_AUDITED))
                .returning()
                .fetch(r -> membership(r, "list.member_expired")));
        return ends;
    }

    @Override
    public List<GrantEnd> claimEnding(Duration ahead) {
        List<GrantEnd> ends = new ArrayList<>(db.update(RECORD_SHARE)
                .set(RECORD_SHARE.EXPIRY_WARNED, true)
                .where(GrantEnds.endingWithin(RECORD_SHARE.EXPIRES_AT, ahead))
                .and(DSL.not(RECORD_SHARE.EXPIRY_WARNED))
                .returning()
                .fetch(r -> share(r, null)));
        ends.addAll(db.update(LIST_MEMBER)
                .set(LIST_MEMBER.EXPIRY_WARNED, true)
                .where(GrantEnds.endingWithin(LIST_MEMBER.EXPIRES_AT, ahead))
                .and(DSL.not(LIST_MEMBER.EXPIRY_WARNED))
                .returning()
                .fetch(r -> membership(r, null)));
        return ends;
    }

    private static GrantEnd share(Record r, String action) {
        String type = r.get(RECORD_SHARE.RECORD_TYPE);
        return new GrantEnd(
                r.get(RECORD_SHARE.WORKSPACE_ID),
                r.get(RECORD_SHARE.USER_ID),
                action,
                type,
                r.get(RECORD_SHARE.RECORD_ID),
                Map.of(
                        "userId", r.get(RECORD_SHARE.USER_ID),
                        "level", r.get(RECORD_SHARE.SHARE_LEVEL),
                        "expiresAt", r.get(RECORD_SHARE.EXPIRES_AT).toString()),
                type,
                r.get(RECORD_SHARE.RECORD_ID),
                Text.of("notice.ending.share." + type, r.get(RECORD_SHARE.EXPIRES_AT)),
                r.get(RECORD_SHARE.EXPIRES_AT));
    }

    private static GrantEnd membership(Record r, String action) {
        return new GrantEnd(
                r.get(LIST_MEMBER.WORKSPACE_ID),
                r.get(LIST_MEMBER.USER_ID),
                action,
                "list",
                r.get(LIST_MEMBER.LIST_ID),
                Map.of(
                        "userId", r.get(LIST_MEMBER.USER_ID),
                        "level", r.get(LIST_MEMBER.LIST_LEVEL),
                        "expiresAt", r.get(LIST_MEMBER.EXPIRES_AT).toString()),
                null,
                null,
                Text.of("notice.ending.membership", r.get(LIST_MEMBER.EXPIRES_AT)),
                r.get(LIST_MEMBER.EXPIRES_AT));
    }
}
