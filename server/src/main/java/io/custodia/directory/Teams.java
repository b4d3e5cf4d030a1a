package io.custodia.directory;

import static io.custodia.platform.db.Tables.TEAM;
import static io.custodia.platform.db.Tables.TEAM_MEMBER;

import io.custodia.platform.Searches;
import io.custodia.policy.TeamVisibility;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Service teams for conversations: who is in them, who supervises, and who sees their conversations. */
@Repository
public class Teams {
    private final DSLContext db;

    Teams(DSLContext db) {
        this.db = db;
    }

    public record Team(UUID id, String name, TeamVisibility visibility) {}

    public record Member(UUID userId, boolean supervisor) {}

    void create(UUID workspaceId, UUID id, String name, TeamVisibility visibility) {
        db.insertInto(TEAM)
                .set(TEAM.WORKSPACE_ID, workspaceId)
                .set(TEAM.ID, id)
                .set(TEAM.NAME, name.strip())
                .set(TEAM.VISIBILITY, visibility.name())
                .execute();
    }

    public Optional<Team> find(UUID workspaceId, UUID id) {
        return db.select(TEAM.ID, TEAM.NAME, TEAM.VISIBILITY)
                .from(TEAM)
                .where(TEAM.WORKSPACE_ID.eq(workspaceId).and(TEAM.ID.eq(id)))
                .fetchOptional(r -> new Team(r.value1(), r.value2(), TeamVisibility.valueOf(r.value3())));
    }

    public List<Team> all(UUID workspaceId) {
        return named(workspaceId, null);
    }

    /** The teams whose name holds the text (all of them when it is null or blank), by name. */
    public List<Team> named(UUID workspaceId, String text) {
        return db.select(TEAM.ID, TEAM.NAME, TEAM.VISIBILITY)
                .from(TEAM)
                .where(TEAM.WORKSPACE_ID.eq(workspaceId))
                .and(Searches.nameHolds(TEAM.NAME, text))
                .orderBy(TEAM.NAME, TEAM.ID)
                .fetch(r -> new Team(r.value1(), r.value2(), TeamVisibility.valueOf(r.value3())));
    }

    void update(UUID workspaceId, UUID id, String name, TeamVisibility visibility) {
        db.update(TEAM)
                .set(TEAM.NAME, name)
                .set(TEAM.VISIBILITY, visibility.name())
                .where(TEAM.WORKSPACE_ID.eq(workspaceId).and(TEAM.ID.eq(id)))
                .execute();
    }

    public List<Member> members(UUID workspaceId, UUID id) {
        return db.select(TEAM_MEMBER.USER_ID, TEAM_MEMBER.SUPERVISOR)
                .from(TEAM_MEMBER)
                .where(TEAM_MEMBER.WORKSPACE_ID.eq(workspaceId).and(TEAM_MEMBER.TEAM_ID.eq(id)))
                .orderBy(TEAM_MEMBER.USER_ID)
                .fetch(r -> new Member(r.value1(), r.value2()));
    }

    Optional<Member> member(UUID workspaceId, UUID id, UUID userId) {
        return db.select(TEAM_MEMBER.USER_ID, TEAM_MEMBER.SUPERVISOR)
                .from(TEAM_MEMBER)
                .where(TEAM_MEMBER
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(TEAM_MEMBER.TEAM_ID.eq(id))
                        .and(TEAM_MEMBER.USER_ID.eq(userId)))
                .fetchOptional(r -> new Member(r.value1(), r.value2()));
    }

    void putMember(UUID workspaceId, UUID id, UUID userId, boolean supervisor) {
        db.insertInto(TEAM_MEMBER)
                .set(TEAM_MEMBER.WORKSPACE_ID, workspaceId)
                .set(TEAM_MEMBER.TEAM_ID, id)
                .set(TEAM_MEMBER.USER_ID, userId)
                .set(TEAM_MEMBER.SUPERVISOR, supervisor)
                .onConflict(TEAM_MEMBER.WORKSPACE_ID, TEAM_MEMBER.TEAM_ID, TEAM_MEMBER.USER_ID)
                .doUpdate()
                .set(TEAM_MEMBER.SUPERVISOR, supervisor)
                .execute();
    }

    void removeMember(UUID workspaceId, UUID id, UUID userId) {
        db.deleteFrom(TEAM_MEMBER)
                .where(TEAM_MEMBER
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(TEAM_MEMBER.TEAM_ID.eq(id))
                        .and(TEAM_MEMBER.USER_ID.eq(userId)))
                .execute();
    }
}
