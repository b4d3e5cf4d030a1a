package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The contacts of a shared list, for its members, through the same scoped query as every contact
 * list (so hidden fields and the other paths apply the same way).
 */
@Tag(name = "Lists")
@RestController
class ListContactsController {
    private final RecordListing records;
    private final CustomFields customFields;
    private final AccessPolicies access;
    private final RecordQueries queries;

    private final Cursors cursors;

    ListContactsController(
            Cursors cursors,
            RecordListing records,
            RecordQueries queries,
            CustomFields customFields,
            AccessPolicies access) {
        this.cursors = cursors;
        this.records = records;
        this.customFields = customFields;
        this.access = access;
        this.queries = queries;
    }

    @Operation(operationId = "listListContacts", summary = "List a contact list's contacts")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(ref = "#/components/schemas/ContactPage")))
    @GetMapping("/api/v1/lists/{id}/contacts")
    Cursors.Page<Map<String, Object>> contacts(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        UUID ws = me.workspaceId();
        if (!queries.isMember(ws, id, me.principalId())) {
            throw ApiProblem.notFound("list {0}", id);
        }
        int size = Cursors.limit(limit);
        List<String> after = cursor == null ? null : cursors.decode(cursor, 2);
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        List<RecordRow> rows = records.page(
                RecordType.CONTACTS,
                ws,
                me.principalId(),
                compiled.scope(EntityType.CONTACT, Action.READ),
                catalog,
                RecordListing.Filters.onList(id),
                RecordListing.Sort.UPDATED_AT_DESC,
                after,
                size + 1);
        boolean more = rows.size() > size;
        List<RecordRow> page = more ? rows.subList(0, size) : rows;
        String next = null;
        if (more) {
            RecordRow last = page.get(size - 1);
            next = cursors.encode(last.updatedAt().toString(), last.id().toString());
        }
        return new Cursors.Page<>(
                page.stream().map(r -> RecordViews.view(r, compiled, catalog)).toList(), next);
    }
}
