package io.custodia.integrations;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Editing, re-keying and deleting an app, for holders of {@code integrations.manage}; {@link AppLifecycle} does it. */
@RestController
@RequestMapping("/api/v1/integrations/apps/{id}")
@Tag(name = "Integrations")
class AppLifecycleController {
    private final AppLifecycle lifecycle;

    AppLifecycleController(AppLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    record AppChanges(
            @Size(max = 200) String name,
            @Size(min = 1, max = 10) List<@NotBlank @Size(max = 400) String> redirectUris,
            @Size(min = 1, max = 50) List<@NotBlank @Size(max = 100) String> scopes) {}

    record Rotation(Long overlapMinutes) {}

    @Operation(operationId = "editApp", summary = "Edit an app: name, redirect URIs, scopes")
    @PatchMapping
    IntegrationController.AppView edit(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @Valid @RequestBody AppChanges body) {
        return IntegrationController.AppView.of(
                lifecycle.edit(me, id, new AppLifecycle.Changes(body.name(), body.redirectUris(), body.scopes())));
    }

    @Operation(operationId = "rotateAppSecret", summary = "Rotate an app's secret, the old one kept for an overlap")
    @PostMapping("/secret")
    AppLifecycle.Rotated rotate(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestBody(required = false) Rotation body) {
        Long minutes = body == null ? null : body.overlapMinutes();
        long longest = AppLifecycle.LONGEST_OVERLAP.toMinutes();
        if (minutes != null && (minutes < 0 || minutes > longest)) {
            throw ApiProblem.invalid("overlapMinutes", "from 0 to {0} minutes", longest);
        }
        return lifecycle.rotateSecret(
                me, id, minutes == null ? AppLifecycle.DEFAULT_OVERLAP : Duration.ofMinutes(minutes));
    }

    @Operation(operationId = "deleteApp", summary = "Delete an app, ending its tokens and webhooks")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping
    ResponseEntity<Void> delete(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        lifecycle.delete(me, id);
        return ResponseEntity.noContent().build();
    }
}
