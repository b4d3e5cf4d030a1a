package io.custodia.collaboration;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own notifications, newest first. */
@Tag(name = "Notifications")
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationController {
    private final Notifications notifications;

    private final Cursors cursors;

    NotificationController(Cursors cursors, Notifications notifications) {
        this.cursors = cursors;
        this.notifications = notifications;
    }

    @Operation(operationId = "listNotifications", summary = "List the caller's notifications")
    @GetMapping
    Cursors.Page<Notifications.Notification> list(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Cursors.limit(limit);
        Cursors.TimeAndId after = cursors.timeAndId(cursor);
        List<Notifications.Notification> rows = notifications.of(
                me.workspaceId(),
                me.principalId(),
                after == null ? null : after.at(),
                after == null ? null : after.id(),
                size + 1);
        boolean more = rows.size() > size;
        List<Notifications.Notification> page = more ? rows.subList(0, size) : rows;
        return new Cursors.Page<>(
                page,
                more
                        ? cursors.encode(new Cursors.TimeAndId(
                                page.get(size - 1).createdAt(),
                                page.get(size - 1).id()))
                        : null);
    }

    @Operation(operationId = "markNotificationRead", summary = "Mark a notification read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PostMapping("/{id}/read")
    ResponseEntity<Void> read(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        if (!notifications.markRead(me.workspaceId(), me.principalId(), id)) {
            throw ApiProblem.notFound("notification {0}", id);
        }
        return ResponseEntity.noContent().build();
    }
}
