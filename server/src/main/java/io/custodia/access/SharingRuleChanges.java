package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SharingRule;
import io.custodia.policy.SystemPermission;
import io.custodia.policy.WorkspacePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sharing rules kept by holders of {@code roles.manage}: checked, applied at the next request on
 * every node (each change bumps the access version), audited.
 */
@Service
class SharingRuleChanges {
    private static final String TARGET = "sharing_rule";

    private final SharingRules rules;
    private final AccessPolicies access;
    private final AuditLog audit;
    private final DirectoryFacts directory;
    private final FieldCatalogs catalogs;

    SharingRuleChanges(
            SharingRules rules,
            AccessPolicies access,
            AuditLog audit,
            DirectoryFacts directory,
            FieldCatalogs catalogs) {
        this.rules = rules;
        this.access = access;
        this.audit = audit;
        this.directory = directory;
        this.catalogs = catalogs;
    }

    List<SharingRules.SharingRuleView> list(WorkspacePrincipal me) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        return rules.all(me.workspaceId()).stream()
                .map(SharingRules.Stored::view)
                .toList();
    }

    SharingRules.SharingRuleView get(WorkspacePrincipal me, UUID id) {
        return find(me, id).view();
    }

    @Transactional
    SharingRules.SharingRuleView create(WorkspacePrincipal me, Map<String, Object> body) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        SharingRules.Stored rule =
                SharingRuleBody.read(UUID.randomUUID(), body, me.workspaceId(), directory, catalogs, "");
        rules.create(me.workspaceId(), rule);
        changed(me, "sharing_rule.created", rule.id(), null, rule.view());
        return rule.view();
    }

    @Transactional
    SharingRules.SharingRuleView replace(WorkspacePrincipal me, UUID id, Map<String, Object> body) {
        SharingRules.Stored before = find(me, id);
        SharingRules.Stored after = SharingRuleBody.read(id, body, me.workspaceId(), directory, catalogs, "");
        rules.replace(me.workspaceId(), after);
        changed(me, "sharing_rule.updated", id, before.view(), after.view());
        return after.view();
    }

    @Transactional
    void delete(WorkspacePrincipal me, UUID id) {
        SharingRules.Stored before = find(me, id);
        rules.delete(me.workspaceId(), id);
        changed(me, "sharing_rule.deleted", id, before.view(), null);
    }

    /**
     * The policy with one rule more, as {@code body} describes it (a simulation's change, at {@code
     * at}; nothing is saved). Rules are for role managers only, simulated ones too.
     */
    WorkspacePolicy withRule(WorkspacePrincipal me, WorkspacePolicy policy, Map<String, Object> body, String at) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        SharingRules.Stored rule = SharingRuleBody.read(
                UUID.randomUUID(), body, me.workspaceId(), directory, catalogs, at + ".sharingRule.");
        List<SharingRule> rules = new ArrayList<>(policy.sharingRules());
        rules.add(rule.toEngine(directory.groupNames(me.workspaceId())));
        return policy.withSharingRules(rules);
    }

    /** The policy without the rule {@code id} (a simulation's change, at {@code at}; nothing is saved). */
    WorkspacePolicy withoutRule(WorkspacePrincipal me, WorkspacePolicy policy, UUID id, String at) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        List<SharingRule> rules = new ArrayList<>(policy.sharingRules());
        if (id == null || !rules.removeIf(rule -> rule.id().equals(id))) {
            throw ApiProblem.invalid(at + ".sharingRuleId", "no such sharing rule");
        }
        return policy.withSharingRules(rules);
    }

    /** The rule, to a holder of {@code roles.manage} (403 to anyone else, whatever the id: nothing is learnt). */
    private SharingRules.Stored find(WorkspacePrincipal me, UUID id) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        return rules.find(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("sharing rule {0}", id));
    }

    private void changed(WorkspacePrincipal me, String action, UUID id, Object before, Object after) {
        // INVARIANT: in the transaction that changes the rule, so every node compiles afresh at its next request.
        access.changed(me.workspaceId());
        audit.record(me.workspaceId(), AuditLog.Actor.of(me), action, TARGET, id, before, after);
    }
}
