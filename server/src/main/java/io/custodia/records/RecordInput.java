package io.custodia.records;

import io.custodia.access.AccessDecisions;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.RecordFacts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Checks request bodies field by field (built-in and custom values, links, owner) and that the
 * caller may write what a body sets, for the API, imports and other features alike.
 */
@Component
class RecordInput {
    private static final Set<String> ENVELOPE = Set.of("id", "version", "createdAt", "updatedAt");

    private final RecordQueries records;
    private final CustomFields customFields;
    private final DealPlacement placement;
    private final Users users;
    private final AccessDecisions decisions;

    RecordInput(
            RecordQueries records,
            CustomFields customFields,
            DealPlacement placement,
            Users users,
            AccessDecisions decisions) {
        this.records = records;
        this.customFields = customFields;
        this.placement = placement;
        this.users = users;
        this.decisions = decisions;
    }

    /** The custom fields of the record type, read once per request (not once per imported line). */
    Map<String, CustomFields.Definition> definitions(UUID ws, RecordType t) {
        Map<String, CustomFields.Definition> defined = new LinkedHashMap<>();
        customFields.all(ws).stream()
                .filter(d -> d.entity().equals(t.entity().key()))
                .forEach(d -> defined.put(d.key(), d));
        return defined;
    }

    /** A record about to be created, checked and placed. */
    record New(UUID id, UUID owner, Map<String, Object> builtIns, Map<String, Object> custom, List<UUID> contactIds) {}

    /** Checks a new record's body and that the caller may create it (and, for imports, import it). */
    New prepare(
            RecordType t,
            WorkspacePrincipal me,
            CompiledAccess compiled,
            FieldCatalog catalog,
            Map<String, Object> body,
            Map<String, CustomFields.Definition> defined,
            Map<Object, Object> memo,
            Action... needed) {
        UUID ws = me.workspaceId();
        // Refused before the body is read when no role grants the action at all: what the body
        // holds, or the workspace lacks (a pipeline for a deal), is none of that caller's business.
        Optional<Action> lacking = TypeRights.lacks(compiled, t, needed);
        if (lacking.isPresent()) {
            throw ApiProblem.forbidden(t.entity().key() + "." + lacking.get().key());
        }
        Input input = read(t, ws, body, catalog, null, compiled, defined, memo);
        // Created by someone being offboarded, a record is the successor's like theirs: decided so,
        // not decided as the creator's own and then read as the successor's (found by the outside probe).
        UUID owner = input.ownerId() == null ? records.ownerAsRead(ws, me.principalId()) : input.ownerId();
        Map<String, Object> builtIns = new LinkedHashMap<>(input.builtIns());
        if (t == RecordType.DEALS) {
            placement.placeInPipeline(ws, builtIns, null, memo);
        }
        requireWritable(
                t,
                input,
                null,
                me.principalId(),
                compiled.hiddenFields(t.entity()),
                compiled.readOnlyFields(t.entity()));
        UUID id = UUID.randomUUID();
        RecordFacts facts = records.factsToWrite(t, ws, catalog, id.toString(), owner, builtIns, input.custom());
        for (Action action : needed) {
            if (!decisions.allows(compiled, action, facts)) {
                throw ApiProblem.forbiddenBecause(
                        owner.equals(me.principalId())
                                ? ProblemText.of(
                                        "missing permission: {0}.{1}",
                                        t.entity().key(), action.key())
                                : ProblemText.of(
                                        "missing permission: {0}.{1} for a record owned by {2}",
                                        t.entity().key(), action.key(), owner));
            }
        }
        return new New(id, owner, builtIns, input.custom(), input.contactIds());
    }

    /** A request body, checked field by field: which built-ins and custom fields it sets. */
    record Input(UUID ownerId, Map<String, Object> builtIns, Map<String, Object> custom, List<UUID> contactIds) {}

    @SuppressWarnings("unchecked")
    Input read(
            RecordType t,
            UUID ws,
            Map<String, Object> body,
            FieldCatalog catalog,
            RecordRow existing,
            CompiledAccess compiled,
            Map<String, CustomFields.Definition> defined,
            Map<Object, Object> memo) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        UUID owner = null;
        Map<String, Object> builtIns = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        List<UUID> contactIds = null;
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            Object raw = e.getValue();
            if (key.equals("contactIds") && t == RecordType.DEALS) {
                contactIds = contactIds(ws, raw, catalog, compiled, memo, errors);
            } else if (key.equals("ownerId")) {
                owner = FieldValues.uuid(raw, key, errors);
                if (owner != null && !ownerExists(ws, owner, memo)) {
                    errors.add(new ApiProblem.FieldError(key, "no such user"));
                }
                // A record given to someone being offboarded is given to their successor, whose it
                // would be for every read anyway (access-model, "Offboarding").
                owner = records.ownerAsRead(ws, owner);
            } else if (key.equals("fields")) {
                if (!(raw instanceof Map<?, ?> map)) {
                    errors.add(new ApiProblem.FieldError(key, "expected an object"));
                    continue;
                }
                ((Map<String, Object>) map).forEach((k, v) -> {
                    CustomFields.Definition d = defined.get(k);
                    if (d == null) {
                        errors.add(new ApiProblem.FieldError("fields." + k, "unknown field"));
                    } else {
                        custom.put(k, FieldValues.custom(d, v, "fields." + k, errors));
                    }
                });
            } else if (ENVELOPE.contains(key)) {
                continue;
            } else {
                var builtIn = t.builtIn(key);
                if (builtIn.isEmpty()) {
                    errors.add(new ApiProblem.FieldError(key, "unknown field"));
                    continue;
                }
                builtIns.put(key, FieldValues.builtIn(builtIn.get(), raw, errors));
            }
        }
        if (existing == null) {
            for (RecordType.BuiltIn b : t.builtIns) {
                if (b.required() && builtIns.get(b.key()) == null) {
                    errors.add(new ApiProblem.FieldError(b.key(), "required"));
                }
            }
        } else {
            for (RecordType.BuiltIn b : t.builtIns) {
                if (b.required() && builtIns.containsKey(b.key()) && builtIns.get(b.key()) == null) {
                    errors.add(new ApiProblem.FieldError(b.key(), "cannot be emptied"));
                }
            }
        }
        builtIns.forEach((key, value) -> {
            if (value instanceof UUID target && RecordType.referenced(key).isPresent()) {
                RecordType referenced = RecordType.referenced(key).get();
                // The linked record must exist and be one the caller can read.
                boolean readable = (Boolean) memo.computeIfAbsent(
                        List.of(referenced, target),
                        k -> records.admits(
                                referenced, ws, target, compiled.scope(referenced.entity(), Action.READ), catalog));
                if (!readable) {
                    errors.add(new ApiProblem.FieldError(key, "no such {0}", ProblemWords.entity(referenced.entity())));
                }
            }
        });
        if (!t.parents().isEmpty()) {
            int links = 0;
            for (String parent : t.parents()) {
                Object value = builtIns.containsKey(parent)
                        ? builtIns.get(parent)
                        : existing == null ? null : existing.builtIns().get(parent);
                if (value != null) {
                    links++;
                }
            }
            if (links != 1) {
                errors.add(new ApiProblem.FieldError(
                        String.join("|", t.parents()), "link exactly one of {0}", String.join(", ", t.parents())));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new Input(owner, builtIns, custom, contactIds);
    }

    /** A deal's contacts: ids of contacts the caller can read. */
    private List<UUID> contactIds(
            UUID ws,
            Object raw,
            FieldCatalog catalog,
            CompiledAccess compiled,
            Map<Object, Object> memo,
            List<ApiProblem.FieldError> errors) {
        if (!(raw instanceof List<?> list)) {
            errors.add(new ApiProblem.FieldError("contactIds", "expected a list of contact ids"));
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String key = "contactIds[" + i + "]";
            UUID id = FieldValues.uuid(list.get(i), key, errors);
            if (id == null) {
                continue;
            }
            boolean readable = (Boolean) memo.computeIfAbsent(
                    List.of(RecordType.CONTACTS, id),
                    k -> records.admits(
                            RecordType.CONTACTS,
                            ws,
                            id,
                            compiled.scope(RecordType.CONTACTS.entity(), Action.READ),
                            catalog));
            if (readable) {
                ids.add(id);
            } else {
                errors.add(new ApiProblem.FieldError(key, "no such contact"));
            }
        }
        return ids;
    }

    /**
     * Refuses writing a field that is hidden or read-only for the caller, the owner included. A field
     * hidden from the caller is refused whatever value is sent (comparing it with the stored one
     * would tell that value); a read-only one sent back unchanged writes nothing, so it is not
     * refused. {@code owner} is the owner as it stands (the caller, for a record being created).
     */
    static void requireWritable(
            RecordType t, Input input, RecordRow existing, UUID owner, Set<String> hidden, Set<String> readOnly) {
        Map<String, Boolean> changes = new LinkedHashMap<>();
        if (input.ownerId() != null) {
            changes.put("ownerId", !input.ownerId().equals(owner));
        }
        input.builtIns()
                .forEach((key, value) -> changes.put(
                        key,
                        existing == null
                                || !Objects.equals(
                                        comparable(existing.builtIns().get(key)), comparable(value))));
        input.custom()
                .forEach((key, value) -> changes.put(
                        key,
                        existing == null
                                || !Objects.equals(comparable(existing.custom().get(key)), comparable(value))));
        changes.forEach((key, changed) -> {
            if (hidden.contains(key)) {
                throw ApiProblem.forbiddenBecause(
                        "missing permission: edit field '{0}' of {1} (hidden from you)",
                        key, t.entity().key());
            }
            if (changed && readOnly.contains(key)) {
                throw ApiProblem.forbiddenBecause(
                        "missing permission: edit field '{0}' of {1} (read-only for you)",
                        key, t.entity().key());
            }
        });
    }

    /** Values as compared for "unchanged": numbers by value, whatever their scale. */
    private static Object comparable(Object value) {
        if (value instanceof BigDecimal n) {
            return n.stripTrailingZeros();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros();
        }
        return value;
    }

    private boolean ownerExists(UUID ws, UUID owner, Map<Object, Object> memo) {
        return (Boolean) memo.computeIfAbsent(List.of("owner", owner), k -> ownerExists(ws, owner));
    }

    boolean ownerExists(UUID ws, UUID owner) {
        return users.find(ws, owner).isPresent();
    }
}
