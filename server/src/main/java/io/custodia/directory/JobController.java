package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.Jobs;
import io.custodia.platform.ProblemText;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Background jobs: their starter sees and cancels their own; holders of {@code users.manage} see
 * and cancel every job of the workspace. Anyone else is answered as if the job did not exist.
 */
@Tag(name = "Jobs")
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {
    private final Jobs jobs;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final Cursors cursors;

    JobController(Jobs jobs, AccessPolicies access, AuditLog audit, Cursors cursors) {
        this.cursors = cursors;
        this.jobs = jobs;
        this.access = access;
        this.audit = audit;
    }

    /** The caller's jobs, or every job of the workspace with {@code users.manage}; newest first. */
    @Operation(operationId = "listJobs", summary = "List background jobs")
    @GetMapping
    Cursors.Page<Jobs.View> list(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Cursors.limit(limit);
        UUID startedBy = administers(me) ? null : me.principalId();
        List<Jobs.View> page = jobs.page(me.workspaceId(), startedBy, cursors.timeAndId(cursor), size + 1);
        List<Jobs.View> items = page.stream().limit(size).toList();
        Jobs.View last = items.isEmpty() ? null : items.get(items.size() - 1);
        return new Cursors.Page<>(
                items, page.size() > size ? cursors.encode(new Cursors.TimeAndId(last.createdAt(), last.id())) : null);
    }

    @Operation(operationId = "getJob", summary = "Get a background job")
    @GetMapping("/{id}")
    Jobs.View get(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return visible(me, id);
    }

    /**
     * Asks a running job to stop at its next step (202): it then stores nothing and says STOPPED. A
     * job that is not running any more (or was asked already) answers 409.
     */
    @Operation(operationId = "cancelJob", summary = "Cancel a background job")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping("/{id}/cancel")
    @Transactional
    ResponseEntity<Jobs.View> cancel(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        Jobs.View job = visible(me, id);
        if (!jobs.cancel(me.workspaceId(), id, me.principalId())) {
            ProblemText state = ProblemWords.jobState(job.state());
            throw job.cancelledBy() == null
                    ? ApiProblem.conflict("the job is {0}; nothing to cancel", state)
                    : ApiProblem.conflict("the job is {0} and was asked to stop already; nothing to cancel", state);
        }
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "job.cancelled",
                "job",
                id,
                Map.of("kind", job.kind(), "state", job.state(), "startedBy", job.createdBy()),
                Map.of("cancelledBy", me.principalId()));
        return ResponseEntity.accepted().body(visible(me, id));
    }

    private Jobs.View visible(WorkspacePrincipal me, UUID id) {
        return jobs.find(me.workspaceId(), id)
                .filter(job -> job.createdBy().equals(me.principalId()) || administers(me))
                .orElseThrow(() -> ApiProblem.notFound("job {0}", id));
    }

    private boolean administers(WorkspacePrincipal me) {
        return access.has(me.workspaceId(), me.principalId(), SystemPermission.USERS_MANAGE);
    }
}
