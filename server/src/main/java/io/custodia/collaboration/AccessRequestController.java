package io.custodia.collaboration;

import io.custodia.collaboration.AccessRequests.Request;
import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Access requests over HTTP; {@link AccessRequests} decides and stores them. */
@Tag(name = "Access requests")
@RestController
@RequestMapping("/api/v1/access-requests")
class AccessRequestController {
    private final AccessRequests requests;

    AccessRequestController(AccessRequests requests) {
        this.requests = requests;
    }

    record NewRequest(@NotNull String recordType, @NotNull UUID recordId) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "requestAccess", summary = "Ask for access to a record")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    ResponseEntity<Request> ask(@AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody NewRequest body) {
        AccessRequests.Asked asked = requests.ask(me, body.recordType(), body.recordId());
        if (!asked.created()) {
            return ResponseEntity.ok(asked.request());
        }
        return ResponseEntity.created(
                        URI.create("/api/v1/access-requests/" + asked.request().id()))
                .body(asked.request());
    }

    /** The caller's own requests, and the pending ones the caller may decide. */
    @Operation(operationId = "listAccessRequests", summary = "List access requests")
    @GetMapping
    Items<Request> list(@AuthenticationPrincipal WorkspacePrincipal me) {
        return new Items<>(requests.list(me));
    }

    @Operation(operationId = "approveAccessRequest", summary = "Approve an access request")
    @PostMapping("/{id}/approve")
    Request approve(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return requests.approve(me, id);
    }

    @Operation(operationId = "denyAccessRequest", summary = "Deny an access request")
    @PostMapping("/{id}/deny")
    Request deny(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return requests.deny(me, id);
    }
}
