package io.custodia.access;

import io.custodia.platform.Text;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The grants that expire of one kind (role assignments, record shares, list memberships), for the
 * notices about their ends (access-model, "Grants that expire"): each is claimed once, with the row
 * marked in the same statement, so every node may sweep and none tells anything twice. Whether a
 * grant counts never waits for this: expiry is decided on every request.
 */
public interface GrantEnds {

    /**
     * One grant's end: whom it gave to, what it was (for the audit), when it ends, and what its
     * holder is told the day before.
     */
    record GrantEnd(
            UUID workspaceId,
            UUID holder,
            String auditAction,
            String targetType,
            UUID targetId,
            Map<String, Object> grant,
            String recordType,
            UUID recordId,
            Text notice,
            OffsetDateTime expiresAt) {}

    /** A grant whose end has come by the statement's instant: the complement of {@link ScopeSql#live}. */
    static Condition ended(Field<OffsetDateTime> expiresAt) {
        return expiresAt.le(DSL.field("statement_timestamp()", OffsetDateTime.class));
    }

    /** A grant still live that ends within {@code ahead} of the statement's instant. */
    static Condition endingWithin(Field<OffsetDateTime> expiresAt, Duration ahead) {
        return ScopeSql.live(expiresAt)
                .and(expiresAt.le(DSL.field(
                        "statement_timestamp() + make_interval(secs => {0})",
                        OffsetDateTime.class, DSL.val((double) ahead.toSeconds()))));
    }

    /** The grants whose end has come and is not yet in the audit log, marked as written. */
    List<GrantEnd> claimEnded();

    /** The grants ending within {@code ahead} whose holder is not yet told, marked as told. */
    List<GrantEnd> claimEnding(Duration ahead);
}
