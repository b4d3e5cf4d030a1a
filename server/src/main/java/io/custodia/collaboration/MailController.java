package io.custodia.collaboration;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The workspace's outgoing e-mail, for its administrators: what waits, what failed and why, what went. */
@Tag(name = "Mail")
@RestController
class MailController {
    private final MailOutbox outbox;
    private final AccessPolicies access;

    MailController(MailOutbox outbox, AccessPolicies access) {
        this.outbox = outbox;
        this.access = access;
    }

    record Items<T>(List<T> items) {}

    @Operation(operationId = "listMailOutbox", summary = "List outgoing mail")
    @GetMapping("/api/v1/mail-outbox")
    Items<MailOutbox.Mail> outbox(
            @AuthenticationPrincipal WorkspacePrincipal me, @RequestParam(defaultValue = "false") boolean unsent) {
        access.require(me, SystemPermission.WORKSPACE_MANAGE);
        return new Items<>(outbox.of(me.workspaceId(), unsent, 200));
    }
}
