package io.custodia.records;

import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.ListLevel;
import io.custodia.policy.ListLoan;
import io.custodia.policy.RecordFacts;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A new contact created straight onto a shared list by a member at EDIT or above (seed 004: an
 * editor "may add a new contact to the list"), with no role's {@code contact.create}: the body is
 * checked as the records API checks it, the contact is owned by its creator, and the list entry
 * lends what the creator's level lets them do on the list (access-model, "Shared contact lists").
 * The caller (the list API) has already checked the level, before the body is read.
 */
@Service
public class ListContactCreation {
    private static final RecordType CONTACTS = RecordType.CONTACTS;

    private final RecordInput checks;
    private final RecordWrites writes;
    private final RecordQueries records;
    private final SharedLists lists;
    private final CustomFields customFields;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    ListContactCreation(
            RecordInput checks,
            RecordWrites writes,
            RecordQueries records,
            SharedLists lists,
            CustomFields customFields,
            AccessPolicies access,
            AuditLog audit,
            ApplicationEventPublisher events) {
        this.checks = checks;
        this.writes = writes;
        this.records = records;
        this.lists = lists;
        this.customFields = customFields;
        this.access = access;
        this.audit = audit;
        this.events = events;
    }

    /**
     * Creates the contact, puts it on the list and answers it as the caller now reads it.
     * {@code level} is the caller's level on the list, {@code listHidden} the list's hidden fields.
     */
    @Transactional
    public Map<String, Object> create(
            WorkspacePrincipal me,
            UUID listId,
            ListLevel level,
            Collection<String> listHidden,
            Map<String, Object> body) {
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        RecordInput.Input input = checks.read(
                CONTACTS, ws, body, catalog, null, compiled, checks.definitions(ws, CONTACTS), new HashMap<>());
        if (input.ownerId() != null && !input.ownerId().equals(me.principalId())) {
            throw ApiProblem.invalid("ownerId", "a contact created on a list is owned by its creator");
        }
        Set<String> roleHidden = compiled.hiddenFields(EntityType.CONTACT);
        Set<String> roleReadOnly = compiled.readOnlyFields(EntityType.CONTACT);
        Set<String> hidden = new TreeSet<>(roleHidden);
        if (!level.atLeast(ListLevel.MANAGER)) {
            hidden.addAll(listHidden);
        }
        // INVARIANT: a hidden field is refused whatever its value, as on every other write path.
        RecordInput.requireWritable(CONTACTS, input, null, me.principalId(), hidden, roleReadOnly);
        UUID id = UUID.randomUUID();
        // Its creator's, as everything of theirs: their successor's while they are being offboarded.
        UUID owner = records.ownerAsRead(ws, me.principalId());
        writes.insert(CONTACTS, ws, id, owner, input.builtIns(), input.custom());
        events.publishEvent(new RecordChanged(ws, EntityType.CONTACT, id, RecordChanged.Change.CREATED));
        ListLoan loan = new ListLoan(
                level.atLeast(ListLevel.DELETE) ? ListLevel.DELETE : ListLevel.EDIT, roleHidden, roleReadOnly);
        RecordFacts facts =
                records.factsToWrite(CONTACTS, ws, catalog, id.toString(), owner, input.builtIns(), input.custom());
        ListLoan byRoles = compiled.loanOf(facts);
        lists.addContact(ws, listId, id, me.principalId(), byRoles == null ? loan : loan.and(byRoles));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("ownerId", owner);
        // Field names only: the log's readers may not be allowed to see every value.
        after.put("fields", new TreeSet<>(body.keySet()));
        after.put("listId", listId);
        audit.record(ws, AuditLog.Actor.of(me), "contact.created", "contact", id, null, after);
        RecordRow row = records.find(CONTACTS, ws, id, compiled.scope(EntityType.CONTACT, Action.READ), catalog)
                .orElseThrow(
                        () -> new IllegalStateException("a contact created on a list is unreadable to its creator"));
        return RecordViews.view(row, compiled, catalog);
    }
}
