package io.custodia.directory;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.DEPARTMENT;
import static io.custodia.platform.db.Tables.DEPARTMENT_MEMBER;
import static io.custodia.platform.db.Tables.TEAM;
import static io.custodia.platform.db.Tables.TEAM_MEMBER;
import static io.custodia.platform.db.Tables.WORKSPACE;

import io.custodia.access.DirectoryFacts;
import io.custodia.policy.ConflictRule;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Organization;
import io.custodia.policy.TeamVisibility;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/** The directory's tables as the access feature reads them ({@link DirectoryFacts}), in the caller's transaction. */
@Component
class DirectoryTables implements DirectoryFacts {
    private final DSLContext db;

    DirectoryTables(DSLContext db) {
        this.db = db;
    }

    @Override
    public Map<UUID, String> groupNames(UUID workspaceId) {
        Map<UUID, String> names = new HashMap<>();
        db.select(DEPARTMENT.ID, DEPARTMENT.NAME)
                .from(DEPARTMENT)
                .where(DEPARTMENT.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> names.put(r.value1(), r.value2()));
        db.select(TEAM.ID, TEAM.NAME)
                .from(TEAM)
                .where(TEAM.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> names.put(r.value1(), r.value2()));
        return names;
    }

    @Override
    public Organization organization(UUID workspaceId) {
        Organization.Builder org = Organization.builder();
        db.select(DEPARTMENT.ID, DEPARTMENT.PARENT_ID)
                .from(DEPARTMENT)
                .where(DEPARTMENT.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> org.department(
                        new DepartmentId(r.value1()), r.value2() == null ? null : new DepartmentId(r.value2())));
        db.select(DEPARTMENT_MEMBER.USER_ID, DEPARTMENT_MEMBER.DEPARTMENT_ID, DEPARTMENT_MEMBER.HEAD)
                .from(DEPARTMENT_MEMBER)
                .where(DEPARTMENT_MEMBER.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> {
                    org.member(new UserId(r.value1()), new DepartmentId(r.value2()));
                    if (r.value3()) {
                        org.head(new UserId(r.value1()), new DepartmentId(r.value2()));
                    }
                });
        db.select(TEAM.ID, TEAM.VISIBILITY)
                .from(TEAM)
                .where(TEAM.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> org.team(new TeamId(r.value1()), TeamVisibility.valueOf(r.value2())));
        db.select(TEAM_MEMBER.TEAM_ID, TEAM_MEMBER.USER_ID, TEAM_MEMBER.SUPERVISOR)
                .from(TEAM_MEMBER)
                .where(TEAM_MEMBER.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> org.teamMember(new TeamId(r.value1()), new UserId(r.value2()), r.value3()));
        return org.build();
    }

    @Override
    public ConflictRule conflictRule(UUID workspaceId) {
        String rule = db.select(WORKSPACE.CONFLICT_RULE)
                .from(WORKSPACE)
                .where(WORKSPACE.ID.eq(workspaceId))
                .fetchOne(WORKSPACE.CONFLICT_RULE);
        return ConflictRule.valueOf(rule);
    }

    @Override
    public boolean userExists(UUID workspaceId, UUID userId) {
        return db.fetchExists(APP_USER, APP_USER.WORKSPACE_ID.eq(workspaceId).and(APP_USER.ID.eq(userId)));
    }

    @Override
    public boolean departmentExists(UUID workspaceId, UUID departmentId) {
        return db.fetchExists(
                DEPARTMENT, DEPARTMENT.WORKSPACE_ID.eq(workspaceId).and(DEPARTMENT.ID.eq(departmentId)));
    }

    @Override
    public boolean teamExists(UUID workspaceId, UUID teamId) {
        return db.fetchExists(TEAM, TEAM.WORKSPACE_ID.eq(workspaceId).and(TEAM.ID.eq(teamId)));
    }

    @Override
    public List<User> users(UUID workspaceId) {
        return db.select(APP_USER.ID, APP_USER.EMAIL, APP_USER.NAME, APP_USER.STATUS, APP_USER.LAST_SIGN_IN_AT)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .orderBy(APP_USER.EMAIL)
                .fetch(r -> new User(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    @Override
    public Set<UUID> activePeople(UUID workspaceId) {
        return new HashSet<>(db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.STATUS.eq("active"))
                .and(APP_USER.KIND.eq("person"))
                .fetch(APP_USER.ID));
    }

    @Override
    public Map<UUID, Set<UUID>> membersByDepartment(UUID workspaceId) {
        Map<UUID, Set<UUID>> membersOf = new HashMap<>();
        db.select(DEPARTMENT_MEMBER.DEPARTMENT_ID, DEPARTMENT_MEMBER.USER_ID)
                .from(DEPARTMENT_MEMBER)
                .where(DEPARTMENT_MEMBER.WORKSPACE_ID.eq(workspaceId))
                .forEach(r -> membersOf
                        .computeIfAbsent(r.value1(), d -> new HashSet<>())
                        .add(r.value2()));
        return membersOf;
    }

    @Override
    public UUID firstDepartmentOf(UUID workspaceId, UUID userId) {
        return db.select(DEPARTMENT_MEMBER.DEPARTMENT_ID)
                .from(DEPARTMENT_MEMBER)
                .where(DEPARTMENT_MEMBER.WORKSPACE_ID.eq(workspaceId))
                .and(DEPARTMENT_MEMBER.USER_ID.eq(userId))
                .orderBy(DEPARTMENT_MEMBER.DEPARTMENT_ID)
                .limit(1)
                .fetchOne(DEPARTMENT_MEMBER.DEPARTMENT_ID);
    }
}
