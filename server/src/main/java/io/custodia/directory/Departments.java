package io.custodia.directory;

import static io.custodia.platform.db.Tables.DEPARTMENT;
import static io.custodia.platform.db.Tables.DEPARTMENT_MEMBER;

import io.custodia.access.Assignments;
import io.custodia.access.SharingRules;
import io.custodia.platform.ProblemText;
import io.custodia.platform.Searches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** The department tree of each workspace, its members and heads. */
@Repository
public class Departments {
    private final DSLContext db;
    private final Assignments assignments;
    private final SharingRules sharingRules;

    Departments(DSLContext db, Assignments assignments, SharingRules sharingRules) {
        this.sharingRules = sharingRules;
        this.db = db;
        this.assignments = assignments;
    }

    public record Department(UUID id, String name, UUID parentId) {}

    public record Member(UUID userId, boolean head) {}

    void create(UUID workspaceId, UUID id, String name, UUID parentId) {
        db.insertInto(DEPARTMENT)
                .set(DEPARTMENT.WORKSPACE_ID, workspaceId)
                .set(DEPARTMENT.ID, id)
                .set(DEPARTMENT.NAME, name.strip())
                .set(DEPARTMENT.PARENT_ID, parentId)
                .execute();
    }

    public Optional<Department> find(UUID workspaceId, UUID id) {
        return db.select(DEPARTMENT.ID, DEPARTMENT.NAME, DEPARTMENT.PARENT_ID)
                .from(DEPARTMENT)
                .where(DEPARTMENT.WORKSPACE_ID.eq(workspaceId).and(DEPARTMENT.ID.eq(id)))
                .fetchOptional(r -> new Department(r.value1(), r.value2(), r.value3()));
    }

    public List<Department> all(UUID workspaceId) {
        return named(workspaceId, null);
    }

    /** The departments whose name holds the text (all of them when it is null or blank), by name. */
    public List<Department> named(UUID workspaceId, String text) {
        return db.select(DEPARTMENT.ID, DEPARTMENT.NAME, DEPARTMENT.PARENT_ID)
                .from(DEPARTMENT)
                .where(DEPARTMENT.WORKSPACE_ID.eq(workspaceId))
                .and(Searches.nameHolds(DEPARTMENT.NAME, text))
                .orderBy(DEPARTMENT.NAME, DEPARTMENT.ID)
                .fetch(r -> new Department(r.value1(), r.value2(), r.value3()));
    }

    /** Whether {@code candidate} is {@code department} itself or lies below it. */
    boolean isSelfOrBelow(UUID workspaceId, UUID department, UUID candidate) {
        Map<UUID, UUID> parents = new HashMap<>();
        all(workspaceId).forEach(d -> parents.put(d.id(), d.parentId()));
        int steps = 0;
        for (UUID at = candidate; at != null && steps <= parents.size(); at = parents.get(at), steps++) {
            if (at.equals(department)) {
                return true;
            }
        }
        return false;
    }

    void update(UUID workspaceId, UUID id, String name, UUID parentId) {
        db.update(DEPARTMENT)
                .set(DEPARTMENT.NAME, name)
                .set(DEPARTMENT.PARENT_ID, parentId)
                .where(DEPARTMENT.WORKSPACE_ID.eq(workspaceId).and(DEPARTMENT.ID.eq(id)))
                .execute();
    }

    List<ProblemText> blockersOfDelete(UUID workspaceId, UUID id) {
        List<ProblemText> blockers = new ArrayList<>();
        int members = db.fetchCount(
                DEPARTMENT_MEMBER,
                DEPARTMENT_MEMBER.WORKSPACE_ID.eq(workspaceId).and(DEPARTMENT_MEMBER.DEPARTMENT_ID.eq(id)));
        if (members > 0) {
            blockers.add(ProblemText.of("{0} member(s)", members));
        }
        db.select(DEPARTMENT.NAME)
                .from(DEPARTMENT)
                .where(DEPARTMENT.WORKSPACE_ID.eq(workspaceId).and(DEPARTMENT.PARENT_ID.eq(id)))
                .forEach(r -> blockers.add(ProblemText.of("subdepartment '{0}'", r.value1())));
        int assignments = this.assignments.countToDepartment(workspaceId, id);
        if (assignments > 0) {
            blockers.add(ProblemText.of("{0} role assignment(s)", assignments));
        }
        int rules = sharingRules.countNaming(workspaceId, id);
        if (rules > 0) {
            blockers.add(ProblemText.of("{0} sharing rule(s)", rules));
        }
        return blockers;
    }

    void delete(UUID workspaceId, UUID id) {
        db.deleteFrom(DEPARTMENT)
                .where(DEPARTMENT.WORKSPACE_ID.eq(workspaceId).and(DEPARTMENT.ID.eq(id)))
                .execute();
    }

    public List<Member> members(UUID workspaceId, UUID id) {
        return db.select(DEPARTMENT_MEMBER.USER_ID, DEPARTMENT_MEMBER.HEAD)
                .from(DEPARTMENT_MEMBER)
                .where(DEPARTMENT_MEMBER.WORKSPACE_ID.eq(workspaceId).and(DEPARTMENT_MEMBER.DEPARTMENT_ID.eq(id)))
                .orderBy(DEPARTMENT_MEMBER.USER_ID)
                .fetch(r -> new Member(r.value1(), r.value2()));
    }

    /** Adds or updates a membership; answers the previous one, if any. */
    Optional<Member> putMember(UUID workspaceId, UUID id, UUID userId, boolean head) {
        Optional<Member> before = member(workspaceId, id, userId);
        db.insertInto(DEPARTMENT_MEMBER)
                .set(DEPARTMENT_MEMBER.WORKSPACE_ID, workspaceId)
                .set(DEPARTMENT_MEMBER.DEPARTMENT_ID, id)
                .set(DEPARTMENT_MEMBER.USER_ID, userId)
                .set(DEPARTMENT_MEMBER.HEAD, head)
                .onConflict(DEPARTMENT_MEMBER.WORKSPACE_ID, DEPARTMENT_MEMBER.DEPARTMENT_ID, DEPARTMENT_MEMBER.USER_ID)
                .doUpdate()
                .set(DEPARTMENT_MEMBER.HEAD, head)
                .execute();
        return before;
    }

    Optional<Member> member(UUID workspaceId, UUID id, UUID userId) {
        return db.select(DEPARTMENT_MEMBER.USER_ID, DEPARTMENT_MEMBER.HEAD)
                .from(DEPARTMENT_MEMBER)
                .where(DEPARTMENT_MEMBER
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(DEPARTMENT_MEMBER.DEPARTMENT_ID.eq(id))
                        .and(DEPARTMENT_MEMBER.USER_ID.eq(userId)))
                .fetchOptional(r -> new Member(r.value1(), r.value2()));
    }

    boolean removeMember(UUID workspaceId, UUID id, UUID userId) {
        return db.deleteFrom(DEPARTMENT_MEMBER)
                        .where(DEPARTMENT_MEMBER
                                .WORKSPACE_ID
                                .eq(workspaceId)
                                .and(DEPARTMENT_MEMBER.DEPARTMENT_ID.eq(id))
                                .and(DEPARTMENT_MEMBER.USER_ID.eq(userId)))
                        .execute()
                == 1;
    }
}
