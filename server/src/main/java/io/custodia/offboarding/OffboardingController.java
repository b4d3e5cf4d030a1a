package io.custodia.offboarding;

import io.custodia.directory.CurrentUser;
import io.custodia.platform.Jobs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/users/{id}/offboard}: a person's work handed to a successor in one step
 * (docs/api.md, "Offboarding"); with {@code dryRun=true}, what would move.
 */
@Tag(name = "Users")
@RestController
class OffboardingController {
    private final Offboardings offboardings;

    OffboardingController(Offboardings offboardings) {
        this.offboardings = offboardings;
    }

    record Offboard(UUID transferTo, List<String> what, Boolean deactivate) {}

    /** 200 with the preview when {@code dryRun}, else 202 with the job that moves the work. */
    @Operation(
            operationId = "offboardUser",
            summary = "Offboard a user: hand their records, lists, conversations and shares to a successor")
    @ApiResponse(
            responseCode = "200",
            description = "with dryRun=true: what would move, and the apps the user authorised",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = Offboardings.Preview.class)))
    @ApiResponse(
            responseCode = "202",
            description = "the job that moves the work, polled at its Location",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Jobs.View.class)))
    @PostMapping("/api/v1/users/{id}/offboard")
    ResponseEntity<Object> offboard(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "false") boolean dryRun,
            @RequestBody(required = false) Offboard body) {
        Offboard asked = body == null ? new Offboard(null, null, null) : body;
        Offboardings.Request request =
                offboardings.checked(me, id, asked.transferTo(), asked.what(), asked.deactivate());
        if (dryRun) {
            return ResponseEntity.ok(offboardings.preview(me, request));
        }
        Jobs.View job = offboardings.start(me, request);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/jobs/" + job.id()))
                .body(job);
    }
}
