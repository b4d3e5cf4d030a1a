package io.custodia.directory;

import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Tells every node, through {@code LISTEN/NOTIFY}, that some sign-ins of a user may have ended
 * (signed out, token revoked, user deactivated) or changed (the user renamed), when the transaction
 * that ends them commits: what holds a sign-in open (a live stream) checks it again at once instead
 * of at its next heartbeat, and each node's {@link SignInCache} forgets the user's tokens.
 */
public final class SignInsEnded {
    public static final String CHANNEL = "custodia_sign_in_ended";

    private SignInsEnded() {}

    /** Whose sign-ins may have ended. */
    public record Notice(UUID workspaceId, UUID userId) {
        public static Notice parse(String payload) {
            String[] parts = payload.split(":", -1);
            return new Notice(UUID.fromString(parts[0]), UUID.fromString(parts[1]));
        }
    }

    /** The notification for the user, as an expression (so that it can go in the very statement that ends them). */
    static Field<Object> notice(UUID workspaceId, Field<?> userId) {
        return DSL.function(
                "pg_notify",
                Object.class,
                DSL.val(CHANNEL),
                DSL.concat(DSL.val(workspaceId + ":"), userId.cast(String.class)));
    }

    /** Announces, in the caller's transaction, that the user's sign-ins may have ended. */
    static void announce(DSLContext db, UUID workspaceId, UUID userId) {
        db.select(notice(workspaceId, DSL.val(userId))).fetch();
    }
}
