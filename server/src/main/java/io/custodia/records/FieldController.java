package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Locale;
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

/** Custom fields: everyone reads the definitions; defining one is workspace configuration ({@code workspace.manage}). */
@Tag(name = "Fields")
@RestController
@RequestMapping("/api/v1/fields")
class FieldController {
    private final CustomFields customFields;
    private final AccessPolicies access;
    private final AuditLog audit;

    FieldController(CustomFields customFields, AccessPolicies access, AuditLog audit) {
        this.customFields = customFields;
        this.access = access;
        this.audit = audit;
    }

    record NewField(
            @NotBlank String entity,

            @NotNull
            @Pattern(regexp = "[a-zA-Z][a-zA-Z0-9_]{0,59}", message = "a letter, then up to 59 letters, digits or _")
            String key,

            @NotBlank @Size(max = 200) String label,
            @NotNull CustomFields.Type type,
            @Size(max = 200) List<@NotBlank @Size(max = 200) String> options) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "defineField", summary = "Define a custom field")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Transactional
    ResponseEntity<CustomFields.Definition> define(
            @AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody NewField body) {
        access.require(me, SystemPermission.WORKSPACE_MANAGE);
        EntityType entity;
        try {
            entity = EntityType.fromKey(body.entity().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("entity", "one of {0}", EntityType.keys());
        }
        // A custom field is never named as a built-in one, the answer's map of them, or a column
        // every record has in an export (its id, version, times, and the names after id columns).
        if (FieldCatalog.builtIn().typeOf(entity, body.key()).isPresent()
                || body.key().equals("fields")
                || CsvExport.RECORD_COLUMNS.contains(body.key())) {
            throw ApiProblem.invalid(
                    "key", "'{0}' is a built-in field of {1}", body.key(), ProblemWords.entity(entity));
        }
        boolean select = body.type() == CustomFields.Type.SELECT;
        if (select && (body.options() == null || body.options().isEmpty())) {
            throw ApiProblem.invalid("options", "a select field needs at least one option");
        }
        if (!select && body.options() != null) {
            throw ApiProblem.invalid("options", "only select fields have options");
        }
        CustomFields.Definition d = new CustomFields.Definition(
                UUID.randomUUID(), entity.key(), body.key(), body.label().strip(), body.type(), body.options());
        if (!customFields.define(me.workspaceId(), d)) {
            throw ApiProblem.conflict("the {0} field '{1}' exists", ProblemWords.entity(entity), body.key());
        }
        access.changed(me.workspaceId());
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                "field.created",
                "field",
                d.id(),
                null,
                Map.of("entity", d.entity(), "key", d.key(), "type", d.type().name()));
        return ResponseEntity.created(URI.create("/api/v1/fields/" + d.id())).body(d);
    }

    @Operation(operationId = "listFields", summary = "List the fields of every record type")
    @GetMapping
    Items<CustomFields.Definition> list(@AuthenticationPrincipal WorkspacePrincipal me) {
        return new Items<>(customFields.all(me.workspaceId()));
    }
}
