package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CommentsAndMentionsTest extends ApiTest {
    private Tenant t;
    private UUID ana;
    private UUID bruno;
    private UUID carla;
    private String anaToken;
    private String brunoToken;
    private String carlaToken;
    private String anasDeal;

    @BeforeEach
    void salesAndSupport() {
        t = newWorkspace();
        onePipeline(t);
        Map<String, Object> body = new HashMap<>(Map.of("name", "Sales"));
        String sales = created(api().post("/api/v1/departments", t.adminToken(), body));
        body.put("name", "Support");
        String support = created(api().post("/api/v1/departments", t.adminToken(), body));
        ana = newUser(t, "ana@" + t.slug() + ".test");
        bruno = newUser(t, "bruno@" + t.slug() + ".test");
        carla = newUser(t, "carla@" + t.slug() + ".test");
        for (UUID u : List.of(ana, bruno)) {
            api().send(
                            "PUT",
                            "/api/v1/departments/" + sales + "/members/" + u,
                            t.adminToken(),
                            "application/json",
                            "{}");
        }
        api().send(
                        "PUT",
                        "/api/v1/departments/" + support + "/members/" + carla,
                        t.adminToken(),
                        "application/json",
                        "{}");
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", roleId(t, "Salesperson"), "everyone", true)));
        anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
        brunoToken = login(t.slug(), "bruno@" + t.slug() + ".test", PASSWORD);
        carlaToken = login(t.slug(), "carla@" + t.slug() + ".test", PASSWORD);
        anasDeal = created(api().post("/api/v1/deals", anaToken, Map.of("title", "Secret Title 42", "amount", 777.77)));
    }

    private JsonNode notificationsOf(String token) {
        return api().get("/api/v1/notifications", token).json().get("items");
    }

    @Test
    void mentioningAColleagueWhoCanReadTheDealNotifiesHer() {
        Api.Response comment = api().post(
                        "/api/v1/deals/" + anasDeal + "/comments",
                        anaToken,
                        Map.of("body", "@{" + bruno + "} can you call them?"));

        assertThat(comment.status()).isEqualTo(201);
        JsonNode mine = notificationsOf(brunoToken);
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).get("type").asString()).isEqualTo("mention");
        assertThat(mine.get(0).get("accessRequired").asBoolean()).isFalse();
        assertThat(mine.get(0).get("recordId").asString()).isEqualTo(anasDeal);
        String id = mine.get(0).get("id").asString();
        assertThat(api().send("POST", "/api/v1/notifications/" + id + "/read", brunoToken, null, null)
                        .status())
                .isEqualTo(204);
        assertThat(notificationsOf(brunoToken).get(0).get("read").asBoolean()).isTrue();
    }

    @Test
    void aMentionedUserWhoCannotReadTheDealIsToldAccessIsRequiredAndNothingElse() {
        api().post(
                        "/api/v1/deals/" + anasDeal + "/comments",
                        anaToken,
                        Map.of("body", "@carla@" + t.slug() + ".test please look at Secret Title 42"));

        JsonNode mine = notificationsOf(carlaToken);
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).get("accessRequired").asBoolean()).isTrue();
        assertThat(mine.get(0).get("message").asString()).contains("access is required");
        // A canary that no id or time can contain by chance ("777" alone once matched a UUID).
        assertThat(mine.toString()).doesNotContain("Secret Title 42").doesNotContain("777.77");
        assertThat(api().get("/api/v1/deals/" + anasDeal + "/comments", carlaToken)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void privateCommentsAreTheAuthorsAloneAndOnlyTheAuthorEditsOrDeletes() {
        String mine = created(api().post(
                        "/api/v1/deals/" + anasDeal + "/comments",
                        anaToken,
                        Map.of("body", "note to self @{" + bruno + "}", "private", true)));
        String shared = created(
                api().post("/api/v1/deals/" + anasDeal + "/comments", anaToken, Map.of("body", "for everyone")));

        JsonNode brunoSees = api().get("/api/v1/deals/" + anasDeal + "/comments", brunoToken)
                .json()
                .get("items");
        assertThat(brunoSees.size()).isEqualTo(1);
        assertThat(brunoSees.get(0).get("body").asString()).isEqualTo("for everyone");
        assertThat(notificationsOf(brunoToken).size()).isZero();
        assertThat(api().get("/api/v1/deals/" + anasDeal + "/comments", anaToken)
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(2);
        assertThat(api().patch(
                                "/api/v1/deals/" + anasDeal + "/comments/" + shared,
                                brunoToken,
                                Map.of("body", "hijacked"))
                        .status())
                .isEqualTo(403);
        assertThat(api().patch("/api/v1/deals/" + anasDeal + "/comments/" + mine, brunoToken, Map.of("body", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(api().patch("/api/v1/deals/" + anasDeal + "/comments/" + shared, anaToken, Map.of("body", "edited"))
                        .json()
                        .get("body")
                        .asString())
                .isEqualTo("edited");
        assertThat(api().send("DELETE", "/api/v1/deals/" + anasDeal + "/comments/" + shared, anaToken, null, null)
                        .status())
                .isEqualTo(204);
    }
}
