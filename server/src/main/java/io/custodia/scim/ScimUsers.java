package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.complex.Name;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Email;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import io.custodia.directory.Passwords;
import io.custodia.directory.People;
import io.custodia.directory.Users;
import io.custodia.platform.ApiProblem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SCIM Users: the workspace's people (apps' own users are not there), created, changed and
 * deactivated through the directory's {@link People}, the service of the API's users endpoint. What
 * maps, and what SCIM may never do, is in docs/api.md ("SCIM provisioning").
 */
final class ScimUsers extends ResourceHandler<User> {
    private static final Set<String> FILTERABLE = Set.of("userName", "externalId", "id");

    private final Users users;
    private final People people;
    private final ScimUserLinks links;
    private final ScimUserInput input;
    private final Passwords passwords;

    ScimUsers(Users users, People people, ScimUserLinks links, ScimUserInput input, Passwords passwords) {
        this.users = users;
        this.people = people;
        this.links = links;
        this.input = input;
        this.passwords = passwords;
    }

    @Override
    public User createResource(User resource, Context context) {
        ScimClient client = ScimAuthorization.clientOf(context);
        ScimUserInput.Values v = input.of(resource, null);
        UUID ws = client.workspaceId();
        try {
            Optional<Users.User> existing = users.findByEmail(ws, v.email());
            Users.User user;
            if (existing.isPresent()) {
                // Only a person SCIM deleted is created again; anyone else has the e-mail already.
                if (!links.of(ws, existing.get().id()).removed() || !isPerson(existing.get())) {
                    throw taken();
                }
                // Created again: active unless the body says otherwise, as a new user would be.
                user = people.change(
                        client,
                        existing.get(),
                        renamed(existing.get(), v),
                        Boolean.FALSE.equals(v.active()) ? "deactivated" : "active");
            } else {
                user = people.create(client, v.email(), v.name(), passwords.unusable())
                        .orElseThrow(ScimUsers::taken);
                if (Boolean.FALSE.equals(v.active())) {
                    user = people.change(client, user, null, v.status());
                }
            }
            links.keep(ws, user.id(), v.link());
            return view(user, v.link());
        } catch (ApiProblem problem) {
            throw ScimRefusal.of(problem);
        }
    }

    @Override
    public User getResource(
            String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded, Context context) {
        UUID ws = ScimAuthorization.clientOf(context).workspaceId();
        Users.User user = inView(ws, id).orElseThrow(() -> ScimRefusal.notFound("user " + id));
        return view(user, links.of(ws, user.id()));
    }

    @Override
    public PartialListResponse<User> listResources(
            long startIndex,
            int count,
            FilterNode filter,
            SchemaAttribute sortBy,
            SortOrder sortOrder,
            List<SchemaAttribute> attributes,
            List<SchemaAttribute> excluded,
            Context context) {
        UUID ws = ScimAuthorization.clientOf(context).workspaceId();
        ScimFilter which = ScimFilter.of(filter, FILTERABLE);
        Optional<Users.Selection> selection = selection(ws, which);
        if (selection.isEmpty()) {
            return PartialListResponse.<User>builder()
                    .resources(List.of())
                    .totalResults(0)
                    .build();
        }
        int offset = (int) Math.min(Integer.MAX_VALUE, startIndex - 1);
        List<Users.User> people = users.persons(ws, selection.get(), offset, count);
        Map<UUID, ScimUserLinks.Link> linked =
                links.of(ws, people.stream().map(Users.User::id).toList());
        List<User> page = people.stream()
                .map(u -> view(u, linked.getOrDefault(u.id(), ScimUserLinks.Link.NONE)))
                .toList();
        return PartialListResponse.<User>builder()
                .resources(page)
                .totalResults(users.countPersons(ws, selection.get()))
                .build();
    }

    /** The people a filter selects, in SCIM's view; empty when it can select nobody. */
    private Optional<Users.Selection> selection(UUID ws, ScimFilter which) {
        List<UUID> removed = links.removed(ws);
        if (which.all()) {
            return Optional.of(new Users.Selection(null, null, removed));
        }
        if (which.on("userName")) {
            return Optional.of(new Users.Selection(which.value(), null, removed));
        }
        Optional<UUID> id = which.on("id") ? which.id() : links.byExternalId(ws, which.value());
        return id.map(i -> new Users.Selection(null, i, removed));
    }

    @Override
    public User updateResource(User resource, Context context) {
        ScimClient client = ScimAuthorization.clientOf(context);
        UUID ws = client.workspaceId();
        String id = resource.getId().orElse(null);
        Users.User user = inView(ws, id).orElseThrow(() -> ScimRefusal.notFound("user " + id));
        ScimUserInput.Values v = input.of(resource, user.name());
        if (!v.email().toLowerCase(Locale.ROOT).equals(user.email())) {
            throw new ScimRefusal(
                    400, ScimType.RFC7644.MUTABILITY, "userName (the e-mail) cannot change; create another user");
        }
        try {
            Users.User after = people.change(client, user, renamed(user, v), v.status());
            links.keep(ws, user.id(), v.link());
            return view(after, v.link());
        } catch (ApiProblem problem) {
            throw ScimRefusal.of(problem);
        }
    }

    @Override
    public void deleteResource(String id, Context context) {
        ScimClient client = ScimAuthorization.clientOf(context);
        UUID ws = client.workspaceId();
        Users.User user = inView(ws, id).orElseThrow(() -> ScimRefusal.notFound("user " + id));
        try {
            people.change(client, user, null, "deactivated");
        } catch (ApiProblem problem) {
            throw ScimRefusal.of(problem);
        }
        links.remove(ws, user.id());
    }

    private static ScimRefusal taken() {
        return new ScimRefusal(409, ScimType.RFC7644.UNIQUENESS, "a user with this userName exists in this workspace");
    }

    /** The new name the body asks for, or null when it is the name the user has. */
    private static String renamed(Users.User user, ScimUserInput.Values v) {
        return v.name().equals(user.name()) ? null : v.name();
    }

    /** The person with this id, unless SCIM deleted them. */
    private Optional<Users.User> inView(UUID ws, String id) {
        return ScimFilter.idOf(id)
                .flatMap(u -> users.findPerson(ws, u))
                .filter(u -> !links.of(ws, u.id()).removed());
    }

    private boolean isPerson(Users.User user) {
        return users.findPerson(user.workspaceId(), user.id()).isPresent();
    }

    private static User view(Users.User user, ScimUserLinks.Link link) {
        User scim = User.builder()
                .id(user.id().toString())
                .userName(user.email())
                .displayName(user.name())
                .name(Name.builder()
                        .formatted(user.name())
                        .givenName(link.givenName())
                        .familyName(link.familyName())
                        .build())
                .active(user.status().equals("active"))
                .emails(List.of(Email.builder()
                        .value(user.email())
                        .type("work")
                        .primary(true)
                        .build()))
                .meta(Meta.builder()
                        .resourceType("User")
                        .version(ScimVersions.of(
                                user.id(),
                                user.email(),
                                user.name(),
                                user.status(),
                                link.externalId(),
                                link.givenName(),
                                link.familyName()))
                        .build())
                .build();
        if (link.externalId() != null) {
            scim.setExternalId(link.externalId());
        }
        return scim;
    }
}
