package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Member;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import io.custodia.platform.ApiProblem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SCIM Groups: the workspace's departments or teams (its setting), named and given members through
 * the directory's {@link io.custodia.directory.Organisation}, the service of the API's directory
 * endpoints, so that every member added or removed changes access at once on every node and is
 * audited as the API's change is.
 */
final class ScimGroups extends ResourceHandler<Group> {
    private static final Set<String> FILTERABLE = Set.of("displayName", "externalId", "id");

    private final ScimGroupStore store;

    ScimGroups(ScimGroupStore store) {
        this.store = store;
    }

    @Override
    public Group createResource(Group resource, Context context) {
        ScimClient client = ScimAuthorization.clientOf(context);
        String name = nameOf(resource);
        Set<UUID> members = membersOf(client.workspaceId(), resource);
        try {
            ScimGroupStore.Found created = store.create(client, name);
            members.forEach(m -> store.addMember(client, created.id(), m));
            return view(store.find(client.workspaceId(), created.id()).orElseThrow());
        } catch (ApiProblem problem) {
            throw ScimRefusal.of(problem);
        }
    }

    @Override
    public Group getResource(
            String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excluded, Context context) {
        UUID ws = ScimAuthorization.clientOf(context).workspaceId();
        return view(found(ws, id));
    }

    @Override
    public PartialListResponse<Group> listResources(
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
        // The externalId of a group is not kept, so it selects nothing.
        List<ScimGroupStore.Named> matching = which.on("externalId")
                ? List.of()
                : store.all(ws).stream()
                        .filter(g -> which.all()
                                || (which.on("displayName") && g.name().equals(which.value()))
                                || (which.on("id")
                                        && which.id().filter(g.id()::equals).isPresent()))
                        .toList();
        List<Group> page = matching.stream()
                .skip(startIndex - 1)
                .limit(count)
                .map(g -> view(store.find(ws, g.id()).orElseThrow()))
                .toList();
        return PartialListResponse.<Group>builder()
                .resources(page)
                .totalResults(matching.size())
                .build();
    }

    @Override
    public Group updateResource(Group resource, Context context) {
        ScimClient client = ScimAuthorization.clientOf(context);
        UUID ws = client.workspaceId();
        ScimGroupStore.Found before = found(ws, resource.getId().orElse(null));
        String name = nameOf(resource);
        Set<UUID> wanted = membersOf(ws, resource);
        try {
            if (!name.equals(before.name())) {
                store.rename(client, before, name);
            }
            // Only members SCIM can see are taken away: apps' users and people SCIM deleted stay.
            before.members().stream()
                    .filter(m -> !wanted.contains(m))
                    .forEach(m -> store.removeMember(client, before.id(), m));
            wanted.stream()
                    .filter(m -> !before.allMembers().contains(m))
                    .forEach(m -> store.addMember(client, before.id(), m));
        } catch (ApiProblem problem) {
            throw ScimRefusal.of(problem);
        }
        return view(store.find(ws, before.id()).orElseThrow());
    }

    @Override
    public void deleteResource(String id, Context context) {
        ScimClient client = ScimAuthorization.clientOf(context);
        ScimGroupStore.Found group = found(client.workspaceId(), id);
        try {
            store.delete(client, group);
        } catch (ApiProblem problem) {
            throw ScimRefusal.of(problem);
        }
    }

    private ScimGroupStore.Found found(UUID ws, String id) {
        return ScimFilter.idOf(id)
                .flatMap(g -> store.find(ws, g))
                .orElseThrow(() -> ScimRefusal.notFound("group " + id));
    }

    private static String nameOf(Group group) {
        String name = group.getDisplayName().map(String::strip).orElse("");
        if (name.isEmpty() || name.length() > 200) {
            throw ScimRefusal.invalidValue("displayName: must be 1 to 200 characters");
        }
        return name;
    }

    /** The members a body names, each a person in SCIM's view (400 otherwise). */
    private Set<UUID> membersOf(UUID ws, Group group) {
        Set<UUID> members = new LinkedHashSet<>();
        for (Member member : group.getMembers()) {
            String value = member.getValue().orElse(null);
            Optional<UUID> id = ScimFilter.idOf(value).filter(u -> store.isPersonInView(ws, u));
            members.add(id.orElseThrow(() -> ScimRefusal.invalidValue("members: no such user " + value)));
        }
        return members;
    }

    private static Group view(ScimGroupStore.Found group) {
        return Group.builder()
                .id(group.id().toString())
                .displayName(group.name())
                .members(group.members().stream()
                        .map(m -> Member.builder()
                                .value(m.toString())
                                .type("User")
                                .build())
                        .toList())
                .meta(Meta.builder()
                        .resourceType("Group")
                        .version(ScimVersions.of(group.id(), group.name(), group.members()))
                        .build())
                .build();
    }
}
