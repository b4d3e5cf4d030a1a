package io.custodia.scim;

import static org.assertj.core.api.Assertions.assertThat;

import de.captaingoldfish.scim.sdk.client.ScimClientConfig;
import de.captaingoldfish.scim.sdk.client.ScimRequestBuilder;
import de.captaingoldfish.scim.sdk.client.response.ServerResponse;
import de.captaingoldfish.scim.sdk.common.constants.EndpointPaths;
import de.captaingoldfish.scim.sdk.common.constants.enums.PatchOp;
import de.captaingoldfish.scim.sdk.common.resources.Group;
import de.captaingoldfish.scim.sdk.common.resources.User;
import de.captaingoldfish.scim.sdk.common.resources.complex.Name;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.Member;
import de.captaingoldfish.scim.sdk.common.response.ListResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SCIM SDK's own client ({@code scim-sdk-client}) against the running server: create, get,
 * filter by {@code userName}, pages, replace, deactivate by {@code PATCH} (the person's sessions
 * end and sign-in is refused), delete, and a group whose members are added and removed.
 */
class ScimSdkClientTest extends ScimTests {

    private ScimRequestBuilder client(String token) {
        ScimClientConfig config = ScimClientConfig.builder()
                .httpHeaders(Map.of("Authorization", "Bearer " + token))
                .build();
        return new ScimRequestBuilder("http://localhost:" + port() + "/scim/v2", config);
    }

    private static User user(String email, String given, String family) {
        return User.builder()
                .userName(email)
                .name(Name.builder().givenName(given).familyName(family).build())
                .active(true)
                .build();
    }

    @Test
    void theSdksClientProvisionsPeopleAndGroups() {
        Tenant t = newWorkspace();
        try (ScimRequestBuilder scim = client(scimToken(t))) {
            String email = "helena@" + t.slug() + ".test";
            ServerResponse<User> created = scim.create(User.class, EndpointPaths.USERS)
                    .setResource(user(email, "Helena", "Costa"))
                    .sendRequest();
            assertThat(created.getHttpStatus()).as(created.getResponseBody()).isEqualTo(201);
            String id = created.getResource().getId().orElseThrow();

            ServerResponse<User> read =
                    scim.get(User.class, EndpointPaths.USERS, id).sendRequest();
            assertThat(read.getHttpStatus()).isEqualTo(200);
            assertThat(read.getResource().getUserName()).contains(email);
            assertThat(read.getResource().getDisplayName()).contains("Helena Costa");

            ServerResponse<ListResponse<User>> found = scim.list(User.class, EndpointPaths.USERS)
                    .filter("userName eq \"" + email + "\"")
                    .get()
                    .sendRequest();
            assertThat(found.getHttpStatus()).as(found.getResponseBody()).isEqualTo(200);
            assertThat(found.getResource().getTotalResults()).isEqualTo(1);
            assertThat(found.getResource().getListedResources().get(0).getId()).contains(id);

            for (String name : List.of("ia", "ib", "ic")) {
                newUser(t, name + "@" + t.slug() + ".test");
            }
            // admin, helena, ia, ib, ic: the second page of two holds helena and ia.
            ServerResponse<ListResponse<User>> page = scim.list(User.class, EndpointPaths.USERS)
                    .startIndex(2)
                    .count(2)
                    .get()
                    .sendRequest();
            assertThat(page.getResource().getTotalResults()).isEqualTo(5);
            assertThat(page.getResource().getListedResources().stream()
                            .map(u -> u.getUserName().orElseThrow()))
                    .containsExactly(email, "ia@" + t.slug() + ".test");

            ServerResponse<User> replaced = scim.update(User.class, EndpointPaths.USERS, id)
                    .setResource(user(email, "Helena", "Prado"))
                    .sendRequest();
            assertThat(replaced.getHttpStatus()).as(replaced.getResponseBody()).isEqualTo(200);
            assertThat(replaced.getResource().getDisplayName()).contains("Helena Prado");

            // A person who signed in is deactivated by a PATCH on active: their token ends at once.
            String signedIn = "ines@" + t.slug() + ".test";
            UUID ines = newUser(t, signedIn);
            String session = login(t.slug(), signedIn, PASSWORD);
            ServerResponse<User> off = scim.patch(User.class, EndpointPaths.USERS, ines.toString())
                    .addOperation()
                    .path("active")
                    .op(PatchOp.REPLACE)
                    .value("false")
                    .build()
                    .sendRequest();
            assertThat(off.getHttpStatus()).as(off.getResponseBody()).isEqualTo(200);
            assertThat(off.getResource().isActive()).contains(false);
            assertThat(api().get("/api/v1/me", session).status()).isEqualTo(401);
            assertThat(api().post(
                                    "/api/v1/auth/login",
                                    null,
                                    Map.of("workspace", t.slug(), "email", signedIn, "password", PASSWORD))
                            .status())
                    .isEqualTo(401);

            ServerResponse<Group> group = scim.create(Group.class, EndpointPaths.GROUPS)
                    .setResource(Group.builder()
                            .displayName("Vendas Sul")
                            .members(List.of(Member.builder().value(id).build()))
                            .build())
                    .sendRequest();
            assertThat(group.getHttpStatus()).as(group.getResponseBody()).isEqualTo(201);
            String groupId = group.getResource().getId().orElseThrow();
            assertThat(members(t, groupId)).containsExactly(id);
            ServerResponse<Group> added = scim.patch(Group.class, EndpointPaths.GROUPS, groupId)
                    .addOperation()
                    .path("members")
                    .op(PatchOp.ADD)
                    .valueNode(Member.builder().value(ines.toString()).build())
                    .build()
                    .sendRequest();
            assertThat(added.getHttpStatus()).as(added.getResponseBody()).isEqualTo(200);
            assertThat(members(t, groupId)).containsExactlyInAnyOrder(id, ines.toString());
            ServerResponse<Group> removed = scim.patch(Group.class, EndpointPaths.GROUPS, groupId)
                    .addOperation()
                    .path("members[value eq \"" + id + "\"]")
                    .op(PatchOp.REMOVE)
                    .build()
                    .sendRequest();
            assertThat(removed.getHttpStatus()).as(removed.getResponseBody()).isEqualTo(200);
            assertThat(members(t, groupId)).containsExactly(ines.toString());

            ServerResponse<User> deleted =
                    scim.delete(User.class, EndpointPaths.USERS, id).sendRequest();
            assertThat(deleted.getHttpStatus()).isEqualTo(204);
            assertThat(scim.get(User.class, EndpointPaths.USERS, id)
                            .sendRequest()
                            .getHttpStatus())
                    .isEqualTo(404);
            assertThat(userField(t, id, "status")).isEqualTo("deactivated");
        }
    }
}
