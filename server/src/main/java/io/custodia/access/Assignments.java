package io.custodia.access;

import static io.custodia.platform.db.Tables.ROLE_ASSIGNMENT;

import io.custodia.policy.Assignment;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.RoleId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.Ids.UserId;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/**
 * Who holds which role: one user, a department (optionally with its subdepartments) or only its
 * heads, a team, or everyone.
 */
@Repository
public class Assignments {
    private final DSLContext db;

    Assignments(DSLContext db) {
        this.db = db;
    }

    /** An assignment as stored; exactly one of the targets is set; {@code heads} only with a department. */
    public record Stored(
            UUID id,
            UUID roleId,
            UUID userId,
            UUID departmentId,
            boolean includeSubdepartments,
            boolean heads,
            UUID teamId,
            boolean everyone,
            OffsetDateTime expiresAt) {

        /** The same assignment as the engine sees it. */
        public Assignment toEngine() {
            return new Assignment(new RoleId(roleId), target(), expiresAt == null ? null : expiresAt.toInstant());
        }

        private Assignment.Target target() {
            if (userId != null) {
                return new Assignment.ToUser(new UserId(userId));
            }
            if (departmentId != null && heads) {
                return new Assignment.ToDepartmentHeads(new DepartmentId(departmentId), includeSubdepartments);
            }
            if (departmentId != null) {
                return new Assignment.ToDepartment(new DepartmentId(departmentId), includeSubdepartments);
            }
            if (teamId != null) {
                return new Assignment.ToTeam(new TeamId(teamId));
            }
            return new Assignment.ToEveryone();
        }

        /** The same assignment ending at another instant (null: never). */
        Stored expiringAt(OffsetDateTime other) {
            return new Stored(id, roleId, userId, departmentId, includeSubdepartments, heads, teamId, everyone, other);
        }
    }

    void create(UUID workspaceId, Stored a) {
        db.insertInto(ROLE_ASSIGNMENT)
                .set(ROLE_ASSIGNMENT.WORKSPACE_ID, workspaceId)
                .set(ROLE_ASSIGNMENT.ID, a.id())
                .set(ROLE_ASSIGNMENT.ROLE_ID, a.roleId())
                .set(ROLE_ASSIGNMENT.USER_ID, a.userId())
                .set(ROLE_ASSIGNMENT.DEPARTMENT_ID, a.departmentId())
                .set(ROLE_ASSIGNMENT.INCLUDE_SUBDEPARTMENTS, a.includeSubdepartments())
                .set(ROLE_ASSIGNMENT.HEADS, a.heads())
                .set(ROLE_ASSIGNMENT.TEAM_ID, a.teamId())
                .set(ROLE_ASSIGNMENT.EVERYONE, a.everyone())
                .set(ROLE_ASSIGNMENT.EXPIRES_AT, a.expiresAt())
                .execute();
    }

    /** Gives the stored assignment another expiry (null: none), to be told again a day before it. */
    void expireAt(UUID workspaceId, UUID id, OffsetDateTime expiresAt) {
        db.update(ROLE_ASSIGNMENT)
                .set(ROLE_ASSIGNMENT.EXPIRES_AT, expiresAt)
                .set(ROLE_ASSIGNMENT.EXPIRY_WARNED, false)
                .set(ROLE_ASSIGNMENT.EXPIRY_AUDITED, false)
                .where(ROLE_ASSIGNMENT.WORKSPACE_ID.eq(workspaceId).and(ROLE_ASSIGNMENT.ID.eq(id)))
                .execute();
    }

    public List<Stored> all(UUID workspaceId) {
        return db.selectFrom(ROLE_ASSIGNMENT)
                .where(ROLE_ASSIGNMENT.WORKSPACE_ID.eq(workspaceId))
                .orderBy(ROLE_ASSIGNMENT.CREATED_AT, ROLE_ASSIGNMENT.ID)
                .fetch(Assignments::stored);
    }

    public List<Stored> ofRole(UUID workspaceId, UUID roleId) {
        return db.selectFrom(ROLE_ASSIGNMENT)
                .where(ROLE_ASSIGNMENT.WORKSPACE_ID.eq(workspaceId).and(ROLE_ASSIGNMENT.ROLE_ID.eq(roleId)))
                .fetch(Assignments::stored);
    }

    /** How many assignments give a role to the department itself (a department with any cannot be deleted). */
    public int countToDepartment(UUID workspaceId, UUID departmentId) {
        return db.fetchCount(
                ROLE_ASSIGNMENT,
                ROLE_ASSIGNMENT.WORKSPACE_ID.eq(workspaceId).and(ROLE_ASSIGNMENT.DEPARTMENT_ID.eq(departmentId)));
    }

    /** The stored assignment of the same role to the same target, if there is one. */
    Optional<Stored> sameAs(UUID workspaceId, Stored a) {
        return db.selectFrom(ROLE_ASSIGNMENT)
                .where(ROLE_ASSIGNMENT.WORKSPACE_ID.eq(workspaceId))
                .and(ROLE_ASSIGNMENT.ROLE_ID.eq(a.roleId()))
                .and(ROLE_ASSIGNMENT.USER_ID.isNotDistinctFrom(a.userId()))
                .and(ROLE_ASSIGNMENT.DEPARTMENT_ID.isNotDistinctFrom(a.departmentId()))
                .and(ROLE_ASSIGNMENT.INCLUDE_SUBDEPARTMENTS.eq(a.includeSubdepartments()))
                .and(ROLE_ASSIGNMENT.HEADS.eq(a.heads()))
                .and(ROLE_ASSIGNMENT.TEAM_ID.isNotDistinctFrom(a.teamId()))
                .and(ROLE_ASSIGNMENT.EVERYONE.eq(a.everyone()))
                .orderBy(ROLE_ASSIGNMENT.CREATED_AT, ROLE_ASSIGNMENT.ID)
                .limit(1)
                .fetchOptional(Assignments::stored);
    }

    Optional<Stored> find(UUID workspaceId, UUID id) {
        return db.selectFrom(ROLE_ASSIGNMENT)
                .where(ROLE_ASSIGNMENT.WORKSPACE_ID.eq(workspaceId).and(ROLE_ASSIGNMENT.ID.eq(id)))
                .fetchOptional(Assignments::stored);
    }

    void delete(UUID workspaceId, UUID id) {
        db.deleteFrom(ROLE_ASSIGNMENT)
                .where(ROLE_ASSIGNMENT.WORKSPACE_ID.eq(workspaceId).and(ROLE_ASSIGNMENT.ID.eq(id)))
                .execute();
    }

    private static Stored stored(Record r) {
        return new Stored(
                r.get(ROLE_ASSIGNMENT.ID),
                r.get(ROLE_ASSIGNMENT.ROLE_ID),
                r.get(ROLE_ASSIGNMENT.USER_ID),
                r.get(ROLE_ASSIGNMENT.DEPARTMENT_ID),
                r.get(ROLE_ASSIGNMENT.INCLUDE_SUBDEPARTMENTS),
                r.get(ROLE_ASSIGNMENT.HEADS),
                r.get(ROLE_ASSIGNMENT.TEAM_ID),
                r.get(ROLE_ASSIGNMENT.EVERYONE),
                r.get(ROLE_ASSIGNMENT.EXPIRES_AT));
    }

    /** How an assignment reads in a message. */
    static String describe(Stored a) {
        if (a.userId() != null) {
            return "user " + a.userId() + " (assignment " + a.id() + ")";
        }
        if (a.departmentId() != null) {
            return (a.heads() ? "heads of department " : "department ") + a.departmentId()
                    + (a.includeSubdepartments() ? " and its subdepartments" : "")
                    + " (assignment " + a.id() + ")";
        }
        if (a.teamId() != null) {
            return "team " + a.teamId() + " (assignment " + a.id() + ")";
        }
        return "everyone (assignment " + a.id() + ")";
    }
}
