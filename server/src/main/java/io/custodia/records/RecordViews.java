package io.custodia.records;

import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.RecordFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Records as a reader may see them: the answers' shape, with the fields hidden from the reader left out. */
final class RecordViews {
    private RecordViews() {}

    static Map<String, Object> view(RecordRow row, CompiledAccess compiled, FieldCatalog catalog) {
        RecordFacts facts = row.facts(catalog);
        // Per record: a contact read only through a shared list hides that list's hidden fields.
        Set<String> hidden = compiled.hiddenFields(facts);
        Map<String, Object> view = new RecordView();
        view.put("id", row.id());
        if (!hidden.contains("ownerId")) {
            view.put("ownerId", row.ownerId());
        }
        row.builtIns().forEach((k, v) -> {
            if (!hidden.contains(k)) {
                view.put(k, v);
            }
        });
        // Every custom field the caller may see is there, null when empty, as built-in fields are:
        // an absent key then means hidden, so a form can leave out what it must not show.
        Map<String, Object> custom = new LinkedHashMap<>();
        for (String k : catalog.customFields(row.type().entity)) {
            if (!hidden.contains(k)) {
                custom.put(k, row.custom().get(k));
            }
        }
        row.custom().forEach((k, v) -> {
            if (!hidden.contains(k)) {
                custom.putIfAbsent(k, v);
            }
        });
        view.put("fields", custom);
        view.put("version", row.version());
        view.put("createdAt", row.createdAt());
        view.put("updatedAt", row.updatedAt());
        // INVARIANT: the same engine calls as the write paths (RecordUpdate, RecordService), so an
        // action offered here is never refused for want of permission.
        Map<String, Boolean> can = new LinkedHashMap<>();
        can.put("update", compiled.allows(Action.UPDATE, facts));
        can.put("delete", compiled.allows(Action.DELETE, facts));
        can.put("share", compiled.mayShare(facts));
        can.put("comment", compiled.mayComment(facts));
        if (row.type().entity() == EntityType.CONTACT) {
            // The check of putting an existing contact on a shared list: the reader's roles lend it.
            can.put("list", compiled.loanOf(facts) != null);
        }
        view.put("can", can);
        if (row.contactIds() != null) {
            view.put("contactIds", row.contactIds());
        }
        return view;
    }
}
