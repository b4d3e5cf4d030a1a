package io.custodia.access;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import java.util.UUID;
import java.util.function.Supplier;

/** Who may ask about whose access: a user about itself, a holder of {@code roles.manage} about anyone. */
final class AskingAbout {
    private AskingAbout() {}

    /** 403 for someone else without {@code roles.manage} (unknown users too, so nothing is learnt), then 404. */
    static void require(AccessPolicies access, DirectoryFacts directory, WorkspacePrincipal me, UUID userId) {
        if (!userId.equals(me.principalId())) {
            access.require(me, SystemPermission.ROLES_MANAGE);
        }
        if (!directory.userExists(me.workspaceId(), userId)) {
            throw ApiProblem.notFound("user {0}", userId);
        }
    }

    /** The parsed parameter, or 422 naming it. */
    static <T> T parse(String field, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, "not a known value");
        }
    }
}
