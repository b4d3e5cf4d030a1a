package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's live sign-ins (console sessions and API tokens), as an administrator sees and ends them,
 * and their second factor, which an administrator turns off when its device is lost
 * ({@code users.manage}). The permission is checked before the user is looked up, so that someone
 * without it learns nothing of which ids exist; ending them reaches every node at once.
 */
@Tag(name = "Users")
@RestController
@RequestMapping("/api/v1/users/{id}")
class SessionController {
    private final Users users;
    private final Tokens tokens;
    private final TwoFactor twoFactor;
    private final AccessPolicies access;
    private final AuditLog audit;

    SessionController(Users users, Tokens tokens, AccessPolicies access, AuditLog audit, TwoFactor twoFactor) {
        this.users = users;
        this.tokens = tokens;
        this.access = access;
        this.audit = audit;
        this.twoFactor = twoFactor;
    }

    record Sessions(List<Tokens.Session> items) {}

    @Operation(
            operationId = "listUserSessions",
            summary = "List a user's live sign-ins: console sessions and API tokens")
    @GetMapping("/sessions")
    Sessions list(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        Users.User user = managed(me, id);
        return new Sessions(
                tokens.liveOf(me.workspaceId(), user.id(), twoFactor.mayOnlyEnrol(me.workspaceId(), user.id())));
    }

    @Operation(operationId = "endUserSessions", summary = "End every sign-in of a user, on every server, at once")
    @DeleteMapping("/sessions")
    @Transactional
    ResponseEntity<Void> end(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        Users.User user = managed(me, id);
        int ended = tokens.revokeAll(me.workspaceId(), user.id());
        // A call that ends nothing changes nothing, and appends nothing to the audit log.
        if (ended > 0) {
            audit.record(
                    me.workspaceId(),
                    AuditLog.Actor.of(me),
                    "user.sessions.ended",
                    "user",
                    user.id(),
                    null,
                    Map.of("sessionsEnded", ended));
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "resetUserTwoFactor",
            summary = "Turn off another user's two-factor sign-in (a lost device), without a code")
    @DeleteMapping("/totp")
    ResponseEntity<Void> resetTwoFactor(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        Users.User user = managed(me, id);
        twoFactor.reset(me, user.id());
        return ResponseEntity.noContent().build();
    }

    private Users.User managed(CurrentUser me, UUID id) {
        access.require(me, SystemPermission.USERS_MANAGE);
        return users.find(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("user {0}", id));
    }
}
