package io.custodia.records;

import io.custodia.access.AccessDecisions;
import io.custodia.access.AccessPolicies;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.ValueRules;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Scope;
import io.custodia.policy.ShareLevel;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The records API's work, HTTP aside: reading through the caller's scope, and creating, changing,
 * deleting and sharing records in one transaction each, with their checks, events and audit.
 */
@Service
class RecordService {
    /**
     * The longest search text: a search is a few words, and its cost grows with its length (4,000
     * characters took 1.7 s over 21,000 activities, found by the outside probe).
     */
    static final int SEARCH_MAX = 200;

    private final RecordQueries records;
    private final RecordWrites writes;
    private final RecordListing listing;
    private final RecordInput checks;
    private final RecordUpdate update;
    private final DealPlacement placement;
    private final CustomFields customFields;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Cursors cursors;
    private final AccessDecisions decisions;
    private final RecordMeters meters;

    RecordService(
            RecordQueries records,
            RecordWrites writes,
            RecordListing listing,
            RecordInput checks,
            RecordUpdate update,
            DealPlacement placement,
            CustomFields customFields,
            AccessPolicies access,
            AuditLog audit,
            ApplicationEventPublisher events,
            Cursors cursors,
            AccessDecisions decisions,
            RecordMeters meters) {
        this.records = records;
        this.writes = writes;
        this.listing = listing;
        this.checks = checks;
        this.update = update;
        this.placement = placement;
        this.customFields = customFields;
        this.access = access;
        this.audit = audit;
        this.events = events;
        this.cursors = cursors;
        this.decisions = decisions;
        this.meters = meters;
    }

    /** A record just created: what it is, whose, and what to answer. */
    record Created(RecordType type, UUID id, UUID owner, Shown shown) {}

    /** A record as answered: its view and version, or only its id (and no version) when the caller may not read it. */
    record Shown(Map<String, Object> body, Long version) {}

    /** Creates a record as the records API does, and audits it. */
    @Transactional
    Created create(WorkspacePrincipal me, RecordType t, Map<String, Object> body) {
        Created created = create(me, t, body, new HashMap<>());
        String entity = created.type().entity().key();
        // Field names only: the log's readers may not be allowed to see every value.
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                entity + ".created",
                entity,
                created.id(),
                null,
                Map.of("ownerId", created.owner(), "fields", new TreeSet<>(body.keySet())));
        return created;
    }

    /**
     * Creates a record; {@code memo} may hold links the server itself found and vouches for (a
     * meeting's deal), keyed as the link checks key them: {@code List.of(type, id) -> true}.
     */
    @Transactional
    Created create(WorkspacePrincipal me, RecordType t, Map<String, Object> body, Map<Object, Object> memo) {
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        RecordInput.New made =
                checks.prepare(t, me, compiled, catalog, body, checks.definitions(ws, t), memo, Action.CREATE);
        UUID id = made.id();
        writes.insert(t, ws, id, made.owner(), made.builtIns(), made.custom());
        events.publishEvent(new RecordChanged(ws, t.entity(), id, RecordChanged.Change.CREATED));
        if (made.contactIds() != null) {
            writes.setContactsOfDeal(
                    ws, id, made.contactIds(), compiled.scope(EntityType.CONTACT, Action.READ), catalog);
        }
        RecordRow row = shown(t, ws, id, compiled, catalog).orElse(null);
        if (row == null) {
            // Created for someone outside the caller's read level: say so without showing it.
            return new Created(t, id, made.owner(), new Shown(Map.of("id", id), null));
        }
        return new Created(t, id, made.owner(), new Shown(RecordViews.view(row, compiled, catalog), row.version()));
    }

    /**
     * Who the record is shared with: every share for whoever may share it, one's own share alone
     * for any other reader; who made a share only where the record's owner is not hidden either.
     */
    List<RecordQueries.Share> shares(WorkspacePrincipal me, RecordType t, UUID id) {
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        FieldCatalog catalog = customFields.catalogOf(me.workspaceId());
        RecordFacts facts = readable(t, me.workspaceId(), id, compiled, catalog).facts(catalog);
        // INVARIANT: other people's shares, and who made them (often the owner), are secrets to a
        // reader who may not manage the record's sharing or may not see its owner.
        boolean manages = compiled.mayShare(facts);
        boolean showsMaker = manages && !compiled.hiddenFields(facts).contains("ownerId");
        return records.shares(t, me.workspaceId(), id).stream()
                .filter(s -> manages || s.userId().equals(me.principalId()))
                .map(s -> showsMaker
                        ? s
                        : new RecordQueries.Share(s.userId(), s.level(), null, s.createdAt(), s.expiresAt()))
                .toList();
    }

    /**
     * Shares one record with one user, at READ or EDIT. The owner, or anyone whose roles let them
     * update the record, may share it; someone it is only shared with may not pass it on.
     */
    @Transactional
    RecordQueries.Share share(
            WorkspacePrincipal me, RecordType t, UUID id, UUID userId, ShareLevel level, String expiresAsked) {
        RecordRow row = mayShare(me, t, id);
        if (!checks.ownerExists(me.workspaceId(), userId)) {
            throw ApiProblem.notFound("user {0}", userId);
        }
        OffsetDateTime expiresAt = ValueRules.expiry("expiresAt", expiresAsked, access.now());
        writes.share(t, me.workspaceId(), id, userId, level, me.principalId(), expiresAt);
        audit.record(
                me.workspaceId(),
                AuditLog.Actor.of(me),
                t.entity().key() + ".shared",
                t.entity().key(),
                id,
                row.shares().containsKey(new Ids.UserId(userId))
                        ? Map.of("userId", userId, "level", row.shares().get(new Ids.UserId(userId)))
                        : null,
                expiresAt == null
                        ? Map.of("userId", userId, "level", level)
                        : Map.of("userId", userId, "level", level, "expiresAt", expiresAt.toString()));
        // A share whose end came within this very request is listed no more: answer what was written.
        return records.shares(t, me.workspaceId(), id).stream()
                .filter(s -> s.userId().equals(userId))
                .findFirst()
                .orElseGet(() -> new RecordQueries.Share(
                        userId, level, me.principalId(), OffsetDateTime.now(ZoneOffset.UTC), expiresAt));
    }

    /** Takes back one user's share of a record, for whoever may share it. */
    @Transactional
    void unshare(WorkspacePrincipal me, RecordType t, UUID id, UUID userId) {
        unshare(me, AuditLog.Actor.of(me), t, id, userId);
    }

    /**
     * The same, checked with {@code me}'s permissions and audited as {@code actor}'s: an access
     * review campaign's revocation, made with the authority of whoever started it.
     */
    @Transactional
    void unshare(WorkspacePrincipal me, AuditLog.Actor actor, RecordType t, UUID id, UUID userId) {
        mayShare(me, t, id);
        if (!writes.unshare(t, me.workspaceId(), id, userId)) {
            throw ApiProblem.notFound("share of {0} {1} with user {2}", ProblemWords.entity(t.entity()), id, userId);
        }
        audit.record(
                me.workspaceId(),
                actor,
                t.entity().key() + ".unshared",
                t.entity().key(),
                id,
                Map.of("userId", userId),
                null);
    }

    private RecordRow mayShare(WorkspacePrincipal me, RecordType t, UUID id) {
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        FieldCatalog catalog = customFields.catalogOf(me.workspaceId());
        RecordRow row = readable(t, me.workspaceId(), id, compiled, catalog);
        if (!decisions.mayShare(compiled, row.facts(catalog))) {
            throw ApiProblem.forbiddenBecause(
                    "missing permission: {0}.update (to share it)", t.entity().key());
        }
        return row;
    }

    /** The record as {@link #get} shows it to {@code me} (a deal's contacts aside), if they may read it. */
    Optional<Map<String, Object>> seen(WorkspacePrincipal me, RecordType t, UUID id) {
        return Optional.ofNullable(seen(me, t, List.of(id)).get(id));
    }

    /** Those of the records {@code me} may read, each as {@link #seen(WorkspacePrincipal, RecordType, UUID)} shows it, by id. */
    Map<UUID, Map<String, Object>> seen(WorkspacePrincipal me, RecordType t, Collection<UUID> ids) {
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        FieldCatalog catalog = customFields.catalogOf(me.workspaceId());
        Map<UUID, Map<String, Object>> seen = new HashMap<>();
        records.findAll(t, me.workspaceId(), ids, compiled.scope(t.entity(), Action.READ), catalog)
                .forEach(row -> seen.put(row.id(), RecordViews.view(row, compiled, catalog)));
        return seen;
    }

    /** The record as the caller may read it, or 404. */
    Shown get(WorkspacePrincipal me, RecordType t, UUID id) {
        CompiledAccess compiled = access.accessOf(me.workspaceId(), me.principalId());
        FieldCatalog catalog = customFields.catalogOf(me.workspaceId());
        RecordRow row = shown(t, me.workspaceId(), id, compiled, catalog).orElseThrow(() -> missing(t, id));
        return new Shown(RecordViews.view(row, compiled, catalog), row.version());
    }

    /** A page of the records the caller may read, filtered and sorted as asked, with the cursor of the next. */
    RecordPage list(
            WorkspacePrincipal me,
            RecordType t,
            String q,
            UUID ownerId,
            UUID stageId,
            Map<String, UUID> parents,
            RecordListing.Sort order,
            List<String> after,
            int size) {
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        RecordListing.FieldVisibility visible = field -> compiled.fieldScope(t.entity(), field);
        // A filter or sort by a field hidden from the caller on every record is refused, never applied.
        Map<String, String> used = new LinkedHashMap<>();
        if (ownerId != null) {
            used.put("ownerId", "ownerId");
        }
        if (stageId != null) {
            used.put("stageId", "stageId");
        }
        parents.keySet().forEach(key -> used.put(key, key));
        if (order == RecordListing.Sort.NAME) {
            used.put("sort", t.nameKey);
        }
        used.forEach((parameter, field) -> {
            if (visible.of(field) instanceof Scope.Nothing) {
                throw ApiProblem.invalid(parameter, "the field {0} is hidden from you", field);
            }
        });
        if (q != null && q.length() > SEARCH_MAX) {
            throw ApiProblem.invalid("q", "at most {0} characters", SEARCH_MAX);
        }
        if (!readableParents(t, ws, parents, compiled, catalog)) {
            return new RecordPage(
                    List.of(),
                    null,
                    TypeRights.of(compiled, t, records.holdsAny(t, ws, TypeRights.exportable(compiled, t))));
        }
        List<RecordRow> rows;
        try {
            Scope readable = compiled.scope(t.entity(), Action.READ);
            rows = meters.list(
                    t,
                    readable,
                    () -> listing.page(
                            t,
                            ws,
                            me.principalId(),
                            readable,
                            catalog,
                            new RecordListing.Filters(q, ownerId, stageId, parents, null, visible),
                            order,
                            after,
                            size + 1,
                            compiled.scope(EntityType.CONTACT, Action.READ)));
        } catch (RecordListing.SearchTooBroad e) {
            throw ApiProblem.invalid("q", e.why());
        }
        boolean more = rows.size() > size;
        List<RecordRow> page = more ? rows.subList(0, size) : rows;
        String next = null;
        if (more) {
            RecordRow last = page.get(size - 1);
            next = order == RecordListing.Sort.NAME
                    ? cursors.encode(
                            sortedName(t, last, compiled, catalog), last.id().toString())
                    : cursors.encode(last.updatedAt().toString(), last.id().toString());
        }
        return new RecordPage(
                page.stream().map(r -> RecordViews.view(r, compiled, catalog)).toList(),
                next,
                TypeRights.of(compiled, t, records.holdsAny(t, ws, TypeRights.exportable(compiled, t))));
    }

    /**
     * Whether every parent a page is filtered by is one the caller may read. One they may not read
     * answers the empty page at once, as one that does not exist does: the page's statement would
     * read that parent's children before finding none readable, and its time would tell how many
     * there are (found by the outside probe).
     */
    private boolean readableParents(
            RecordType t, UUID ws, Map<String, UUID> parents, CompiledAccess compiled, FieldCatalog catalog) {
        // INVARIANT: a shortcut, not a second rule: the engine admits a child on no path while its
        // parent is unreadable (CompiledAccess.parentReadable), so the page's own statement would
        // answer this empty page too; the parent's readability is asked of the engine's read scope.
        for (var link : t.entity().parents()) {
            UUID parent = parents.get(link.field());
            if (parent != null
                    && records.find(
                                    RecordType.of(link.entity()).orElseThrow(),
                                    ws,
                                    parent,
                                    compiled.scope(link.entity(), Action.READ),
                                    catalog)
                            .isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Changes a record the caller may read and update; {@code ifMatch}, when given, says whether the
     * version read is the one the caller expects (If-Match).
     */
    @Transactional
    Shown update(WorkspacePrincipal me, RecordType t, UUID id, LongPredicate ifMatch, Map<String, Object> body) {
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        if (!update.apply(me, t, id, ifMatch, body, compiled, catalog, checks.definitions(ws, t))) {
            return get(me, t, id);
        }
        RecordRow after = shown(t, ws, id, compiled, catalog).orElse(null);
        if (after == null) {
            return new Shown(Map.of("id", id), null);
        }
        return new Shown(RecordViews.view(after, compiled, catalog), after.version());
    }

    /** Sends a record the caller may read and delete to the recycle bin. */
    @Transactional
    void delete(WorkspacePrincipal me, RecordType t, UUID id) {
        UUID ws = me.workspaceId();
        CompiledAccess compiled = access.accessOf(ws, me.principalId());
        FieldCatalog catalog = customFields.catalogOf(ws);
        RecordRow row = readable(t, ws, id, compiled, catalog);
        if (!decisions.allows(compiled, Action.DELETE, row.facts(catalog))) {
            throw ApiProblem.forbidden(t.entity().key() + ".delete");
        }
        writes.moveToTrash(t, ws, id);
        events.publishEvent(new RecordTrashed(ws, t.entity(), id, me.principalId(), me.principalName()));
        events.publishEvent(new RecordChanged(ws, t.entity(), id, RecordChanged.Change.DELETED));
        audit.record(
                ws,
                AuditLog.Actor.of(me),
                t.entity().key() + ".deleted",
                t.entity().key(),
                id,
                Map.of("ownerId", row.ownerId()),
                null);
    }

    private RecordRow readable(RecordType t, UUID ws, UUID id, CompiledAccess compiled, FieldCatalog catalog) {
        return records.find(t, ws, id, compiled.scope(t.entity(), Action.READ), catalog)
                .orElseThrow(() -> missing(t, id));
    }

    /**
     * The record as its answer shows it to the caller, if they may read it: a deal with its readable
     * contacts, read in the record's own statement as on a page.
     */
    private Optional<RecordRow> shown(RecordType t, UUID ws, UUID id, CompiledAccess compiled, FieldCatalog catalog) {
        return records.findWithContacts(
                t,
                ws,
                id,
                compiled.scope(t.entity(), Action.READ),
                compiled.scope(EntityType.CONTACT, Action.READ),
                catalog);
    }

    /** The 404 of a record the caller may not read or that is not there: the same words for both. */
    private static ApiProblem missing(RecordType t, UUID id) {
        return ApiProblem.notFound("{0} {1}", ProblemWords.entity(t.entity()), id);
    }

    /** The name a page sorted by name ordered the row by: empty where it is hidden from the reader, as in SQL. */
    private static String sortedName(RecordType t, RecordRow row, CompiledAccess reader, FieldCatalog catalog) {
        Object v = row.builtIns().get(t.nameKey);
        return v == null || reader.hiddenFields(row.facts(catalog)).contains(t.nameKey) ? "" : v.toString();
    }
}
