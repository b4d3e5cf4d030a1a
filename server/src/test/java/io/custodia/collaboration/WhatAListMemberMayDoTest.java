package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A list says what its caller may do to it (seed 004's levels), and each action answers as it says:
 * what {@code can} withholds is 403, what it offers is done. Every level and the owner, on one list.
 */
class WhatAListMemberMayDoTest extends ApiTest {
    /** The actions each level may take, written out here rather than taken from the code under test. */
    private static final Map<String, Set<String>> EXPECTED = Map.of(
            "VIEW", Set.of(),
            "EDIT", Set.of("addContacts"),
            "DELETE", Set.of("addContacts", "removeContacts"),
            "MANAGER", Set.of("addContacts", "removeContacts", "share", "hideFields"),
            "OWNER", Set.of("addContacts", "removeContacts", "share", "hideFields", "rename", "transfer", "delete"));

    @Test
    void eachLevelIsOfferedWhatItMayDoAndRefusedTheRest() {
        Tenant t = newWorkspace();
        String readsContacts = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Reads contacts",
                                "entities",
                                Map.of("contact", Map.of("read", Map.of("level", "ALL"))))));
        Map<String, UUID> people = new LinkedHashMap<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String level : List.of("OWNER", "VIEW", "EDIT", "DELETE", "MANAGER")) {
            String email = level.toLowerCase() + "@" + t.slug() + ".test";
            people.put(level, newUser(t, email));
            assign(t, readsContacts, people.get(level));
            tokens.put(level, login(t.slug(), email, PASSWORD));
        }
        UUID someone = newUser(t, "someone@" + t.slug() + ".test");
        String list = created(api().post("/api/v1/lists", tokens.get("OWNER"), Map.of("name", "Clientes SP")));
        for (String level : List.of("VIEW", "EDIT", "DELETE", "MANAGER")) {
            put(
                    tokens.get("OWNER"),
                    "/api/v1/lists/" + list + "/members/" + people.get(level),
                    "{\"level\":\"" + level + "\"}");
        }

        for (String level : List.of("VIEW", "EDIT", "DELETE", "MANAGER", "OWNER")) {
            String token = tokens.get(level);
            JsonNode can = api().get("/api/v1/lists/" + list, token).json().get("can");
            Set<String> offered = new TreeSet<>();
            can.properties().forEach(e -> {
                if (e.getValue().asBoolean()) {
                    offered.add(e.getKey());
                }
            });
            assertThat(offered).as(level).isEqualTo(new TreeSet<>(EXPECTED.get(level)));

            String contact = created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", level)));
            expect(
                    level,
                    offered,
                    "addContacts",
                    api().post("/api/v1/lists/" + list + "/contacts", token, Map.of("contactId", contact)));
            expect(
                    level,
                    offered,
                    "removeContacts",
                    api().send("DELETE", "/api/v1/lists/" + list + "/contacts/" + contact, token, null, null));
            expect(
                    level,
                    offered,
                    "share",
                    api().send(
                                    "PUT",
                                    "/api/v1/lists/" + list + "/members/" + someone,
                                    token,
                                    "application/json",
                                    "{\"level\":\"VIEW\"}"));
            expect(
                    level,
                    offered,
                    "hideFields",
                    api().send("PUT", "/api/v1/lists/" + list + "/hidden-fields", token, "application/json", "[]"));
            expect(
                    level,
                    offered,
                    "rename",
                    api().patch("/api/v1/lists/" + list, token, Map.of("name", "Clientes SP")));
            if (!offered.contains("transfer")) {
                expect(
                        level,
                        offered,
                        "transfer",
                        api().post("/api/v1/lists/" + list + "/transfer", token, Map.of("userId", someone.toString())));
            }
            if (!offered.contains("delete")) {
                expect(level, offered, "delete", api().send("DELETE", "/api/v1/lists/" + list, token, null, null));
            }
        }
        assertThat(api().send("DELETE", "/api/v1/lists/" + list, tokens.get("OWNER"), null, null)
                        .status())
                .isEqualTo(204);
    }

    private static void expect(String level, Set<String> offered, String action, Api.Response response) {
        if (offered.contains(action)) {
            assertThat(response.status())
                    .as(level + " " + action + ": " + response.body())
                    .isBetween(200, 299);
        } else {
            assertThat(response.status())
                    .as(level + " " + action + ": " + response.body())
                    .isEqualTo(403);
        }
    }

    private void put(String token, String path, String json) {
        assertThat(api().send("PUT", path, token, "application/json", json).status())
                .as("PUT " + path)
                .isEqualTo(200);
    }
}
