package io.custodia.access;

import static io.custodia.platform.db.Tables.ROLE;
import static io.custodia.platform.db.Tables.ROLE_ASSIGNMENT;

import io.custodia.platform.Text;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/** The ends of role assignments that expire; only a personal assignment has one holder to tell. */
@Component
class AssignmentEnds implements GrantEnds {
    private final DSLContext db;

    AssignmentEnds(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<GrantEnd> claimEnded() {
        return db.update(ROLE_ASSIGNMENT)
                .set(ROLE_ASSIGNMENT.EXPIRY_AUDITED, true)
                .where(GrantEnds.ended(ROLE_ASSIGNMENT.EXPIRES_AT))
                .and(DSL.not(ROLE_ASSIGNMENT.EXPIRY_AUDITED))
                .returning()
                .fetch(r -> end(r, "role_assignment.expired", null));
    }

    @Override
    public List<GrantEnd> claimEnding(Duration ahead) {
        return db.update(ROLE_ASSIGNMENT)
                .set(ROLE_ASSIGNMENT.EXPIRY_WARNED, true)
                .where(GrantEnds.endingWithin(ROLE_ASSIGNMENT.EXPIRES_AT, ahead))
                .and(DSL.not(ROLE_ASSIGNMENT.EXPIRY_WARNED))
                .and(ROLE_ASSIGNMENT.USER_ID.isNotNull())
                .returning()
                .fetch(r -> end(r, null, roleName(r)));
    }

    private String roleName(Record r) {
        return db.select(ROLE.NAME)
                .from(ROLE)
                .where(ROLE.WORKSPACE_ID.eq(r.get(ROLE_ASSIGNMENT.WORKSPACE_ID)))
                .and(ROLE.ID.eq(r.get(ROLE_ASSIGNMENT.ROLE_ID)))
                .fetchOptional(ROLE.NAME)
                .orElse("a role");
    }

    private static GrantEnd end(Record r, String action, String roleName) {
        Map<String, Object> grant = new HashMap<>();
        grant.put("roleId", r.get(ROLE_ASSIGNMENT.ROLE_ID));
        grant.put("expiresAt", r.get(ROLE_ASSIGNMENT.EXPIRES_AT).toString());
        if (r.get(ROLE_ASSIGNMENT.USER_ID) != null) {
            grant.put("userId", r.get(ROLE_ASSIGNMENT.USER_ID));
        }
        return new GrantEnd(
                r.get(ROLE_ASSIGNMENT.WORKSPACE_ID),
                r.get(ROLE_ASSIGNMENT.USER_ID),
                action,
                "role_assignment",
                r.get(ROLE_ASSIGNMENT.ID),
                grant,
                null,
                null,
                Text.of("notice.ending.role", roleName, r.get(ROLE_ASSIGNMENT.EXPIRES_AT)),
                r.get(ROLE_ASSIGNMENT.EXPIRES_AT));
    }
}
