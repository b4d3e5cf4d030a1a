package io.custodia.access;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.Assignment;
import io.custodia.policy.Candidate;
import io.custodia.policy.CandidateClass;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.ConflictRule;
import io.custodia.policy.EntityType;
import io.custodia.policy.Grant;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Organization;
import io.custodia.policy.Resolution;
import io.custodia.policy.RoleTree;
import io.custodia.policy.Scope;
import io.custodia.policy.Source;
import io.custodia.policy.Specificity;
import io.custodia.policy.SystemPermission;
import io.custodia.policy.WorkspacePolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Why a user can do what it can: effective grants, conflicts, simulations and the access review
 * (explanations: {@link AccessExplainController}). Everything here is computed by the engine from the same compiled access that
 * enforcement uses. Callers need {@code roles.manage}, except a user asking about itself.
 */
@Tag(name = "Access")
@RestController
@RequestMapping("/api/v1/access")
class AccessInsightController {
    private final AccessPolicies access;
    private final DirectoryFacts directory;
    private final Roles roles;
    private final RecordLookup records;
    private final DealStages stages;
    private final SharingRuleChanges sharingRules;

    AccessInsightController(
            AccessPolicies access,
            DirectoryFacts directory,
            Roles roles,
            RecordLookup records,
            SharingRuleChanges sharingRules,
            DealStages stages) {
        this.stages = stages;
        this.sharingRules = sharingRules;
        this.access = access;
        this.directory = directory;
        this.roles = roles;
        this.records = records;
    }

    record GrantView(String level, Map<String, Object> condition) {
        static GrantView of(Grant g) {
            return new GrantView(
                    g.level().name(), g.condition() == null ? null : RoleTree.writeCondition(g.condition()));
        }
    }

    record FromView(UUID roleId, String roleName, Source source, Specificity specificity) {
        static FromView of(Candidate c) {
            return new FromView(c.roleId().value(), c.roleName(), c.source(), c.specificity());
        }
    }

    record EntryView(String entity, String action, UUID stageId, List<GrantView> grants, List<FromView> from) {}

    record EffectiveView(UUID userId, ConflictRule conflictRule, List<EntryView> entries) {}

    @Operation(operationId = "getEffectiveAccess", summary = "Show a user's effective access")
    @GetMapping("/effective")
    EffectiveView effective(@AuthenticationPrincipal WorkspacePrincipal me, @RequestParam UUID userId) {
        requireAbout(me, userId);
        return effectiveView(
                access.accessOf(me.workspaceId(), userId),
                List.copyOf(stages.namesOf(me.workspaceId()).keySet()));
    }

    /** The stages, as the pipelines lay them out (a stage the order does not know last). */
    private static List<StageId> inPipelineOrder(Set<StageId> stages, List<UUID> order) {
        Map<UUID, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        return stages.stream()
                .sorted(Comparator.comparingInt((StageId s) -> position.getOrDefault(s.value(), Integer.MAX_VALUE))
                        .thenComparing(StageId::value))
                .toList();
    }

    /** Every entry's effective grants; a deal's detailed stages in pipeline order. */
    static EffectiveView effectiveView(CompiledAccess compiled, List<UUID> stageOrder) {
        List<EntryView> entries = new ArrayList<>();
        for (EntityType entity : EntityType.values()) {
            for (Action action : Action.values()) {
                Resolution r = compiled.resolution(entity, null, action);
                entries.add(entry(entity, action, null, r));
                if (entity == EntityType.DEAL) {
                    for (StageId stage : inPipelineOrder(compiled.detailedStages(), stageOrder)) {
                        Resolution atStage = compiled.resolution(entity, stage, action);
                        if (!atStage.effective().equals(r.effective())) {
                            entries.add(entry(entity, action, stage, atStage));
                        }
                    }
                }
            }
        }
        return new EffectiveView(compiled.user().value(), compiled.rule(), entries);
    }

    private static EntryView entry(EntityType entity, Action action, StageId stage, Resolution r) {
        return new EntryView(
                entity.key(),
                action.key(),
                stage == null ? null : stage.value(),
                r.effective().stream().map(GrantView::of).toList(),
                r.winners().stream().map(FromView::of).toList());
    }

    record CandidateView(UUID roleId, String roleName, Source source, Specificity specificity, GrantView grant) {}

    record ConflictEntry(
            String entity,
            String action,
            UUID stageId,
            List<CandidateView> candidates,
            CandidateClass winningClass,
            String why,
            List<GrantView> effective) {}

    record UserConflicts(UUID userId, String name, List<ConflictEntry> entries) {}

    record Items<T>(List<T> items) {}

    /** Users whose roles disagree somewhere, each with the entries in conflict and how they resolved. */
    @Operation(operationId = "listRoleConflicts", summary = "List conflicts between a user's roles")
    @GetMapping("/conflicts")
    Items<UserConflicts> conflicts(@AuthenticationPrincipal WorkspacePrincipal me) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        List<UserConflicts> result = new ArrayList<>();
        for (var user : directory.users(me.workspaceId())) {
            List<ConflictEntry> entries = conflictsOf(access.accessOf(me.workspaceId(), user.id()));
            if (!entries.isEmpty()) {
                result.add(new UserConflicts(user.id(), user.name(), entries));
            }
        }
        return new Items<>(result);
    }

    static List<ConflictEntry> conflictsOf(CompiledAccess compiled) {
        List<ConflictEntry> entries = new ArrayList<>();
        for (EntityType entity : EntityType.values()) {
            for (Action action : Action.values()) {
                addIfConflict(entries, entity, action, null, compiled.resolution(entity, null, action));
                if (entity == EntityType.DEAL) {
                    for (StageId stage : compiled.detailedStages()) {
                        addIfConflict(entries, entity, action, stage, compiled.resolution(entity, stage, action));
                    }
                }
            }
        }
        return entries;
    }

    private static void addIfConflict(
            List<ConflictEntry> out, EntityType entity, Action action, StageId stage, Resolution r) {
        Set<Grant> distinct = new HashSet<>();
        r.candidates().forEach(c -> distinct.add(c.grant()));
        if (distinct.size() > 1) {
            out.add(new ConflictEntry(
                    entity.key(),
                    action.key(),
                    stage == null ? null : stage.value(),
                    r.candidates().stream()
                            .map(c -> new CandidateView(
                                    c.roleId().value(),
                                    c.roleName(),
                                    c.source(),
                                    c.specificity(),
                                    GrantView.of(c.grant())))
                            .toList(),
                    r.winningClass(),
                    r.why(),
                    r.effective().stream().map(GrantView::of).toList()));
        }
    }

    enum Op {
        joinDepartment,
        leaveDepartment,
        assignRole,
        unassignRole,
        becomeHead,
        stopBeingHead,
        addSharingRule,
        removeSharingRule
    }

    record Change(
            @NotNull Op op, UUID departmentId, UUID roleId, Map<String, Object> sharingRule, UUID sharingRuleId) {}

    record Simulation(@NotNull UUID userId, @NotNull @Valid List<Change> changes) {}

    record Counts(long gained, long lost) {}

    record SimulationResult(EffectiveView before, EffectiveView after, Map<String, Counts> records) {}

    /** What the changes would grant and take away; nothing is saved. */
    @Operation(operationId = "simulateAccess", summary = "Simulate a role change before making it")
    @PostMapping("/simulate")
    SimulationResult simulate(@AuthenticationPrincipal WorkspacePrincipal me, @Valid @RequestBody Simulation body) {
        requireAbout(me, body.userId());
        UUID ws = me.workspaceId();
        UserId user = new UserId(body.userId());
        WorkspacePolicy policy = access.policyOf(ws);
        WorkspacePolicy after = policy;
        for (int i = 0; i < body.changes().size(); i++) {
            Change c = body.changes().get(i);
            String at = "changes[" + i + "]";
            switch (c.op()) {
                case joinDepartment, leaveDepartment, becomeHead, stopBeingHead -> {
                    if (c.departmentId() == null || !directory.departmentExists(ws, c.departmentId())) {
                        throw ApiProblem.invalid(at + ".departmentId", "no such department");
                    }
                    Organization org = after.organization();
                    DepartmentId department = new DepartmentId(c.departmentId());
                    after = after.withOrganization(
                            switch (c.op()) {
                                case joinDepartment -> org.withMembership(user, department, true);
                                case leaveDepartment -> org.withMembership(user, department, false);
                                case becomeHead -> org.withHead(user, department, true);
                                default -> org.withHead(user, department, false);
                            });
                }
                case assignRole, unassignRole -> {
                    if (c.roleId() == null || !roles.exists(ws, c.roleId())) {
                        throw ApiProblem.invalid(at + ".roleId", "no such role");
                    }
                    Assignment personal = new Assignment(new RoleId(c.roleId()), new Assignment.ToUser(user));
                    List<Assignment> assignments = new ArrayList<>(after.assignments());
                    if (c.op() == Op.assignRole) {
                        assignments.add(personal);
                    } else if (!assignments.removeIf(personal::equals)) {
                        throw ApiProblem.invalid(at + ".roleId", "the user does not hold this role personally");
                    }
                    after = after.withAssignments(assignments);
                }
                case addSharingRule -> after = sharingRules.withRule(me, after, c.sharingRule(), at);
                case removeSharingRule -> after = sharingRules.withoutRule(me, after, c.sharingRuleId(), at);
            }
        }
        CompiledAccess was = policy.compile(user);
        CompiledAccess would = after.compile(user);
        // Counts are told only to those who manage roles (and may ask about anyone). To anyone else
        // a count could tell a hidden value: a simulated role whose condition reads a field hidden
        // from the caller gains or loses a record by what that field holds.
        Map<String, Counts> counts = new LinkedHashMap<>();
        if (access.accessOf(ws, me.principalId()).has(SystemPermission.ROLES_MANAGE)) {
            // The simulated scope reaches members of departments as the simulation has them (the
            // stored keys know only the real ones: joining a department lost one's own records).
            Set<UUID> memberOf = new HashSet<>();
            after.organization().departmentsOf(user).forEach(d -> memberOf.add(d.value()));
            UnaryOperator<OwnerUnits.Keys> real = UnaryOperator.identity();
            UnaryOperator<OwnerUnits.Keys> simulated = keys -> keys.asMemberOf(user.value(), memberOf);
            for (EntityType entity : EntityType.standalone()) {
                Scope before = was.scope(entity, Action.READ);
                Scope then = would.scope(entity, Action.READ);
                counts.put(
                        entity.key(),
                        new Counts(
                                records.countInsideNotOutside(ws, entity, then, simulated, before, real),
                                records.countInsideNotOutside(ws, entity, before, real, then, simulated)));
            }
        }
        List<UUID> stageOrder = List.copyOf(stages.namesOf(ws).keySet());
        return new SimulationResult(effectiveView(was, stageOrder), effectiveView(would, stageOrder), counts);
    }

    private void requireAbout(WorkspacePrincipal me, UUID userId) {
        AskingAbout.require(access, directory, me, userId);
    }
}
