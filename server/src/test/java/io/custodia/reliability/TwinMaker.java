package io.custodia.reliability;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.CONTACT_LIST;
import static io.custodia.platform.db.Tables.CUSTOM_FIELD;
import static io.custodia.platform.db.Tables.DEAL_CONTACT;
import static io.custodia.platform.db.Tables.DEPARTMENT;
import static io.custodia.platform.db.Tables.DEPARTMENT_MEMBER;
import static io.custodia.platform.db.Tables.JOB;
import static io.custodia.platform.db.Tables.LIST_CONTACT;
import static io.custodia.platform.db.Tables.LIST_MEMBER;
import static io.custodia.platform.db.Tables.PIPELINE;
import static io.custodia.platform.db.Tables.PIPELINE_STAGE;
import static io.custodia.platform.db.Tables.RECORD_COMMENT;
import static io.custodia.platform.db.Tables.RECORD_SHARE;
import static io.custodia.platform.db.Tables.ROLE;
import static io.custodia.platform.db.Tables.ROLE_ASSIGNMENT;

import io.custodia.access.AccessPolicies;
import io.custodia.access.OwnerOverlays;
import io.custodia.access.OwnerUnits;
import io.custodia.access.RecordLookup;
import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.RecordFacts;
import io.custodia.policy.Resolution;
import io.custodia.policy.Scope;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link TwinWorld} into a workspace (fixed ids, so that twins share them, and fixed
 * times), and makes a twin: the same world changed only where its viewer cannot see, as the engine
 * decides on the stored records.
 */
final class TwinMaker {
    /** The record types that can be shared one by one. */
    private static final Set<String> SHARED = Set.of("deal", "contact", "company");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OffsetDateTime EPOCH = OffsetDateTime.of(2026, 1, 5, 9, 0, 0, 0, ZoneOffset.UTC);

    /** A built-in field's column, for the fields a role may hide. */
    private static final Map<String, String> COLUMN_OF = Map.of(
            "title", "title",
            "lastName", "last_name",
            "email", "email",
            "phone", "phone",
            "name", "name",
            "domain", "domain",
            "subject", "subject",
            "body", "body",
            "amount", "amount");

    private final DSLContext db;
    private final OwnerUnits units;
    private final AccessPolicies access;
    private final RecordLookup records;
    private final OwnerOverlays overlays;
    private final String passwordHash;

    TwinMaker(
            DSLContext db,
            OwnerUnits units,
            AccessPolicies access,
            RecordLookup records,
            OwnerOverlays overlays,
            String passwordHash) {
        this.db = db;
        this.units = units;
        this.access = access;
        this.records = records;
        this.overlays = overlays;
        this.passwordHash = passwordHash;
    }

    static String email(TwinWorld w, UUID user) {
        return "u" + w.users.indexOf(user) + "@twin.test";
    }

    /** Writes the world into the workspace, every record live (the recycle bin comes last: {@link #trash}). */
    void write(UUID ws, UUID admin, TwinWorld w) {
        db.insertInto(PIPELINE)
                .set(PIPELINE.WORKSPACE_ID, ws)
                .set(PIPELINE.ID, w.pipeline)
                .set(PIPELINE.NAME, "Pipeline")
                .execute();
        for (int i = 0; i < w.stages.size(); i++) {
            db.insertInto(PIPELINE_STAGE)
                    .set(PIPELINE_STAGE.WORKSPACE_ID, ws)
                    .set(PIPELINE_STAGE.ID, w.stages.get(i))
                    .set(PIPELINE_STAGE.PIPELINE_ID, w.pipeline)
                    .set(PIPELINE_STAGE.NAME, "Stage " + i)
                    .set(PIPELINE_STAGE.KIND, i == w.stages.size() - 1 ? "WON" : "OPEN")
                    .set(PIPELINE_STAGE.POSITION, i + 1)
                    .execute();
        }
        for (String entity : List.of("deal", "contact")) {
            db.insertInto(CUSTOM_FIELD)
                    .set(CUSTOM_FIELD.WORKSPACE_ID, ws)
                    .set(CUSTOM_FIELD.ID, new UUID(entity.hashCode(), 7))
                    .set(CUSTOM_FIELD.ENTITY, entity)
                    .set(CUSTOM_FIELD.KEY, "region")
                    .set(CUSTOM_FIELD.LABEL, "Region")
                    .set(CUSTOM_FIELD.TYPE, "select")
                    .set(CUSTOM_FIELD.OPTIONS, JSONB.valueOf(JSON.writeValueAsString(TwinWorld.REGIONS)))
                    .execute();
        }
        for (TwinWorld.Department d : w.departments) {
            db.insertInto(DEPARTMENT)
                    .set(DEPARTMENT.WORKSPACE_ID, ws)
                    .set(DEPARTMENT.ID, d.id())
                    .set(DEPARTMENT.NAME, "D" + w.departments.indexOf(d))
                    .set(DEPARTMENT.PARENT_ID, d.parent())
                    .execute();
        }
        for (UUID user : w.users) {
            db.insertInto(APP_USER)
                    .set(APP_USER.WORKSPACE_ID, ws)
                    .set(APP_USER.ID, user)
                    .set(APP_USER.EMAIL, email(w, user))
                    .set(APP_USER.NAME, "U" + w.users.indexOf(user))
                    .set(APP_USER.PASSWORD_HASH, passwordHash)
                    .set(APP_USER.CREATED_AT, EPOCH)
                    .execute();
            for (UUID d : w.memberships.get(user)) {
                db.insertInto(DEPARTMENT_MEMBER)
                        .set(DEPARTMENT_MEMBER.WORKSPACE_ID, ws)
                        .set(DEPARTMENT_MEMBER.DEPARTMENT_ID, d)
                        .set(DEPARTMENT_MEMBER.USER_ID, user)
                        .execute();
            }
            db.transaction(tx -> units.reassess(ws, user));
        }
        for (TwinWorld.Role role : w.roles) {
            db.insertInto(ROLE)
                    .set(ROLE.WORKSPACE_ID, ws)
                    .set(ROLE.ID, role.id())
                    .set(ROLE.NAME, role.name())
                    .set(ROLE.BODY, JSONB.valueOf(JSON.writeValueAsString(role.body())))
                    .execute();
        }
        for (TwinWorld.Assignment a : w.assignments) {
            db.insertInto(ROLE_ASSIGNMENT)
                    .set(ROLE_ASSIGNMENT.WORKSPACE_ID, ws)
                    .set(ROLE_ASSIGNMENT.ID, a.id())
                    .set(ROLE_ASSIGNMENT.ROLE_ID, a.role())
                    .set(ROLE_ASSIGNMENT.USER_ID, a.user())
                    .set(ROLE_ASSIGNMENT.DEPARTMENT_ID, a.department())
                    .set(ROLE_ASSIGNMENT.EVERYONE, a.everyone())
                    .execute();
        }
        for (TwinWorld.Row row : w.rows) {
            insert(ws, w, row);
        }
        for (UUID[] link : w.dealContacts) {
            db.insertInto(DEAL_CONTACT)
                    .set(DEAL_CONTACT.WORKSPACE_ID, ws)
                    .set(DEAL_CONTACT.DEAL_ID, link[0])
                    .set(DEAL_CONTACT.CONTACT_ID, link[1])
                    .execute();
        }
        for (TwinWorld.Share share : w.shares) {
            db.insertInto(RECORD_SHARE)
                    .set(RECORD_SHARE.WORKSPACE_ID, ws)
                    .set(RECORD_SHARE.RECORD_TYPE, share.type())
                    .set(RECORD_SHARE.RECORD_ID, share.record())
                    .set(RECORD_SHARE.USER_ID, share.user())
                    .set(RECORD_SHARE.SHARE_LEVEL, share.level())
                    .set(RECORD_SHARE.CREATED_BY, admin)
                    .execute();
        }
        for (TwinWorld.SharedList list : w.lists) {
            db.insertInto(CONTACT_LIST)
                    .set(CONTACT_LIST.WORKSPACE_ID, ws)
                    .set(CONTACT_LIST.ID, list.id())
                    .set(CONTACT_LIST.NAME, list.name())
                    .set(CONTACT_LIST.OWNER_ID, list.owner())
                    .set(CONTACT_LIST.HIDDEN_FIELDS, JSONB.valueOf(JSON.writeValueAsString(list.hidden())))
                    .execute();
        }
        for (TwinWorld.Member m : w.members) {
            db.insertInto(LIST_MEMBER)
                    .set(LIST_MEMBER.WORKSPACE_ID, ws)
                    .set(LIST_MEMBER.LIST_ID, m.list())
                    .set(LIST_MEMBER.USER_ID, m.user())
                    .set(LIST_MEMBER.LIST_LEVEL, m.level())
                    .execute();
        }
        for (TwinWorld.Entry e : w.entries) {
            db.insertInto(LIST_CONTACT)
                    .set(LIST_CONTACT.WORKSPACE_ID, ws)
                    .set(LIST_CONTACT.LIST_ID, e.list())
                    .set(LIST_CONTACT.CONTACT_ID, e.contact())
                    .set(LIST_CONTACT.ADDED_BY, e.addedBy())
                    .set(LIST_CONTACT.LENDS, e.lends())
                    .set(LIST_CONTACT.WITHHELD, JSONB.valueOf(JSON.writeValueAsString(e.withheld())))
                    .set(LIST_CONTACT.READ_ONLY, JSONB.valueOf(JSON.writeValueAsString(e.readOnly())))
                    .execute();
        }
        for (TwinWorld.Comment c : w.comments) {
            db.insertInto(RECORD_COMMENT)
                    .set(RECORD_COMMENT.WORKSPACE_ID, ws)
                    .set(RECORD_COMMENT.ID, c.id())
                    .set(RECORD_COMMENT.RECORD_TYPE, c.type())
                    .set(RECORD_COMMENT.RECORD_ID, c.record())
                    .set(RECORD_COMMENT.AUTHOR_ID, c.author())
                    .set(RECORD_COMMENT.BODY, c.body())
                    .set(RECORD_COMMENT.PRIVATE, c.isPrivate())
                    .set(RECORD_COMMENT.CREATED_AT, EPOCH)
                    .set(RECORD_COMMENT.UPDATED_AT, EPOCH)
                    .execute();
        }
        TwinRules.write(db, ws, w.sharingRules);
        if (w.overlay != null) {
            // Laid as the offboarding request lays it, once the records exist. Its job stopped: an
            // overlay stays as long (access-model, "Offboarding"), and no node fails it meanwhile.
            db.insertInto(JOB)
                    .set(JOB.WORKSPACE_ID, ws)
                    .set(JOB.ID, w.overlay.job())
                    .set(JOB.KIND, "users.offboard")
                    .set(JOB.STATE, "STOPPED")
                    .set(JOB.CREATED_BY, admin)
                    .execute();
            db.transaction(tx -> overlays.begin(ws, w.overlay.from(), w.overlay.to(), w.overlay.job()));
        }
        db.transaction(tx -> access.changed(ws));
    }

    private void insert(UUID ws, TwinWorld w, TwinWorld.Row row) {
        OffsetDateTime at = EPOCH.plusMinutes(w.rows.indexOf(row) + 1L);
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(DSL.field("workspace_id"), ws);
        values.put(DSL.field("id"), row.id());
        values.put(DSL.field("owner_id"), row.owner());
        values.put(DSL.field("owner_unit"), units.unitForWriteOf(ws, row.owner()));
        values.put(DSL.field("fields"), JSONB.valueOf(JSON.writeValueAsString(row.custom())));
        values.put(DSL.field("created_at"), at);
        values.put(DSL.field("updated_at"), at);
        row.columns().forEach((column, value) -> values.put(DSL.field(column), value));
        db.transaction(tx ->
                DSL.using(tx).insertInto(DSL.table(row.table())).set(values).execute());
    }

    /** Overwrites a stored record's content (and owner) with the row's. */
    void rewrite(UUID ws, TwinWorld.Row row) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(DSL.field("fields"), JSONB.valueOf(JSON.writeValueAsString(row.custom())));
        values.put(DSL.field("owner_id"), row.owner());
        values.put(DSL.field("owner_unit"), units.unitForWriteOf(ws, row.owner()));
        row.columns().forEach((column, value) -> values.put(DSL.field(column), value));
        db.transaction(tx -> DSL.using(tx)
                .update(DSL.table(row.table()))
                .set(values)
                .where(DSL.field("workspace_id").eq(ws))
                .and(DSL.field("id").eq(row.id()))
                .execute());
    }

    /** Sends the world's trashed records to the recycle bin, at fixed times. */
    void trash(UUID ws, TwinWorld w) {
        for (TwinWorld.Row row : w.rows) {
            if (row.trashed()) {
                db.update(DSL.table(row.table()))
                        .set(DSL.field("deleted_at"), EPOCH.plusDays(1).plusMinutes(w.rows.indexOf(row)))
                        .where(DSL.field("workspace_id").eq(ws))
                        .and(DSL.field("id").eq(row.id()))
                        .execute();
            }
        }
    }

    /**
     * How the viewer meets a stored record: each decision, whether they may share it (its owner may,
     * so a hidden owner moved onto the viewer must be mended back), its hidden and read-only fields,
     * and the grants that apply to it (which follow its stage, hidden or not: the one thing an explanation
     * tells beyond the decisions). What the explanation says of each path and condition is left out
     * on purpose: told from these and the visible values alone, it must come out alike in a twin
     * whose hidden values differ.
     */
    record Seen(
            Map<Action, Boolean> decisions,
            boolean mayShare,
            Set<String> hidden,
            Set<String> readOnly,
            List<String> grants) {}

    Optional<Seen> seen(UUID ws, UUID viewer, TwinWorld.Row row) {
        CompiledAccess compiled = access.accessOf(ws, viewer);
        return records.facts(ws, EntityType.fromKey(row.table()), row.id(), Scope.EVERYTHING)
                .map(facts -> seen(compiled, facts));
    }

    private static Seen seen(CompiledAccess compiled, RecordFacts facts) {
        Map<Action, Boolean> decisions = new HashMap<>();
        List<String> grants = new ArrayList<>();
        for (Action action : List.of(Action.READ, Action.UPDATE, Action.DELETE, Action.EXPORT)) {
            decisions.put(action, compiled.allows(action, facts));
            Resolution r = compiled.resolution(facts.entity(), facts.stage(), action);
            grants.add(String.valueOf(r.candidates()) + r.effective());
        }
        return new Seen(
                decisions,
                compiled.mayShare(facts),
                compiled.hiddenFields(facts),
                compiled.readOnlyFields(facts),
                grants);
    }

    /**
     * The twin: records the viewer cannot read get other contents, readable ones other values in the
     * fields hidden from the viewer; others' shares of unreadable records, other members of lists the
     * viewer is not on, other comments where the viewer cannot read them, and one more deal (with an
     * activity) that the viewer cannot read.
     */
    TwinWorld twinOf(UUID ws, TwinWorld a) {
        TwinWorld b = a.copy();
        // Deals outside the recycle bin (which comes after the twin is made): a child moved off or
        // onto a deal in the bin would change whether the viewer reads it.
        List<UUID> deals = a.rows.stream()
                .filter(r -> r.table().equals("deal") && !r.trashed())
                .map(TwinWorld.Row::id)
                .toList();
        Set<UUID> unreadable = new HashSet<>();
        for (TwinWorld.Row row : a.rows) {
            if (!seen(ws, a.viewer, row)
                    .map(s -> s.decisions().get(Action.READ))
                    .orElse(false)) {
                unreadable.add(row.id());
            }
        }
        for (TwinWorld.Row row : a.rows) {
            Optional<Seen> seen = seen(ws, a.viewer, row);
            // A record's children are secrets with it, whatever the viewer's roles say of them.
            boolean reads = !unreadable.contains(row.id()) && !unreadable.contains(row.parent());
            Map<String, Object> columns = new LinkedHashMap<>(row.columns());
            Map<String, Object> custom = new LinkedHashMap<>(row.custom());
            if (!reads) {
                columns.replaceAll((column, value) ->
                        TwinWorld.textColumns().contains(column) && value != null ? b.secret(column) : value);
                if (columns.containsKey("amount")) {
                    columns.put("amount", BigDecimal.valueOf(b.random.nextInt(1000)));
                }
                custom.put("region", b.pick(TwinWorld.REGIONS));
            } else {
                for (String hidden : seen.get().hidden()) {
                    if (hidden.equals("region")) {
                        custom.put("region", b.pick(TwinWorld.REGIONS));
                    } else if (hidden.equals("stageId") && columns.containsKey("stage_id")) {
                        columns.put("stage_id", b.pick(a.stages));
                    } else if (hidden.equals("dueAt") && columns.containsKey("due_at")) {
                        columns.put("due_at", b.dueAt());
                    } else if (hidden.equals("done") && columns.containsKey("done")) {
                        columns.put("done", b.random.nextBoolean());
                    } else if (hidden.equals("dealId") && deals.contains(columns.get("deal_id"))) {
                        columns.put("deal_id", b.pick(deals));
                    } else if (COLUMN_OF.containsKey(hidden) && columns.containsKey(COLUMN_OF.get(hidden))) {
                        columns.put(
                                COLUMN_OF.get(hidden),
                                hidden.equals("amount")
                                        ? BigDecimal.valueOf(b.random.nextInt(1000))
                                        : b.secret(hidden) + (hidden.equals("email") ? "@x.test" : ""));
                    }
                }
            }
            TwinWorld.Row twin = row.with(columns, custom);
            boolean ownerHidden = reads && seen.get().hidden().contains("ownerId");
            b.replace(!reads || ownerHidden ? twin.ownedBy(b.pick(a.users)) : twin);
        }
        // Which deals are with contacts the viewer cannot read is theirs neither to see nor to learn.
        b.dealContacts.removeIf(link -> unreadable.contains(link[1]));
        for (TwinWorld.Row deal : a.rows) {
            for (UUID contact : unreadable) {
                if (deal.table().equals("deal")
                        && a.find(contact).table().equals("contact")
                        && b.random.nextBoolean()) {
                    b.dealContacts.add(new UUID[] {deal.id(), contact});
                }
            }
        }
        b.comments.replaceAll(c -> unreadable.contains(c.record())
                        || c.isPrivate() && !c.author().equals(a.viewer)
                ? new TwinWorld.Comment(c.id(), c.type(), c.record(), c.author(), b.secret("comment"), c.isPrivate())
                : c);
        List<UUID> others = a.users.stream().filter(u -> !u.equals(a.viewer)).toList();
        for (UUID record : unreadable) {
            if (b.random.nextBoolean()) {
                TwinWorld.Row row = a.find(record);
                b.shares.removeIf(s -> s.record().equals(record) && !s.user().equals(a.viewer));
                b.shares.add(new TwinWorld.Share(row.table(), record, b.pick(others), "EDIT"));
            }
        }
        // Others' shares of a record the viewer reads but may not share are theirs neither to see.
        for (TwinWorld.Row row : a.rows) {
            Optional<Seen> seen = seen(ws, a.viewer, row);
            boolean reads = !unreadable.contains(row.id());
            boolean mayShare = a.ownerOf(row).equals(a.viewer)
                    || seen.map(v -> v.decisions().get(Action.UPDATE)).orElse(false);
            if (reads && !mayShare && !a.manager && SHARED.contains(row.table()) && b.random.nextBoolean()) {
                b.shares.removeIf(
                        sh -> sh.record().equals(row.id()) && !sh.user().equals(a.viewer));
                b.shares.add(new TwinWorld.Share(row.table(), row.id(), b.pick(others), "READ"));
            }
        }
        for (TwinWorld.SharedList list : a.lists) {
            boolean viewerOn = a.members.stream()
                    .anyMatch(m -> m.list().equals(list.id()) && m.user().equals(a.viewer));
            if (!viewerOn && a.manager) {
                b.lists.replaceAll(l -> l.id().equals(list.id())
                        ? new TwinWorld.SharedList(l.id(), b.secret("list"), l.owner(), l.hidden())
                        : l);
            } else if (!viewerOn) {
                b.members.removeIf(m -> m.list().equals(list.id()) && !m.level().equals("OWNER"));
                for (UUID other : others) {
                    if (!other.equals(list.owner()) && b.random.nextBoolean()) {
                        b.members.add(new TwinWorld.Member(list.id(), other, "MANAGER"));
                    }
                }
            }
        }
        b.sharingRules.clear();
        b.sharingRules.addAll(TwinRules.twin(a, b.random));
        UUID stranger = others.get(0);
        Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("title", b.secret("extra"));
        deal.put("amount", BigDecimal.TEN);
        deal.put("currency", "BRL");
        deal.put("pipeline_id", a.pipeline);
        deal.put("stage_id", a.stages.get(0));
        TwinWorld.Row extra = new TwinWorld.Row("deal", TwinWorld.uuid(b.random), stranger, deal, Map.of(), false);
        b.rows.add(extra);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "call");
        call.put("subject", b.secret("extra"));
        call.put("done", false);
        call.put("deal_id", extra.id());
        b.rows.add(new TwinWorld.Row("activity", TwinWorld.uuid(b.random), stranger, call, Map.of(), false));
        return b;
    }

    /**
     * Makes the written twin a true twin: a record whose change the viewer would notice (a hidden
     * value that a condition of theirs reads, say) gets its first world's content back, and a
     * record only the twin has is removed if the viewer could read it. Answers how many were mended.
     */
    int mend(UUID wsA, TwinWorld a, UUID wsB, TwinWorld b) {
        int mended = 0;
        for (TwinWorld.Row row : a.rows) {
            Optional<Seen> inA = seen(wsA, a.viewer, row);
            Optional<Seen> inB = seen(wsB, b.viewer, row);
            if (!Objects.equals(inA, inB)) {
                rewrite(wsB, row);
                b.replace(row);
                mended++;
            }
        }
        // The twin's extra deal stays only if the viewer cannot read it (its activity goes with it).
        List<TwinWorld.Row> extras = b.rows.stream()
                .filter(row -> a.rows.stream().noneMatch(r -> r.id().equals(row.id())))
                .toList();
        boolean readable = extras.stream()
                .anyMatch(row -> seen(wsB, b.viewer, row)
                        .map(s -> s.decisions().get(Action.READ))
                        .orElse(false));
        if (readable) {
            for (int i = extras.size() - 1; i >= 0; i--) {
                TwinWorld.Row row = extras.get(i);
                db.deleteFrom(DSL.table(row.table()))
                        .where(DSL.field("workspace_id").eq(wsB))
                        .and(DSL.field("id").eq(row.id()))
                        .execute();
                b.rows.remove(row);
            }
        }
        db.transaction(tx -> access.changed(wsB));
        return mended;
    }
}
