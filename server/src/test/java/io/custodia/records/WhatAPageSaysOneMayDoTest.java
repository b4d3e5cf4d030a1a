package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.policy.Role;
import io.custodia.policy.RoleTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A page's {@code can} (create, import, export) and a record's {@code can.comment} and, on a
 * contact, {@code can.list} are held to the answers of the very actions they announce, for a
 * holder of each role template and for a member of a shared list who holds no role.
 */
class WhatAPageSaysOneMayDoTest extends ApiTest {

    @Test
    void eachRoleTemplatesPagesAndRecordsSayWhatItsActionsThenAnswer() {
        Tenant t = newWorkspace();
        onePipeline(t);
        String south = department(t, "Sul");
        UUID colleague = newUser(t, "colega@" + t.slug() + ".test");
        join(t, south, colleague);
        Map<String, String> records = Map.of(
                "deals", record(t, "deals", Map.of("title", "Guindastes"), colleague),
                "contacts", record(t, "contacts", Map.of("firstName", "Lia"), colleague),
                "companies", record(t, "companies", Map.of("name", "Porto"), colleague));
        for (String template : RoleTemplates.all().stream().map(Role::name).toList()) {
            String email = template.replace(' ', '-').toLowerCase() + "@" + t.slug() + ".test";
            UUID user = newUser(t, email);
            join(t, south, user);
            assign(t, roleId(t, template), user);
            String token = login(t.slug(), email, PASSWORD);
            String list = created(api().post("/api/v1/lists", token, Map.of("name", "Minha")));
            for (Map.Entry<String, String> type : records.entrySet()) {
                String kind = type.getKey();
                JsonNode can =
                        api().get("/api/v1/" + kind + "?limit=1", token).json().get("can");
                Map<String, Object> body = switch (kind) {
                    case "deals" -> Map.of("title", "Nova");
                    case "contacts" -> Map.of("firstName", "Nova");
                    default -> Map.of("name", "Nova");
                };
                String csv = body.keySet().iterator().next() + "\nImportada\n";
                String as = template + " on " + kind;
                assertThat(api().post("/api/v1/" + kind, token, body).status() == 201)
                        .as(as + ": create")
                        .isEqualTo(can.get("create").asBoolean());
                Api.Response imported = api().send("POST", "/api/v1/" + kind + "/import", token, "text/csv", csv);
                assertThat(imported.status() == 200
                                && imported.json().get("failed").isEmpty())
                        .as(as + ": import " + imported.body())
                        .isEqualTo(can.get("import").asBoolean());
                assertThat(api().get("/api/v1/" + kind + "/export", token).status() == 200)
                        .as(as + ": export")
                        .isEqualTo(can.get("export").asBoolean());

                JsonNode record = api().get("/api/v1/" + kind + "/" + type.getValue(), token)
                        .json();
                assertThat(comment(kind, type.getValue(), token))
                        .as(as + ": comment")
                        .isEqualTo(record.get("can").get("comment").asBoolean());
                if (kind.equals("contacts")) {
                    assertThat(putOnList(list, type.getValue(), token))
                            .as(as + ": put on a list")
                            .isEqualTo(record.get("can").get("list").asBoolean());
                }
            }
        }
    }

    @Test
    void aListMemberWithoutARoleCommentsFromEditUpAndPutsNothingOnAnotherList() {
        Tenant t = newWorkspace();
        String contact = record(t, "contacts", Map.of("firstName", "Lia"), t.adminId());
        String list = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", "Clientes")));
        assertThat(api().post("/api/v1/lists/" + list + "/contacts", t.adminToken(), Map.of("contactId", contact))
                        .status())
                .isEqualTo(201);
        for (String level : List.of("VIEW", "EDIT")) {
            String email = level.toLowerCase() + "@" + t.slug() + ".test";
            UUID member = newUser(t, email);
            put(t, "/api/v1/lists/" + list + "/members/" + member, "{\"level\":\"" + level + "\"}");
            String token = login(t.slug(), email, PASSWORD);
            String own = created(api().post("/api/v1/lists", token, Map.of("name", "Minha")));

            JsonNode can =
                    api().get("/api/v1/contacts/" + contact, token).json().get("can");

            assertThat(can.get("comment").asBoolean()).as(level).isEqualTo(level.equals("EDIT"));
            assertThat(comment("contacts", contact, token)).as(level).isEqualTo(level.equals("EDIT"));
            assertThat(can.get("list").asBoolean()).as(level).isFalse();
            assertThat(putOnList(own, contact, token)).as(level).isFalse();
        }
    }

    private boolean comment(String kind, String id, String token) {
        Api.Response answer =
                api().post("/api/v1/" + kind + "/" + id + "/comments", token, Map.of("body", "Olá", "private", true));
        assertThat(answer.status()).as(answer.body()).isIn(201, 403);
        return answer.status() == 201;
    }

    private boolean putOnList(String list, String contact, String token) {
        Api.Response answer = api().post("/api/v1/lists/" + list + "/contacts", token, Map.of("contactId", contact));
        assertThat(answer.status()).as(answer.body()).isIn(201, 403);
        return answer.status() == 201;
    }

    private String record(Tenant t, String kind, Map<String, Object> body, UUID owner) {
        Map<String, Object> owned = new LinkedHashMap<>(body);
        owned.put("ownerId", owner.toString());
        return created(api().post("/api/v1/" + kind, t.adminToken(), owned));
    }
}
