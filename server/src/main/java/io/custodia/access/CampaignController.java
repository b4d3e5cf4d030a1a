package io.custodia.access;

import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Access review campaigns over HTTP (api.md, "Access review campaigns"); the services decide. */
@RestController
@RequestMapping("/api/v1/access/reviews")
@Tag(name = "Access")
class CampaignController {
    private final CampaignStart start;
    private final CampaignDecisions decisions;
    private final CampaignQueries queries;

    CampaignController(CampaignStart start, CampaignDecisions decisions, CampaignQueries queries) {
        this.start = start;
        this.decisions = decisions;
        this.queries = queries;
    }

    record Items<T>(List<T> items) {}

    record ScopeBody(
            @Schema(allowableValues = {"everyone", "department", "administrators", "apps"})
            String kind,

            UUID departmentId) {}

    record NewCampaign(
            String name,
            ScopeBody scope,
            @Schema(type = "string", format = "date-time") String dueAt,
            @Schema(allowableValues = {"keep", "revoke"}) String onTimeout,
            UUID reviewerId) {}

    record Decision(
            @Schema(allowableValues = {"keep", "revoke"}) String decision, String comment) {}

    record Closed(String resultSha256) {}

    @Operation(operationId = "startAccessReviewCampaign", summary = "Start an access review campaign")
    @PostMapping
    ResponseEntity<CampaignViews.CampaignView> create(
            @AuthenticationPrincipal WorkspacePrincipal me, @RequestBody NewCampaign body) {
        ScopeBody scope = body.scope() == null ? new ScopeBody(null, null) : body.scope();
        ReviewCampaigns.Campaign campaign = start.start(
                me,
                new CampaignStart.Asked(
                        body.name(),
                        scope.kind(),
                        scope.departmentId(),
                        body.dueAt(),
                        body.onTimeout(),
                        body.reviewerId()));
        return ResponseEntity.created(URI.create("/api/v1/access/reviews/" + campaign.id()))
                .body(queries.get(me, campaign.id()));
    }

    @Operation(operationId = "listAccessReviewCampaigns", summary = "List access review campaigns")
    @GetMapping
    Items<CampaignViews.CampaignView> list(@AuthenticationPrincipal WorkspacePrincipal me) {
        return new Items<>(queries.list(me));
    }

    @Operation(operationId = "getAccessReviewCampaign", summary = "Read an access review campaign")
    @GetMapping("/{id}")
    CampaignViews.CampaignView get(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return queries.get(me, id);
    }

    @Operation(operationId = "listAccessReviewItems", summary = "List a campaign's items (a reviewer's own)")
    @GetMapping("/{id}/items")
    Items<CampaignViews.ItemView> items(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestParam(required = false) Boolean mine) {
        return new Items<>(queries.items(me, id, Boolean.TRUE.equals(mine)));
    }

    @Operation(operationId = "decideAccessReviewItem", summary = "Keep or revoke an item (its reviewer)")
    @PostMapping("/{id}/items/{itemId}/decision")
    CampaignViews.ItemView decide(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @PathVariable UUID itemId,
            @RequestBody Decision body) {
        return decisions.decide(me, id, itemId, body.decision(), body.comment());
    }

    @Operation(operationId = "closeAccessReviewCampaign", summary = "Close a campaign and seal its result")
    @PostMapping("/{id}/close")
    Closed close(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return new Closed(decisions.close(me, id));
    }

    @Operation(
            operationId = "exportAccessReviewCampaign",
            summary = "Export a campaign's result as JSON (sealed once closed)")
    @GetMapping(value = "/{id}/export", produces = "application/json")
    ResponseEntity<String> exportJson(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"access-review-" + id + ".json\"")
                .header("Content-Type", "application/json")
                .body(queries.exportJson(me, id));
    }

    @Operation(operationId = "exportAccessReviewCampaignCsv", summary = "Export a campaign's result as CSV")
    @GetMapping(value = "/{id}/export", produces = "text/csv")
    ResponseEntity<String> exportCsv(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"access-review-" + id + ".csv\"")
                .header("Content-Type", "text/csv; charset=UTF-8")
                .body(queries.exportCsv(me, id));
    }
}
