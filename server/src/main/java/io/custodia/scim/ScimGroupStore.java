package io.custodia.scim;

import io.custodia.directory.Departments;
import io.custodia.directory.Organisation;
import io.custodia.directory.Teams;
import io.custodia.directory.Users;
import io.custodia.policy.TeamVisibility;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * SCIM's groups as the workspace's setting makes them: departments or teams, read from the
 * directory and changed through its {@link Organisation}.
 */
@Component
class ScimGroupStore {
    private final ScimSettings settings;
    private final Departments departments;
    private final Teams teams;
    private final Organisation organisation;
    private final Users users;
    private final ScimUserLinks links;

    ScimGroupStore(
            ScimSettings settings,
            Departments departments,
            Teams teams,
            Organisation organisation,
            Users users,
            ScimUserLinks links) {
        this.settings = settings;
        this.departments = departments;
        this.teams = teams;
        this.organisation = organisation;
        this.users = users;
        this.links = links;
    }

    /**
     * A group: its members SCIM sees (people it has not deleted, in id order), and all its members
     * (apps' users and people SCIM deleted too), which SCIM never takes out.
     */
    record Found(UUID id, String name, List<UUID> members, Set<UUID> allMembers) {}

    /** A group without its members, as lists read it first. */
    record Named(UUID id, String name) {}

    private boolean departmentsHere(UUID ws) {
        return settings.groups(ws) == ScimSettings.GroupKind.DEPARTMENTS;
    }

    List<Named> all(UUID ws) {
        return departmentsHere(ws)
                ? departments.all(ws).stream()
                        .map(d -> new Named(d.id(), d.name()))
                        .toList()
                : teams.all(ws).stream().map(t -> new Named(t.id(), t.name())).toList();
    }

    Optional<Found> find(UUID ws, UUID id) {
        if (departmentsHere(ws)) {
            return departments
                    .find(ws, id)
                    .map(d -> found(
                            ws,
                            d.id(),
                            d.name(),
                            departments.members(ws, id).stream()
                                    .map(Departments.Member::userId)
                                    .toList()));
        }
        return teams.find(ws, id)
                .map(t -> found(
                        ws,
                        t.id(),
                        t.name(),
                        teams.members(ws, id).stream().map(Teams.Member::userId).toList()));
    }

    private Found found(UUID ws, UUID id, String name, List<UUID> all) {
        Set<UUID> removed = new HashSet<>(links.removed(ws));
        Set<UUID> people = users.peopleAmong(ws, all);
        List<UUID> seen = all.stream()
                .filter(u -> !removed.contains(u) && people.contains(u))
                .toList();
        return new Found(id, name, seen, Set.copyOf(all));
    }

    boolean isPersonInView(UUID ws, UUID userId) {
        return users.findPerson(ws, userId).isPresent() && !links.of(ws, userId).removed();
    }

    Found create(ScimClient client, String name) {
        UUID ws = client.workspaceId();
        UUID id = departmentsHere(ws)
                ? organisation.createDepartment(client, name, null).id()
                : organisation.createTeam(client, name, TeamVisibility.TEAM).id();
        return find(ws, id).orElseThrow();
    }

    void rename(ScimClient client, Found group, String name) {
        UUID ws = client.workspaceId();
        if (departmentsHere(ws)) {
            Departments.Department before = departments.find(ws, group.id()).orElseThrow();
            organisation.updateDepartment(client, before, name, before.parentId());
        } else {
            Teams.Team before = teams.find(ws, group.id()).orElseThrow();
            organisation.updateTeam(client, before, name, before.visibility());
        }
    }

    /** Adds a plain member (a head or supervisor already there stays one: callers add only newcomers). */
    void addMember(ScimClient client, UUID group, UUID user) {
        if (departmentsHere(client.workspaceId())) {
            organisation.putDepartmentMember(client, group, user, false);
        } else {
            organisation.putTeamMember(client, group, user, false);
        }
    }

    void removeMember(ScimClient client, UUID group, UUID user) {
        if (departmentsHere(client.workspaceId())) {
            organisation.removeDepartmentMember(client, group, user);
        } else {
            organisation.removeTeamMember(client, group, user);
        }
    }

    /** Deletes a department as the API does; a team is never deleted (the API deletes none). */
    void delete(ScimClient client, Found group) {
        UUID ws = client.workspaceId();
        if (!departmentsHere(ws)) {
            throw new ScimRefusal(405, null, "teams are not deleted, through SCIM or the API");
        }
        organisation.deleteDepartment(client, departments.find(ws, group.id()).orElseThrow());
    }
}
