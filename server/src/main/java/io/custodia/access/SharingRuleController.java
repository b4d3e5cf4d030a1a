package io.custodia.access;

import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sharing rules over HTTP ({@code roles.manage}); {@link SharingRuleChanges} checks, applies and audits. */
@Tag(name = "Roles")
@RestController
@RequestMapping("/api/v1/sharing-rules")
class SharingRuleController {
    private final SharingRuleChanges changes;

    SharingRuleController(SharingRuleChanges changes) {
        this.changes = changes;
    }

    record Items<T>(List<T> items) {}

    @Operation(operationId = "listSharingRules", summary = "List the sharing rules")
    @GetMapping
    Items<SharingRules.SharingRuleView> list(@AuthenticationPrincipal WorkspacePrincipal me) {
        return new Items<>(changes.list(me));
    }

    @Operation(operationId = "createSharingRule", summary = "Create a sharing rule")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    ResponseEntity<SharingRules.SharingRuleView> create(
            @AuthenticationPrincipal WorkspacePrincipal me, @RequestBody Map<String, Object> body) {
        SharingRules.SharingRuleView created = changes.create(me, body);
        return ResponseEntity.created(URI.create("/api/v1/sharing-rules/" + created.id()))
                .body(created);
    }

    @Operation(operationId = "getSharingRule", summary = "Get a sharing rule")
    @GetMapping("/{id}")
    SharingRules.SharingRuleView get(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return changes.get(me, id);
    }

    @Operation(operationId = "replaceSharingRule", summary = "Replace a sharing rule")
    @PutMapping("/{id}")
    SharingRules.SharingRuleView replace(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestBody Map<String, Object> body) {
        return changes.replace(me, id, body);
    }

    @Operation(operationId = "deleteSharingRule", summary = "Delete a sharing rule")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        changes.delete(me, id);
        return ResponseEntity.noContent().build();
    }
}
