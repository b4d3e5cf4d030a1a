package io.custodia.records;

import io.custodia.platform.WorkspacePrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's numbers, each computed in the database under the caller's read scope and field
 * visibility (docs/api.md, "Reports"): every signed-in member may ask, and is told only about what
 * they may read.
 */
@Tag(name = "Reports")
@RestController
@RequestMapping("/api/v1/reports")
class ReportController {
    private final Reports reports;

    ReportController(Reports reports) {
        this.reports = reports;
    }

    @Operation(
            operationId = "pipelineReport",
            summary = "Count and amount of the deals you may read, per stage and per owner")
    @GetMapping("/pipeline")
    Reports.PipelineReport pipeline(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @Parameter(description = "only this pipeline's deals and stages") @RequestParam(required = false)
                    UUID pipelineId) {
        return reports.pipeline(me, pipelineId);
    }

    @Operation(
            operationId = "wonLostReport",
            summary = "Deals you may read won and lost, per month, quarter or year of their closing")
    @GetMapping("/won-lost")
    Reports.WonLostReport wonLost(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @Parameter(description = "month (default), quarter or year") @RequestParam(defaultValue = "month")
                    String by,
            @Parameter(description = "first day, YYYY-MM-DD (default: the first of the month 11 months before to)")
                    @RequestParam(required = false)
                    String from,
            @Parameter(description = "last day, YYYY-MM-DD (default: today in UTC)") @RequestParam(required = false)
                    String to,
            @Parameter(description = "only this pipeline's deals") @RequestParam(required = false) UUID pipelineId) {
        return reports.wonLost(me, by, from, to, pipelineId);
    }

    @Operation(
            operationId = "activitiesDueReport",
            summary = "Open activities you may read, by when they are due, in all and per owner")
    @GetMapping("/activities-due")
    Reports.ActivitiesDueReport activitiesDue(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @Parameter(description = "the day to count from, YYYY-MM-DD (default: today in UTC)")
                    @RequestParam(required = false)
                    String on) {
        return reports.activitiesDue(me, on);
    }
}
