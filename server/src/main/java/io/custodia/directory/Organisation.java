package io.custodia.directory;

import io.custodia.access.AccessChange;
import io.custodia.access.AccessPolicies;
import io.custodia.access.OwnerUnits;
import io.custodia.access.SystemPermissionGuard;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.TeamVisibility;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to departments and teams and their members, with every rule and effect that goes with
 * them (the access version moves on every node, no system permission is handed out or left without
 * a holder, each change is audited), for whoever asks: the API's directory endpoints and SCIM
 * provisioning. The caller has checked that its principal may manage users, and that the department
 * or team exists.
 */
@Service
public class Organisation {
    private final Departments departments;
    private final Teams teams;
    private final AccessPolicies access;
    private final SystemPermissionGuard guard;
    private final AuditLog audit;
    private final OwnerUnits units;

    Organisation(
            Departments departments,
            Teams teams,
            AccessPolicies access,
            SystemPermissionGuard guard,
            AuditLog audit,
            OwnerUnits units) {
        this.departments = departments;
        this.teams = teams;
        this.access = access;
        this.guard = guard;
        this.audit = audit;
        this.units = units;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Departments.Department createDepartment(WorkspacePrincipal by, String name, UUID parentId) {
        if (parentId != null && departments.find(by.workspaceId(), parentId).isEmpty()) {
            throw ApiProblem.invalid("parentId", "no such department");
        }
        UUID id = UUID.randomUUID();
        departments.create(by.workspaceId(), id, name, parentId);
        Departments.Department created = departments.find(by.workspaceId(), id).orElseThrow();
        departmentChanged(by, "department.created", id, null, created, AccessChange.OPAQUE);
        return created;
    }

    /** Renames the department and puts it under {@code parent} (null: at the top). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Departments.Department updateDepartment(
            WorkspacePrincipal by, Departments.Department before, String name, UUID parent) {
        UUID ws = by.workspaceId();
        UUID id = before.id();
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            throw ApiProblem.invalid("name", "must not be blank");
        }
        if (parent != null) {
            if (departments.find(ws, parent).isEmpty()) {
                throw ApiProblem.invalid("parentId", "no such department");
            }
            if (departments.isSelfOrBelow(ws, id, parent)) {
                throw ApiProblem.invalid(
                        "parentId", "a department cannot move under itself or under one of its subdepartments");
            }
        }
        // A move changes who is in the subtrees that roles are given to.
        SystemPermissionGuard.Holders holders = Objects.equals(parent, before.parentId())
                ? null
                : guard.beforeMembership(ws, SystemPermissionGuard.Group.DEPARTMENT);
        departments.update(ws, id, stripped, parent);
        Departments.Department after = departments.find(ws, id).orElseThrow();
        departmentChanged(by, "department.updated", id, before, after, AccessChange.OPAQUE);
        guard.check(by, holders);
        return after;
    }

    /** Deletes the department; 409 while it has members, subdepartments or role assignments. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deleteDepartment(WorkspacePrincipal by, Departments.Department before) {
        List<ProblemText> blockers = departments.blockersOfDelete(by.workspaceId(), before.id());
        if (!blockers.isEmpty()) {
            throw ApiProblem.conflict("the department still has {0}", ProblemText.joined(blockers));
        }
        departments.delete(by.workspaceId(), before.id());
        departmentChanged(by, "department.deleted", before.id(), before, null, AccessChange.OPAQUE);
    }

    /** Adds the user to the department (or changes its head flag); the user is of the workspace. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Departments.Member putDepartmentMember(WorkspacePrincipal by, UUID id, UUID userId, boolean head) {
        UUID ws = by.workspaceId();
        SystemPermissionGuard.Holders holders = guard.beforeMembership(ws, SystemPermissionGuard.Group.DEPARTMENT);
        Optional<Departments.Member> before = departments.putMember(ws, id, userId, head);
        units.reassess(ws, userId);
        Departments.Member after = new Departments.Member(userId, head);
        departmentChanged(
                by,
                "department.member.put",
                id,
                before.map(m -> Map.of("member", m)).orElse(null),
                Map.of("member", after),
                // A head flag set or taken away changes who a heads' assignment reaches: every node
                // reads the organisation again (a plain membership is applied to the cached one).
                head || before.map(Departments.Member::head).orElse(false)
                        ? AccessChange.OPAQUE
                        : AccessChange.membership(userId, id, true));
        guard.check(by, holders);
        return after;
    }

    /** Takes the user out of the department; 404 when not a member. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void removeDepartmentMember(WorkspacePrincipal by, UUID id, UUID userId) {
        UUID ws = by.workspaceId();
        Departments.Member before = departments
                .member(ws, id, userId)
                .orElseThrow(() -> ApiProblem.notFound("membership of user {0}", userId));
        SystemPermissionGuard.Holders holders = guard.beforeMembership(ws, SystemPermissionGuard.Group.DEPARTMENT);
        departments.removeMember(ws, id, userId);
        units.reassess(ws, userId);
        departmentChanged(
                by,
                "department.member.removed",
                id,
                Map.of("member", before),
                null,
                AccessChange.membership(userId, id, false));
        guard.check(by, holders);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Teams.Team createTeam(WorkspacePrincipal by, String name, TeamVisibility visibility) {
        UUID id = UUID.randomUUID();
        teams.create(by.workspaceId(), id, name, visibility == null ? TeamVisibility.TEAM : visibility);
        Teams.Team created = teams.find(by.workspaceId(), id).orElseThrow();
        teamChanged(by, "team.created", id, null, created);
        return created;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Teams.Team updateTeam(WorkspacePrincipal by, Teams.Team before, String name, TeamVisibility visibility) {
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            throw ApiProblem.invalid("name", "must not be blank");
        }
        teams.update(by.workspaceId(), before.id(), stripped, visibility);
        Teams.Team after = teams.find(by.workspaceId(), before.id()).orElseThrow();
        teamChanged(
                by,
                before.visibility() == after.visibility() ? "team.updated" : "team.visibility.changed",
                before.id(),
                before,
                after);
        return after;
    }

    /** Adds the user to the team (or changes its supervisor flag); the user is of the workspace. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Teams.Member putTeamMember(WorkspacePrincipal by, UUID id, UUID userId, boolean supervisor) {
        UUID ws = by.workspaceId();
        Object before =
                teams.member(ws, id, userId).map(m -> Map.of("member", m)).orElse(null);
        SystemPermissionGuard.Holders holders = guard.beforeMembership(ws, SystemPermissionGuard.Group.TEAM);
        teams.putMember(ws, id, userId, supervisor);
        Teams.Member after = new Teams.Member(userId, supervisor);
        teamChanged(by, "team.member.put", id, before, Map.of("member", after));
        guard.check(by, holders);
        return after;
    }

    /** Takes the user out of the team; 404 when not a member. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void removeTeamMember(WorkspacePrincipal by, UUID id, UUID userId) {
        UUID ws = by.workspaceId();
        Teams.Member before =
                teams.member(ws, id, userId).orElseThrow(() -> ApiProblem.notFound("membership of user {0}", userId));
        SystemPermissionGuard.Holders holders = guard.beforeMembership(ws, SystemPermissionGuard.Group.TEAM);
        teams.removeMember(ws, id, userId);
        teamChanged(by, "team.member.removed", id, Map.of("member", before), null);
        guard.check(by, holders);
    }

    private void departmentChanged(
            WorkspacePrincipal by, String action, UUID id, Object before, Object after, AccessChange change) {
        access.changed(by.workspaceId(), change);
        audit.record(by.workspaceId(), AuditLog.Actor.of(by), action, "department", id, before, after);
    }

    private void teamChanged(WorkspacePrincipal by, String action, UUID id, Object before, Object after) {
        access.changed(by.workspaceId());
        audit.record(by.workspaceId(), AuditLog.Actor.of(by), action, "team", id, before, after);
    }
}
