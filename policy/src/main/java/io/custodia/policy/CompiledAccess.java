package io.custodia.policy;

import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * One user's access, compiled: the effective grant of every (entity, stage, action) with where it
 * came from, field access, and system permissions. Deciding on a record is then a lookup and an
 * owner-membership test.
 */
public final class CompiledAccess {
    private static final int ACTIONS = Action.values().length;

    /** A role the user holds, and how it reached the user. */
    public record Held(Role role, Source source) {}

    private final UserId user;
    private final ConflictRule rule;
    private final Organization org;
    private final List<Held> roles;
    private final Effective[] entityLevel;
    private final Effective[] anyDealStage;
    private final Map<StageId, Effective[]> dealStages;
    private final LevelReach reach;
    private final Map<EntityType, Map<String, FieldAccess>> fieldAccess;
    private final Set<SystemPermission> system;
    private final SharedByRules rules;

    /**
     * Compiles the held roles. Only the effective grants are kept, interned through {@code shared}
     * so that users with the same outcome share one value; the candidates behind them are
     * recomputed when an explanation asks for them.
     */
    CompiledAccess(
            UserId user,
            ConflictRule rule,
            Organization org,
            List<Held> roles,
            List<SharingRule> sharingRules,
            UnaryOperator<Effective> shared) {
        this.user = user;
        this.rules = new SharedByRules(org, sharingRules);
        this.rule = rule;
        this.org = org;
        this.roles = List.copyOf(roles);
        this.entityLevel = new Effective[EntityType.values().length * ACTIONS];
        for (EntityType entity : EntityType.values()) {
            for (Action action : Action.values()) {
                entityLevel[slot(entity, action)] =
                        shared.apply(resolve(entity, null, action, false).toEffective());
            }
        }
        this.anyDealStage = new Effective[ACTIONS];
        for (Action action : Action.values()) {
            anyDealStage[action.ordinal()] =
                    shared.apply(resolve(EntityType.DEAL, null, action, true).toEffective());
        }
        Set<StageId> stages = new LinkedHashSet<>();
        for (Held h : roles) {
            stages.addAll(h.role().stages().keySet());
        }
        Map<StageId, Effective[]> byStage = new HashMap<>();
        for (StageId stage : stages) {
            Effective[] perAction = new Effective[ACTIONS];
            for (Action action : Action.values()) {
                perAction[action.ordinal()] = shared.apply(
                        resolve(EntityType.DEAL, stage, action, true).toEffective());
            }
            byStage.put(stage, perAction);
        }
        this.dealStages = byStage;
        this.reach = new LevelReach(user, org);
        Map<EntityType, Map<String, FieldAccess>> fields = new EnumMap<>(EntityType.class);
        for (EntityType entity : EntityType.values()) {
            Set<String> mentioned = new TreeSet<>();
            for (Held h : roles) {
                mentioned.addAll(
                        h.role().fields().getOrDefault(entity, Map.of()).keySet());
            }
            if (!mentioned.isEmpty()) {
                Map<String, FieldAccess> resolved = new LinkedHashMap<>();
                for (String field : mentioned) {
                    resolved.put(field, ConflictResolution.resolveField(fieldCandidates(entity, field), rule));
                }
                fields.put(entity, Map.copyOf(resolved));
            }
        }
        this.fieldAccess = fields;
        Set<SystemPermission> permissions = EnumSet.noneOf(SystemPermission.class);
        for (Held h : roles) {
            permissions.addAll(h.role().system());
        }
        this.system = Collections.unmodifiableSet(permissions);
    }

    private static int slot(EntityType entity, Action action) {
        return entity.ordinal() * ACTIONS + action.ordinal();
    }

    /** Forms each held role's candidate (section 4, steps 1-3) and resolves them. */
    private Resolution resolve(EntityType entity, StageId stage, Action action, boolean stageGiven) {
        List<Candidate> candidates = new ArrayList<>();
        for (Held h : roles) {
            Role role = h.role();
            Grant stageEntry = stage == null ? null : role.stageEntry(stage, action);
            if (stageEntry != null) {
                candidates.add(new Candidate(role.id(), role.name(), h.source(), Specificity.DETAILED, stageEntry));
                continue;
            }
            Grant entityEntry = role.entityEntry(entity, action);
            if (entityEntry != null) {
                Specificity specificity = stageGiven ? Specificity.INHERITED : Specificity.DETAILED;
                candidates.add(new Candidate(role.id(), role.name(), h.source(), specificity, entityEntry));
            }
        }
        return ConflictResolution.resolve(candidates, rule);
    }

    private List<ConflictResolution.FieldCandidate> fieldCandidates(EntityType entity, String field) {
        List<ConflictResolution.FieldCandidate> candidates = new ArrayList<>();
        for (Held h : roles) {
            FieldAccess access = h.role().fieldEntry(entity, field);
            if (access != null) {
                candidates.add(new ConflictResolution.FieldCandidate(
                        h.role().id(), h.role().name(), h.source(), access));
            }
        }
        return candidates;
    }

    public UserId user() {
        return user;
    }

    public ConflictRule rule() {
        return rule;
    }

    public Organization organization() {
        return org;
    }

    public List<Held> roles() {
        return roles;
    }

    public List<SharingRule> sharingRules() {
        return rules.all();
    }

    public Set<SystemPermission> systemPermissions() {
        return system;
    }

    public boolean has(SystemPermission permission) {
        return system.contains(permission);
    }

    /** The user's access to conversations, which follows teams rather than roles. */
    public ConversationAccess conversations() {
        return new ConversationAccess(user, org, has(SystemPermission.CONVERSATIONS_VIEW_ALL));
    }

    /** The stages some held role sets in detail. */
    public Set<StageId> detailedStages() {
        return Collections.unmodifiableSet(dealStages.keySet());
    }

    /**
     * The full resolution for (entity, stage, action), candidates included. A null stage asks about
     * the entity itself; for a deal's stage that no held role details, the entity entries apply as
     * inherited.
     */
    public Resolution resolution(EntityType entity, StageId stage, Action action) {
        if (entity != EntityType.DEAL || stage == null) {
            return resolve(entity, null, action, false);
        }
        return resolve(EntityType.DEAL, stage, action, true);
    }

    /** The effective grant for (entity, stage, action), as compiled. */
    public Effective effective(EntityType entity, StageId stage, Action action) {
        if (entity != EntityType.DEAL || stage == null) {
            return entityLevel[slot(entity, action)];
        }
        Effective[] perAction = dealStages.get(stage);
        return (perAction == null ? anyDealStage : perAction)[action.ordinal()];
    }

    /**
     * Decides on the record: the role path first, then a share of the record, then a sharing rule,
     * then shared lists. A record that belongs to another (an activity's deal) is admitted by none
     * while its parent is not readable.
     */
    public Decision decide(Action action, RecordFacts record) {
        // INVARIANT: every path below is closed while the parent is unreadable (see parentReadable).
        Grant admitted = parentReadable(record)
                ? admittingGrant(effective(record.entity(), record.stage(), action), record)
                : null;
        ShareLevel share = admitted == null ? admittingShare(action, record) : null;
        SharingRule ruled = admitted == null && share == null ? admittingRule(action, record) : null;
        ListAccess listed = admitted == null && share == null && ruled == null ? admittingList(action, record) : null;
        boolean allowed = admitted != null || share != null || ruled != null || listed != null;
        return new Decision(allowed, this, action, admitted, new Decision.Shared(share, ruled), listed, record);
    }

    /** Whether the user is allowed the action on the record; the same as {@code decide(...).allowed()}. */
    public boolean allows(Action action, RecordFacts record) {
        return allowsByRole(action, record) || sharedOrRuled(action, record) || admittingList(action, record) != null;
    }

    /**
     * Whether a share of the record or a sharing rule admits the action: the two paths that follow
     * the record share's levels and the roles' field entries, and never give the record away.
     */
    private boolean sharedOrRuled(Action action, RecordFacts record) {
        return admittingShare(action, record) != null || admittingRule(action, record) != null;
    }

    /** The sharing rule that admits the action on the record for this user, if one does. */
    SharingRule admittingRule(Action action, RecordFacts record) {
        SharingRule rule = rules.admitting(action, record);
        return rule != null && parentReadable(record) ? rule : null;
    }

    /** What the shared lists holding the record give this user, if one of them admits the action. */
    ListAccess admittingList(Action action, RecordFacts record) {
        ListAccess access = record.lists().get(user);
        return access != null && access.admits(action) && parentReadable(record) ? access : null;
    }

    /**
     * Whether the record's parent, if it has one, is readable by this user: an activity, a note is
     * readable (and anything else) only while the deal, contact or company it belongs to is.
     */
    private boolean parentReadable(RecordFacts record) {
        if (record.entity().parents().isEmpty()) {
            return true;
        }
        RecordFacts parent = record.parent();
        // INVARIANT: no parent facts means no path: an error never becomes an allow.
        return parent != null && allows(Action.READ, parent);
    }

    /**
     * Whether the user may comment on the record: read access through a role or a share, or EDIT
     * or above on a list holding it (a list's VIEW members only read). Commenting changes nothing
     * of the contact, so it follows the member's level on the list, not what the entry lends.
     * Only records that stand alone take comments: on an activity or a note, never.
     */
    public boolean mayComment(RecordFacts record) {
        if (!record.entity().standsAlone()) {
            return false;
        }
        ListAccess listed = record.lists().get(user);
        return allowsByRole(Action.READ, record)
                || sharedOrRuled(Action.READ, record)
                || listed != null && listed.level().atLeast(ListLevel.EDIT);
    }

    /** Whether the user's roles alone allow the action (a share never gives records away). */
    public boolean allowsByRole(Action action, RecordFacts record) {
        return parentReadable(record)
                && admittingGrant(effective(record.entity(), record.stage(), action), record) != null;
    }

    /**
     * Whether the user may change the record from {@code before} to {@code after}. Giving the
     * record to another owner takes the user's roles, on the record as it is and as it would be: a
     * share lets one edit a record, never give it away. Otherwise any path that allows updating
     * both states will do.
     */
    public boolean mayChange(RecordFacts before, RecordFacts after) {
        if (!before.owner().equals(after.owner())) {
            return allowsByRole(Action.UPDATE, before) && allowsByRole(Action.UPDATE, after);
        }
        return allows(Action.UPDATE, before) && allows(Action.UPDATE, after);
    }

    /** Whether the user may share the record: its owner, or anyone whose roles let them update it (not a mere share holder). */
    public boolean mayShare(RecordFacts record) {
        return record.owner().equals(user) || allowsByRole(Action.UPDATE, record);
    }

    /** Whether the user may decide an access request to the record: whoever may share it, never through a list or a rule. */
    public boolean mayGrantAccess(RecordFacts record) {
        return mayShare(record);
    }

    /** The share of the record with this user, if it admits the action. */
    ShareLevel admittingShare(Action action, RecordFacts record) {
        ShareLevel level = record.shares().get(user);
        return level != null && level.admits(action) && parentReadable(record) ? level : null;
    }

    private Grant admittingGrant(Effective effective, RecordFacts record) {
        Level plain = effective.unconditionalLevel();
        if (plain != Level.NONE && reaches(plain, record.owner())) {
            return effective.grants().get(0);
        }
        for (Grant g : effective.conditionalGrants()) {
            if (reaches(g.level(), record.owner()) && g.condition().test(record::field)) {
                return g;
            }
        }
        return null;
    }

    /** Whether the level reaches records of this owner (levels nest: each includes the user's own). */
    public boolean reaches(Level level, UserId owner) {
        return reach.reaches(level, owner);
    }

    /**
     * The records this user may act on (its roles' reach, records shared with it by a share or a
     * sharing rule, and for contacts the shared lists it is on), for the server to turn into SQL.
     */
    public Scope scope(EntityType entity, Action action) {
        Scope shared = sharedScope(entity, action);
        Scope paths = entity == EntityType.CONTACT
                ? Scope.anyOf(roleScope(entity, action), shared, Scope.onListsOf(user, action))
                : Scope.anyOf(roleScope(entity, action), shared);
        return entity.parents().isEmpty() ? paths : Scope.allOf(paths, parentScope(entity));
    }

    /** The records shared with this user for the action: by a share of the record, or by a sharing rule. */
    private Scope sharedScope(EntityType entity, Action action) {
        return Scope.anyOf(Scope.sharedWith(user, action), rules.scope(entity, action));
    }

    /** The records whose parent this user may read (for entities with parents). */
    private Scope parentScope(EntityType entity) {
        List<Scope> parents = new ArrayList<>();
        for (EntityType.Parent p : entity.parents()) {
            parents.add(new Scope.ParentAdmits(p.field(), p.entity(), scope(p.entity(), Action.READ)));
        }
        return Scope.anyOf(parents);
    }

    /**
     * Among the records this user may read, those on which the field is visible to them: the same
     * rule as {@link #hiddenFields(RecordFacts)}, as a scope, so that searching and filtering by the
     * field in SQL match only where its value could be read. Roles and shares show the field unless
     * the roles hide it; a list shows it through an entry that neither the list nor its adder hides.
     */
    public Scope fieldScope(EntityType entity, String field) {
        boolean roleShows = !hiddenFields(entity).contains(field);
        if (entity != EntityType.CONTACT) {
            return roleShows ? Scope.EVERYTHING : Scope.NOTHING;
        }
        Scope byRoleOrShare = roleShows
                ? Scope.anyOf(roleScope(entity, Action.READ), sharedScope(entity, Action.READ))
                : Scope.NOTHING;
        return Scope.anyOf(byRoleOrShare, new Scope.OnListsShowing(user, field));
    }

    /** The records the user's roles alone reach. */
    public Scope roleScope(EntityType entity, Action action) {
        if (entity != EntityType.DEAL || dealStages.isEmpty()) {
            Effective e =
                    entity == EntityType.DEAL ? anyDealStage[action.ordinal()] : entityLevel[slot(entity, action)];
            return reach.grantsScope(e.grants());
        }
        // Stages with the same effective grants share one branch, so the SQL stays small.
        Map<List<Grant>, Set<StageId>> stagesByGrants = new LinkedHashMap<>();
        for (Map.Entry<StageId, Effective[]> e : dealStages.entrySet()) {
            stagesByGrants
                    .computeIfAbsent(e.getValue()[action.ordinal()].grants(), k -> new LinkedHashSet<>())
                    .add(e.getKey());
        }
        List<Scope> branches = new ArrayList<>();
        stagesByGrants.forEach(
                (grants, stages) -> branches.add(Scope.allOf(new Scope.StageIn(stages), reach.grantsScope(grants))));
        branches.add(Scope.allOf(
                new Scope.StageNotIn(dealStages.keySet()), reach.grantsScope(anyDealStage[action.ordinal()].grants())));
        return Scope.anyOf(branches);
    }

    /** What the user may do with a field of a record read through its roles. */
    public FieldAccess fieldAccess(EntityType entity, String field) {
        return fieldAccess.getOrDefault(entity, Map.of()).getOrDefault(field, FieldAccess.EDIT);
    }

    /** The fields of the entity hidden from this user's role path. */
    public Set<String> hiddenFields(EntityType entity) {
        return fieldsAt(entity, FieldAccess.HIDDEN);
    }

    /** The fields of the entity this user's roles let read but not edit. */
    public Set<String> readOnlyFields(EntityType entity) {
        return fieldsAt(entity, FieldAccess.READ);
    }

    private Set<String> fieldsAt(EntityType entity, FieldAccess wanted) {
        Set<String> fields = new TreeSet<>();
        fieldAccess.getOrDefault(entity, Map.of()).forEach((field, access) -> {
            if (access == wanted) {
                fields.add(field);
            }
        });
        return Collections.unmodifiableSet(fields);
    }

    /**
     * The fields of this record hidden from the user: a field is hidden when every path by which
     * the user reads the record hides it (roles and shares by the roles' field entries, lists by
     * their hidden fields below MANAGER).
     */
    public Set<String> hiddenFields(RecordFacts record) {
        ListAccess listed = admittingList(Action.READ, record);
        boolean byRoleOrShare = allowsByRole(Action.READ, record) || sharedOrRuled(Action.READ, record);
        if (listed == null) {
            return hiddenFields(record.entity());
        }
        Set<String> hidden = new TreeSet<>(listed.hiddenFields());
        if (byRoleOrShare) {
            hidden.retainAll(hiddenFields(record.entity()));
        }
        return Collections.unmodifiableSet(hidden);
    }

    /**
     * The fields of this record the user may read but not change: those the roles make read-only,
     * and, when only shared lists let the user update the record, those read-only through every list
     * entry that does (what its adder could not edit).
     */
    public Set<String> readOnlyFields(RecordFacts record) {
        Set<String> readOnly = new TreeSet<>(readOnlyFields(record.entity()));
        ListAccess listed = admittingList(Action.UPDATE, record);
        if (listed != null && !allowsByRole(Action.UPDATE, record) && !sharedOrRuled(Action.UPDATE, record)) {
            readOnly.addAll(listed.readOnlyFields());
        }
        return Collections.unmodifiableSet(readOnly);
    }

    /**
     * What adding the contact to a shared list lends its members: what this user's roles hold on it;
     * null when they do not read it (what a share, a rule or a list gives is not one's to pass on).
     */
    public ListLoan loanOf(RecordFacts contact) {
        if (!allowsByRole(Action.READ, contact)) {
            return null;
        }
        ListLevel lends = allowsByRole(Action.DELETE, contact)
                ? ListLevel.DELETE
                : allowsByRole(Action.UPDATE, contact) ? ListLevel.EDIT : ListLevel.VIEW;
        return new ListLoan(lends, hiddenFields(contact.entity()), readOnlyFields(contact.entity()));
    }

    /** Explains an entry (and a record) to an asker from whom {@code hidden} are hidden on the record. */
    public Explanation explain(EntityType entity, StageId stage, Action action, RecordFacts rec, Set<String> hidden) {
        return Explanation.of(this, entity, rec != null ? rec.stage() : stage, action, rec, hidden);
    }
}
