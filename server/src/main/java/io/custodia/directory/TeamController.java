package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.ApiProblem;
import io.custodia.policy.SystemPermission;
import io.custodia.policy.TeamVisibility;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Teams, their visibility setting, members and supervisors ({@code users.manage} to change); audited. */
@Tag(name = "Teams")
@RestController
@RequestMapping("/api/v1/teams")
class TeamController {
    private final Teams teams;
    private final Users users;
    private final AccessPolicies access;
    private final Organisation organisation;

    TeamController(Teams teams, Users users, AccessPolicies access, Organisation organisation) {
        this.teams = teams;
        this.users = users;
        this.access = access;
        this.organisation = organisation;
    }

    record NewTeam(@NotBlank @Size(max = 200) String name, TeamVisibility visibility) {}

    record TeamChange(@Size(min = 1, max = 200) String name, TeamVisibility visibility) {}

    record Membership(Boolean supervisor) {}

    record Items<T>(List<T> items) {}

    @Operation(operationId = "listTeams", summary = "List teams")
    @GetMapping
    Items<Teams.Team> list(@AuthenticationPrincipal CurrentUser me, @RequestParam(required = false) String q) {
        return new Items<>(teams.named(me.workspaceId(), q));
    }

    @Operation(operationId = "getTeam", summary = "Get a team")
    @GetMapping("/{id}")
    Teams.Team get(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        return find(me, id);
    }

    @Operation(operationId = "createTeam", summary = "Create a team")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Transactional
    ResponseEntity<Teams.Team> create(@AuthenticationPrincipal CurrentUser me, @Valid @RequestBody NewTeam body) {
        access.require(me, SystemPermission.USERS_MANAGE);
        Teams.Team created = organisation.createTeam(me, body.name(), body.visibility());
        UUID id = created.id();
        return ResponseEntity.created(URI.create("/api/v1/teams/" + id)).body(created);
    }

    @Operation(operationId = "updateTeam", summary = "Change a team")
    @PatchMapping("/{id}")
    @Transactional
    Teams.Team update(
            @AuthenticationPrincipal CurrentUser me, @PathVariable UUID id, @Valid @RequestBody TeamChange change) {
        Teams.Team before = find(me, id);
        access.require(me, SystemPermission.USERS_MANAGE);
        String name = change.name() == null ? before.name() : change.name();
        return organisation.updateTeam(
                me, before, name, change.visibility() == null ? before.visibility() : change.visibility());
    }

    @Operation(operationId = "listTeamMembers", summary = "List a team's members")
    @GetMapping("/{id}/members")
    Items<Teams.Member> members(@AuthenticationPrincipal CurrentUser me, @PathVariable UUID id) {
        find(me, id);
        return new Items<>(teams.members(me.workspaceId(), id));
    }

    @Operation(operationId = "putTeamMember", summary = "Add a user to a team")
    @PutMapping("/{id}/members/{userId}")
    @Transactional
    Teams.Member putMember(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable UUID id,
            @PathVariable UUID userId,
            @RequestBody(required = false) Membership body) {
        find(me, id);
        users.find(me.workspaceId(), userId).orElseThrow(() -> ApiProblem.notFound("user {0}", userId));
        access.require(me, SystemPermission.USERS_MANAGE);
        boolean supervisor = body != null && Boolean.TRUE.equals(body.supervisor());
        return organisation.putTeamMember(me, id, userId, supervisor);
    }

    @Operation(operationId = "removeTeamMember", summary = "Remove a user from a team")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @DeleteMapping("/{id}/members/{userId}")
    @Transactional
    ResponseEntity<Void> removeMember(
            @AuthenticationPrincipal CurrentUser me, @PathVariable UUID id, @PathVariable UUID userId) {
        find(me, id);
        access.require(me, SystemPermission.USERS_MANAGE);
        organisation.removeTeamMember(me, id, userId);
        return ResponseEntity.noContent().build();
    }

    private Teams.Team find(CurrentUser me, UUID id) {
        return teams.find(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("team {0}", id));
    }
}
