package io.custodia.directory;

import io.custodia.access.AccessPolicies;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.Cursors;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workspace's users. Everyone signed in may list and read them (to mention, assign, share);
 * creating, renaming and deactivating needs {@code users.manage}. A deactivated user cannot sign
 * in, its tokens and sessions end for good (reactivating brings none back), and it keeps owning its
 * records.
 */
@Tag(name = "Users")
@RestController
@RequestMapping("/api/v1/users")
class UserController {
    /** The statuses a user has, as {@code GET /api/v1/users?status=} filters them. */
    private static final Set<String> STATUSES = Set.of("active", "deactivated");
    /** Most ids one list asks for: a page of records names at most 200 people. */
    private static final int MAX_IDS = 200;

    private final Users users;
    private final People people;
    private final Passwords passwords;
    private final PasswordPolicy passwordPolicy;
    private final Workspaces workspaces;
    private final AccessPolicies access;
    private final Cursors cursors;

    UserController(
            Cursors cursors,
            Users users,
            People people,
            Passwords passwords,
            PasswordPolicy passwordPolicy,
            Workspaces workspaces,
            AccessPolicies access) {
        this.cursors = cursors;
        this.users = users;
        this.people = people;
        this.passwords = passwords;
        this.passwordPolicy = passwordPolicy;
        this.workspaces = workspaces;
        this.access = access;
    }

    record NewUser(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Size(min = 8, max = 128) String password) {}

    record UserChange(
            @Size(min = 1, max = 200) String name,

            @Pattern(regexp = "active|deactivated", message = "expected active or deactivated")
            String status) {}

    record UserView(UUID id, String email, String name, String status) {
        static UserView of(Users.User u) {
            return new UserView(u.id(), u.email(), u.name(), u.status());
        }
    }

    @Operation(operationId = "createUser", summary = "Create a user")
    @ResponseStatus(HttpStatus.CREATED)
    @PostMapping
    @Transactional
    ResponseEntity<UserView> create(@AuthenticationPrincipal CurrentUser me, @Valid @RequestBody NewUser body) {
        access.require(me, SystemPermission.USERS_MANAGE);
        Workspaces.Summary workspace = workspaces.summary(me.workspaceId());
        passwordPolicy.require(
                "password", body.password(), body.email(), body.name(), workspace.slug(), workspace.name());
        Users.User user = people.create(me, body.email(), body.name(), passwords.hash(body.password()))
                .orElseThrow(() -> ApiProblem.conflict(
                        "a user with the e-mail {0} exists in this workspace", Users.normalise(body.email())));
        UUID id = user.id();
        UserView created = UserView.of(user);
        return ResponseEntity.created(URI.create("/api/v1/users/" + id)).body(created);
    }

    @Operation(operationId = "listUsers", summary = "List users")
    @GetMapping
    Cursors.Page<UserView> list(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) UUID teamId,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) List<String> id,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Cursors.limit(limit);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.invalid("status", "expected active or deactivated");
        }
        Set<UUID> ids = id == null ? null : ids(id);
        String after = cursor == null ? null : cursors.decode(cursor, 1).get(0);
        List<Users.User> page = users.page(me.workspaceId(), q, teamId, status, ids, after, size + 1);
        boolean more = page.size() > size;
        List<UserView> items = page.stream().limit(size).map(UserView::of).toList();
        return new Cursors.Page<>(
                items, more ? cursors.encode(items.get(items.size() - 1).email()) : null);
    }

    /** The ids of {@code id=a,b} and of {@code id=a&id=b}, mixed as well: at most 200 (422), each an id (400). */
    private static Set<UUID> ids(List<String> values) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (String value : values) {
            for (String one : value.split(",", -1)) {
                try {
                    ids.add(UUID.fromString(one.strip()));
                } catch (IllegalArgumentException notAnId) {
                    throw ApiProblem.badRequest("id: expected user ids separated by commas");
                }
                if (ids.size() > MAX_IDS) {
                    throw ApiProblem.invalid("id", "at most {0} ids", MAX_IDS);
                }
            }
        }
        return ids;
    }

    @Operation(operationId = "getUser", summary = "Get a user")
    @GetMapping("/{id}")
    UserView get(@AuthenticationPrincipal WorkspacePrincipal me, @PathVariable UUID id) {
        return users.find(me.workspaceId(), id)
                .map(UserView::of)
                .orElseThrow(() -> ApiProblem.notFound("user {0}", id));
    }

    @Operation(operationId = "updateUser", summary = "Rename, deactivate or reactivate a user")
    @PatchMapping("/{id}")
    @Transactional
    UserView update(
            @AuthenticationPrincipal CurrentUser me, @PathVariable UUID id, @Valid @RequestBody UserChange change) {
        Users.User user = users.find(me.workspaceId(), id).orElseThrow(() -> ApiProblem.notFound("user {0}", id));
        access.require(me, SystemPermission.USERS_MANAGE);
        if (change.status() != null && change.status().equals("deactivated") && id.equals(me.id())) {
            throw ApiProblem.invalid("status", "you cannot deactivate yourself");
        }
        return UserView.of(people.change(me, user, change.name(), change.status()));
    }
}
