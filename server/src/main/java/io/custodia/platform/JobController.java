package io.custodia.platform;

import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Progress and result of background work, for the user who started it. */
@RestController
class JobController {
    private final Jobs jobs;

    JobController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/jobs/{id}")
    Jobs.View get(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return jobs.find(me.workspaceId(), id, me.principalId()).orElseThrow(() -> ApiProblem.notFound("job " + id));
    }
}
