package io.custodia.records;

import io.custodia.access.AccessDecisions;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.RecordFacts;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The one write path of a change to a record, for {@code PATCH} and for the lines of an import
 * that name an existing record alike: same checks, same events, same audit. It opens no
 * transaction of its own (its caller's holds it), so a line an import refuses here leaves the
 * import's transaction able to commit the others.
 */
@Component
class RecordUpdate {
    private final RecordQueries records;
    private final RecordWrites writes;
    private final RecordInput checks;
    private final DealPlacement placement;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final AccessDecisions decisions;

    RecordUpdate(
            RecordQueries records,
            RecordWrites writes,
            RecordInput checks,
            DealPlacement placement,
            AuditLog audit,
            ApplicationEventPublisher events,
            AccessDecisions decisions) {
        this.records = records;
        this.writes = writes;
        this.checks = checks;
        this.placement = placement;
        this.audit = audit;
        this.events = events;
        this.decisions = decisions;
    }

    /**
     * Changes a record the caller may read and update; {@code ifMatch}, when given, says whether the
     * version read is the one the caller expects (If-Match). Answers whether anything was written (a
     * change that changes nothing writes nothing). A record the caller may not read is not found,
     * in the same words as one that does not exist. {@code also}: further actions the caller must
     * hold on the record (an import's lines need {@code import}).
     */
    boolean apply(
            WorkspacePrincipal me,
            RecordType t,
            UUID id,
            LongPredicate ifMatch,
            Map<String, Object> body,
            CompiledAccess compiled,
            FieldCatalog catalog,
            Map<String, CustomFields.Definition> defined,
            Action... also) {
        UUID ws = me.workspaceId();
        RecordRow row = records.find(t, ws, id, compiled.scope(t.entity(), Action.READ), catalog)
                .orElseThrow(() -> ApiProblem.notFound("{0} {1}", ProblemWords.entity(t.entity()), id));
        if (ifMatch != null && !ifMatch.test(row.version())) {
            throw new ApiProblem(
                    HttpStatus.PRECONDITION_FAILED,
                    "Precondition failed",
                    ProblemText.of(
                            "the record changed since you read it (it is at version {0}); read it again",
                            row.version()),
                    List.of());
        }
        // INVARIANT: the action is decided before anything in the body is looked at, so a caller
        // who may not update gets the same answer whatever the body says of hidden values.
        RecordFacts facts = row.facts(catalog);
        if (!decisions.allows(compiled, Action.UPDATE, facts)) {
            throw ApiProblem.forbidden(t.entity().key() + ".update");
        }
        for (Action needed : also) {
            if (!decisions.allows(compiled, needed, facts)) {
                throw ApiProblem.forbidden(t.entity().key() + "." + needed.key());
            }
        }
        RecordInput.Input input = checks.read(t, ws, body, catalog, row, compiled, defined, new HashMap<>());
        RecordInput.requireWritable(
                t, input, row, row.ownerId(), compiled.hiddenFields(facts), compiled.readOnlyFields(facts));
        UUID owner = input.ownerId() == null ? row.ownerId() : input.ownerId();
        Map<String, Object> builtIns = new LinkedHashMap<>(row.builtIns());
        builtIns.putAll(input.builtIns());
        if (t == RecordType.DEALS) {
            placement.placeInPipeline(ws, builtIns, row, new HashMap<>());
        }
        Map<String, Object> custom = new LinkedHashMap<>(row.custom());
        input.custom().forEach((k, v) -> {
            if (v == null) {
                custom.remove(k);
            } else {
                custom.put(k, v);
            }
        });
        RecordFacts changed = records.factsToWrite(t, ws, catalog, id.toString(), owner, builtIns, custom)
                .withShares(row.shares())
                .withLists(row.lists());
        if (!decisions.mayChange(compiled, facts, changed)) {
            throw ApiProblem.forbiddenBecause(
                    owner.equals(row.ownerId())
                            ? ProblemText.of(
                                    "missing permission: {0}.update for the changed record",
                                    t.entity().key())
                            : ProblemText.of(
                                    "missing permission: {0}.update for a record owned by {1}",
                                    t.entity().key(), owner));
        }
        if (input.contactIds() == null
                && owner.equals(row.ownerId())
                && same(builtIns, row.builtIns())
                && same(custom, row.custom())) {
            return false;
        }
        if (input.contactIds() != null) {
            writes.setContactsOfDeal(
                    ws, id, input.contactIds(), compiled.scope(EntityType.CONTACT, Action.READ), catalog);
        }
        if (!writes.update(t, ws, id, row.version(), owner, builtIns, custom)) {
            throw new ApiProblem(
                    HttpStatus.PRECONDITION_FAILED,
                    "Precondition failed",
                    "the record changed meanwhile; read it again",
                    List.of());
        }
        events.publishEvent(new RecordChanged(ws, t.entity(), id, RecordChanged.Change.UPDATED));
        audit.record(
                ws,
                AuditLog.Actor.of(me),
                t.entity().key() + ".updated",
                t.entity().key(),
                id,
                Map.of("ownerId", row.ownerId(), "version", row.version()),
                Map.of("ownerId", owner, "version", row.version() + 1, "fields", new TreeSet<>(body.keySet())));
        return true;
    }

    /** Whether two sets of values are alike, numbers by value (5000 and 5000.00 are one amount). */
    private static boolean same(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : a.entrySet()) {
            Object other = b.get(e.getKey());
            boolean alike = e.getValue() instanceof BigDecimal x && other instanceof BigDecimal y
                    ? x.compareTo(y) == 0
                    : Objects.equals(e.getValue(), other);
            if (!alike) {
                return false;
            }
        }
        return true;
    }
}
