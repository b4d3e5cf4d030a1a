package io.custodia.collaboration;

import io.custodia.access.AccessPolicies;
import io.custodia.access.FieldCatalogs;
import io.custodia.access.RecordLookup;
import io.custodia.audit.AuditLog;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Text;
import io.custodia.platform.ValueRules;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.ListAction;
import io.custodia.policy.ListLevel;
import io.custodia.policy.ListLoan;
import io.custodia.policy.RecordFacts;
import io.custodia.records.ListContactCreation;
import io.custodia.records.SharedLists;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shared contact lists (seed 004, access model section 7). Whoever is not on a list gets 404 for
 * it; a member below the level an action needs gets 403 naming that level. Every change of
 * members, levels, hidden fields and ownership is audited.
 */
@Tag(name = "Lists")
@RestController
@RequestMapping("/api/v1/lists")
class ListController {
    private final SharedLists lists;
    private final Notifications notifications;
    private final AccessPolicies access;
    private final RecordLookup records;
    private final FieldCatalogs catalogs;
    private final AuditLog audit;
    private final Users users;
    private final ListContactCreation creation;
    private final ListAccess gate;

    ListController(
            SharedLists lists,
            Notifications notifications,
            AccessPolicies access,
            RecordLookup records,
            FieldCatalogs catalogs,
            AuditLog audit,
            Users users,
            ListContactCreation creation,
            ListAccess gate) {
        this.lists = lists;
        this.notifications = notifications;
        this.access = access;
        this.records = records;
        this.catalogs = catalogs;
        this.audit = audit;
        this.users = users;
        this.creation = creation;
        this.gate = gate;
    }

    record NewList(@NotBlank @Size(max = 200) String name) {}

    /** A member's level, and when the membership ends (none: it does not). */
    record Membership(
            @NotNull ListLevel level,
            @Schema(type = "string", format = "date-time") String expiresAt) {}

    record Transfer(@NotNull UUID userId) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "createList", summary = "Create a shared contact list")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Transactional
    ResponseEntity<SharedLists.SharedList> create(
            @AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody NewList body) {
        UUID id = UUID.randomUUID();
        lists.create(me.workspaceId(), id, body.name().strip(), me.principalId());
        changed(me, "list.created", id, null, Map.of("name", body.name().strip()));
        return ResponseEntity.created(URI.create("/api/v1/lists/" + id))
                .body(lists.visibleTo(me.workspaceId(), id, me.principalId()).orElseThrow());
    }

    /** The lists the caller is on; with {@code orphaned=true}, for users.manage, the lists of deactivated owners. */
    @Operation(operationId = "listLists", summary = "List the contact lists the caller owns or is a member of")
    @GetMapping
    Items<SharedLists.SharedList> mine(
            @AuthenticationPrincipal WorkspacePrincipal me, @RequestParam(required = false) boolean orphaned) {
        if (!orphaned) {
            return new Items<>(lists.of(me.workspaceId(), me.principalId()));
        }
        if (!gate.mayAdopt(me)) {
            throw ApiProblem.forbidden("users.manage");
        }
        return new Items<>(lists.ownedBy(me.workspaceId(), users.deactivated(me.workspaceId())));
    }

    @Operation(operationId = "getList", summary = "Get a contact list")
    @GetMapping("/{id}")
    ListWithMembers one(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        SharedLists.SharedList list = gate.seen(me, id).orElseThrow(() -> ApiProblem.notFound("list {0}", id));
        return new ListWithMembers(
                list.id(),
                list.name(),
                list.ownerId(),
                list.yourLevel(),
                list.hiddenFields(),
                lists.members(me.workspaceId(), id),
                can(me, list));
    }

    /**
     * What the caller may do to the list, by the same {@link ListAction}s the actions check; a list
     * whose owner is deactivated can be transferred by whoever may adopt it, as {@link #transfer} does.
     */
    private Map<String, Boolean> can(WorkspacePrincipal me, SharedLists.SharedList list) {
        Map<String, Boolean> can = new LinkedHashMap<>();
        for (ListAction action : ListAction.values()) {
            can.put(action.key(), action.allowedAt(list.yourLevel()));
        }
        if (gate.orphan(me, list.id()).isPresent()) {
            can.put(ListAction.TRANSFER.key(), true);
        }
        return can;
    }

    /** A list as {@code GET /api/v1/lists/{id}} answers it: the list, then its members. */
    record ListWithMembers(
            UUID id,
            String name,
            UUID ownerId,
            ListLevel yourLevel,
            List<String> hiddenFields,
            List<SharedLists.Member> members,
            Map<String, Boolean> can) {}

    /** A contact on a list. */
    record ListEntry(UUID listId, UUID contactId) {}

    @Operation(operationId = "renameList", summary = "Rename a contact list")
    @PatchMapping("/{id}")
    @Transactional
    SharedLists.SharedList rename(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id, @Valid @RequestBody NewList body) {
        SharedLists.SharedList list = gate.requireLevel(me, id, ListAction.RENAME);
        lists.rename(me.workspaceId(), id, body.name().strip());
        changed(
                me,
                "list.renamed",
                id,
                Map.of("name", list.name()),
                Map.of("name", body.name().strip()));
        return lists.visibleTo(me.workspaceId(), id, me.principalId()).orElseThrow();
    }

    @Operation(operationId = "deleteList", summary = "Delete a contact list")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}")
    @Transactional
    ResponseEntity<Void> delete(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        SharedLists.SharedList list = gate.requireLevel(me, id, ListAction.DELETE);
        changed(
                me,
                "list.deleted",
                id,
                Map.of("name", list.name(), "members", lists.members(me.workspaceId(), id)),
                null);
        lists.delete(me.workspaceId(), id);
        return ResponseEntity.noContent().build();
    }

    /** MANAGER and the owner share the list and change levels below owner; nobody sets OWNER this way. */
    @Operation(operationId = "putListMember", summary = "Add or change a list member")
    @PutMapping("/{id}/members/{userId}")
    @Transactional
    SharedLists.Member putMember(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @PathVariable UUID userId,
            @Valid @RequestBody Membership body) {
        SharedLists.SharedList list = gate.requireLevel(me, id, ListAction.SHARE);
        if (body.level() == ListLevel.OWNER) {
            throw ApiProblem.invalid("level", "a list has one owner; transfer ownership instead");
        }
        requireUser(me, userId);
        if (userId.equals(list.ownerId())) {
            throw ApiProblem.conflict("the owner's level cannot change; the owner may transfer the list instead");
        }
        // INVARIANT: a membership is given by someone else, its end too: a manager who changed their
        // own could lift the end that was set on it (access-model, "Grants that expire").
        if (userId.equals(me.principalId())) {
            throw ApiProblem.forbiddenBecause(
                    "you cannot change your own membership: leave the list, or ask its owner or another manager");
        }
        OffsetDateTime expiresAt = ValueRules.expiry("expiresAt", body.expiresAt(), access.now());
        var before = lists.levelOf(me.workspaceId(), id, userId);
        lists.putMember(me.workspaceId(), id, userId, body.level(), expiresAt);
        changed(
                me,
                "list.member.put",
                id,
                before.map(l -> Map.<String, Object>of("userId", userId, "level", l))
                        .orElse(null),
                expiresAt == null
                        ? Map.of("userId", userId, "level", body.level())
                        : Map.of("userId", userId, "level", body.level(), "expiresAt", expiresAt.toString()));
        return new SharedLists.Member(userId, body.level(), expiresAt);
    }

    @Operation(operationId = "removeListMember", summary = "Remove a list member")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}/members/{userId}")
    @Transactional
    ResponseEntity<Void> removeMember(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id, @PathVariable UUID userId) {
        gate.removeMember(me, AuditLog.Actor.of(me), id, userId);
        return ResponseEntity.noContent().build();
    }

    /**
     * Only the owner transfers, or users.manage a list whose owner is deactivated (nobody else could
     * ever manage it); the old owner stays on the list as MANAGER. The new owner must be an active person.
     */
    @Operation(operationId = "transferList", summary = "Transfer a list to another owner")
    @PostMapping("/{id}/transfer")
    @Transactional
    ResponseEntity<SharedLists.SharedList> transfer(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id, @Valid @RequestBody Transfer body) {
        SharedLists.SharedList list =
                gate.orphan(me, id).orElseGet(() -> gate.requireLevel(me, id, ListAction.TRANSFER));
        // A person: an app's principal can never sign in, so a list it owned could never be managed.
        users.findPerson(me.workspaceId(), body.userId())
                .filter(u -> u.status().equals("active"))
                .orElseThrow(() -> ApiProblem.invalid("userId", "no active user {0}", body.userId()));
        if (body.userId().equals(list.ownerId())) {
            throw ApiProblem.invalid("userId", "already the owner of this list");
        }
        lists.transfer(me.workspaceId(), id, list.ownerId(), body.userId());
        changed(
                me,
                "list.transferred",
                id,
                Map.of("ownerId", list.ownerId()),
                Map.of("ownerId", body.userId(), "previousOwnerLevel", ListLevel.MANAGER));
        notifications.notify(
                me.workspaceId(),
                body.userId(),
                "list.transferred",
                null,
                null,
                false,
                Text.of("notice.list.transferred", me.principalName()));
        return ResponseEntity.of(
                lists.visibleTo(me.workspaceId(), id, me.principalId()).or(() -> lists.find(me.workspaceId(), id)));
    }

    /**
     * EDIT and above add contacts their roles let them read (a body {@code {"contactId"}}), or create
     * a new contact on the list (any other body: the contact's own). The level is decided before the
     * body is read, so a VIEW member or a stranger learns nothing from what they send.
     */
    @Operation(operationId = "addListContact", summary = "Add a contact to a list, or create one on it")
    @ApiResponse(
            responseCode = "200",
            description = "the contact was on the list already",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ListEntry.class)))
    @ApiResponse(
            responseCode = "201",
            description = "an existing contact added (a ListEntry), or a new contact's body created on the list"
                    + " (the created contact, as GET /api/v1/contacts/{id} answers it)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ListEntry.class)))
    @PostMapping("/{id}/contacts")
    @Transactional
    ResponseEntity<Map<String, Object>> addContact(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @PathVariable UUID id,
            @RequestBody Map<String, Object> body) {
        SharedLists.SharedList list = gate.requireLevel(me, id, ListAction.ADD_CONTACTS);
        if (!body.containsKey("contactId")) {
            Map<String, Object> created = creation.create(me, id, list.yourLevel(), list.hiddenFields(), body);
            changed(me, "list.contact.added", id, null, Map.of("contactId", created.get("id")));
            return ResponseEntity.created(URI.create("/api/v1/contacts/" + created.get("id")))
                    .body(created);
        }
        if (body.size() != 1) {
            throw ApiProblem.invalid("contactId", "send either a contactId alone or a new contact's fields");
        }
        UUID contactId = contactId(body.get("contactId"));
        boolean added = lists.addContact(me.workspaceId(), id, contactId, me.principalId(), loanOf(me, contactId));
        if (added) {
            changed(me, "list.contact.added", id, null, Map.of("contactId", contactId));
        }
        return ResponseEntity.status(added ? 201 : 200).body(Map.of("listId", id, "contactId", contactId));
    }

    private static UUID contactId(Object raw) {
        try {
            if (raw instanceof String text) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the same refusal as any other value that is not an id.
        }
        throw ApiProblem.invalid("contactId", "expected a contact id");
    }

    /** What an existing contact's adder lends the list: no more than their roles hold on it (access-model, "A grant never exceeds its granter"). */
    private ListLoan loanOf(WorkspacePrincipal me, UUID contactId) {
        CompiledAccess mine = access.accessOf(me.workspaceId(), me.principalId());
        RecordFacts contact = records.facts(
                        me.workspaceId(), EntityType.CONTACT, contactId, mine.scope(EntityType.CONTACT, Action.READ))
                .orElseThrow(() -> ApiProblem.notFound("contact {0}", contactId));
        ListLoan loan = mine.loanOf(contact);
        if (loan == null) {
            throw ApiProblem.forbiddenBecause(
                    "missing permission: contact.read through your roles (a contact you read only through a share or a shared list is not yours to put on a list)");
        }
        return loan;
    }

    /** DELETE and above remove contacts; the owner is told (the seed's product does not; we do). */
    @Operation(operationId = "removeListContact", summary = "Remove a contact from a list")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}/contacts/{contactId}")
    @Transactional
    ResponseEntity<Void> removeContact(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id, @PathVariable UUID contactId) {
        SharedLists.SharedList list = gate.requireLevel(me, id, ListAction.REMOVE_CONTACTS);
        if (!lists.removeContact(me.workspaceId(), id, contactId)) {
            throw ApiProblem.notFound("contact {0} on list {1}", contactId, id);
        }
        changed(me, "list.contact.removed", id, Map.of("contactId", contactId), null);
        if (!list.ownerId().equals(me.principalId())) {
            notifications.notify(
                    me.workspaceId(),
                    list.ownerId(),
                    "list.contact.removed",
                    EntityType.CONTACT.key(),
                    contactId,
                    false,
                    Text.of("notice.list.contactRemoved", me.principalName(), list.name()));
        }
        return ResponseEntity.noContent().build();
    }

    /** MANAGER and above choose the fields hidden from members below MANAGER. */
    @Operation(operationId = "hideListFields", summary = "Set the fields a list hides from its members")
    @PutMapping("/{id}/hidden-fields")
    @Transactional
    SharedLists.SharedList hide(
            @AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id, @RequestBody List<String> fields) {
        SharedLists.SharedList list = gate.requireLevel(me, id, ListAction.HIDE_FIELDS);
        var catalog = catalogs.catalogOf(me.workspaceId());
        Set<String> hidden = new TreeSet<>();
        for (String field : fields) {
            if (field == null || catalog.typeOf(EntityType.CONTACT, field).isEmpty()) {
                throw ApiProblem.invalid("hiddenFields", "contacts have no field '{0}'", field);
            }
            hidden.add(field);
        }
        lists.hide(me.workspaceId(), id, hidden);
        changed(
                me,
                "list.hidden_fields.changed",
                id,
                Map.of("hiddenFields", list.hiddenFields()),
                Map.of("hiddenFields", hidden));
        return lists.visibleTo(me.workspaceId(), id, me.principalId()).orElseThrow();
    }

    private void requireUser(WorkspacePrincipal me, UUID userId) {
        users.find(me.workspaceId(), userId).orElseThrow(() -> ApiProblem.notFound("user {0}", userId));
    }

    private void changed(WorkspacePrincipal me, String action, UUID id, Object before, Object after) {
        audit.record(me.workspaceId(), AuditLog.Actor.of(me), action, "list", id, before, after);
    }
}
