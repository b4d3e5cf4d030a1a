package io.custodia.access;

import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The workspace's access review schedule over HTTP (api.md, "Access review campaigns"). */
@RestController
@RequestMapping("/api/v1/access/review-schedule")
@Tag(name = "Access")
class ReviewScheduleController {
    private final ScheduledCampaigns schedule;

    ReviewScheduleController(ScheduledCampaigns schedule) {
        this.schedule = schedule;
    }

    record ScheduleBody(
            Integer everyMonths,
            CampaignController.ScopeBody scope,
            @Schema(allowableValues = {"keep", "revoke"}) String onTimeout,
            UUID reviewerId,
            Integer daysToDecide) {}

    @Operation(operationId = "getAccessReviewSchedule", summary = "Read the access review schedule")
    @GetMapping
    ScheduledCampaigns.View get(@AuthenticationPrincipal WorkspacePrincipal me) {
        return schedule.get(me);
    }

    @Operation(operationId = "setAccessReviewSchedule", summary = "Start a campaign every N months")
    @PutMapping
    ScheduledCampaigns.View set(@AuthenticationPrincipal WorkspacePrincipal me, @RequestBody ScheduleBody body) {
        CampaignController.ScopeBody scope =
                body.scope() == null ? new CampaignController.ScopeBody(null, null) : body.scope();
        return schedule.set(
                me,
                body.everyMonths(),
                scope.kind(),
                scope.departmentId(),
                body.onTimeout(),
                body.reviewerId(),
                body.daysToDecide());
    }

    @Operation(operationId = "removeAccessReviewSchedule", summary = "Stop the access review schedule")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping
    ResponseEntity<Void> remove(@AuthenticationPrincipal WorkspacePrincipal me) {
        schedule.remove(me);
        return ResponseEntity.noContent().build();
    }
}
