package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Deal pipelines: everyone reads them; creating one is workspace configuration ({@code workspace.manage}). */
@Tag(name = "Pipelines")
@RestController
@RequestMapping("/api/v1/pipelines")
class PipelineController {
    private final Pipelines pipelines;
    private final AccessPolicies access;
    private final AuditLog audit;

    PipelineController(Pipelines pipelines, AccessPolicies access, AuditLog audit) {
        this.pipelines = pipelines;
        this.access = access;
        this.audit = audit;
    }

    record NewStage(
            @NotBlank @Size(max = 200) String name, @NotNull Pipelines.Kind kind) {}

    record NewPipeline(
            @NotBlank @Size(max = 200) String name,
            @NotEmpty @Size(max = 50) List<@Valid @NotNull NewStage> stages) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "createPipeline", summary = "Create a sales pipeline")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Transactional
    ResponseEntity<Pipelines.Pipeline> create(
            @AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody NewPipeline body) {
        access.require(me, SystemPermission.WORKSPACE_MANAGE);
        List<Pipelines.Stage> stages = new ArrayList<>();
        for (int i = 0; i < body.stages().size(); i++) {
            NewStage s = body.stages().get(i);
            stages.add(new Pipelines.Stage(UUID.randomUUID(), s.name().strip(), s.kind(), i + 1));
        }
        Pipelines.Pipeline pipeline =
                new Pipelines.Pipeline(UUID.randomUUID(), body.name().strip(), stages);
        pipelines.create(me.workspaceId(), pipeline);
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "pipeline.created",
                "pipeline",
                pipeline.id(),
                null,
                Map.of(
                        "name",
                        pipeline.name(),
                        "stages",
                        stages.stream().map(Pipelines.Stage::name).toList()));
        return ResponseEntity.created(URI.create("/api/v1/pipelines/" + pipeline.id()))
                .body(pipeline);
    }

    @Operation(operationId = "listPipelines", summary = "List sales pipelines")
    @GetMapping
    Items<Pipelines.Pipeline> list(@AuthenticationPrincipal WorkspacePrincipal me) {
        return new Items<>(pipelines.all(me.workspaceId()));
    }
}
