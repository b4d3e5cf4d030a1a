package io.custodia.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConversationsTest extends ApiTest {

    /** A team of a supervisor and two members, with an outsider, a contact and tokens for all. */
    private final class Inbox {
        final Tenant t = newWorkspace();
        final String team;
        final String contact;
        final UUID supervisor = newUser(t, "sup@" + t.slug() + ".test");
        final UUID ana = newUser(t, "ana@" + t.slug() + ".test");
        final UUID bruno = newUser(t, "bruno@" + t.slug() + ".test");
        final UUID outsider = newUser(t, "out@" + t.slug() + ".test");
        final Map<UUID, String> tokens = new HashMap<>();

        Inbox(String visibility) {
            team = created(
                    api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support", "visibility", visibility)));
            Conversing.joinTeam(api(), t, team, supervisor, true);
            Conversing.joinTeam(api(), t, team, ana, false);
            Conversing.joinTeam(api(), t, team, bruno, false);
            for (UUID u : List.of(supervisor, ana, bruno, outsider)) {
                tokens.put(
                        u,
                        login(
                                t.slug(),
                                api().get("/api/v1/users/" + u, t.adminToken())
                                        .json()
                                        .get("email")
                                        .asString(),
                                PASSWORD));
            }
            contact = created(api().post(
                            "/api/v1/contacts",
                            t.adminToken(),
                            Map.of("firstName", "Carla", "email", "carla@example.com")));
        }

        String open(UUID attendant, String subject) {
            Map<String, Object> body = new HashMap<>();
            body.put("teamId", team);
            body.put("contactId", contact);
            body.put("channel", "email");
            body.put("subject", subject);
            if (attendant != null) {
                body.put("attendantId", attendant.toString());
            }
            return created(api().post("/api/v1/conversations", t.adminToken(), body));
        }

        Api.Response assign(UUID as, String conversation, UUID to) {
            Map<String, Object> body = new HashMap<>();
            body.put("attendantId", to == null ? null : to.toString());
            return api().post("/api/v1/conversations/" + conversation + "/assign", tokens.get(as), body);
        }
    }

    @Test
    void tabsPageWithKeysetCursorsLatestActivityFirst() {
        Inbox inbox = new Inbox("TEAM");
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(inbox.open(inbox.ana, "mine " + i));
        }
        // A message moves the oldest conversation to the top.
        Api.Response wrote = api().post(
                        "/api/v1/conversations/" + opened.get(0) + "/messages",
                        inbox.tokens.get(inbox.ana),
                        Map.of("body", "Olá Carla"));
        assertThat(wrote.status()).as(wrote.body()).isEqualTo(201);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api().get(
                            "/api/v1/conversations?tab=mine&limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                            inbox.tokens.get(inbox.ana));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
            page.json().get("items").forEach(i -> seen.add(i.get("id").asString()));
            cursor = page.json().has("nextCursor")
                    ? page.json().get("nextCursor").asString()
                    : null;
        } while (cursor != null);
        assertThat(seen).containsExactly(opened.get(0), opened.get(4), opened.get(3), opened.get(2), opened.get(1));
        assertThat(api().get("/api/v1/conversations?tab=inbox", inbox.tokens.get(inbox.ana))
                        .status())
                .isEqualTo(422);
        assertThat(api().get("/api/v1/conversations?tab=mine&cursor=nonsense", inbox.tokens.get(inbox.ana))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void membersTakeFromTheQueueAttendantsHandOverAndSupervisorsAssignAnything() {
        Inbox inbox = new Inbox("TEAM");
        String queued = inbox.open(null, "waiting");
        assertThat(Conversing.ids(api(), "/api/v1/conversations?tab=queue&limit=50", inbox.tokens.get(inbox.ana)))
                .containsExactly(queued);

        assertThat(inbox.assign(inbox.ana, queued, inbox.bruno).status())
                .as("a member may not give a queued conversation to someone else")
                .isEqualTo(403);
        Api.Response taken = inbox.assign(inbox.ana, queued, inbox.ana);
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        assertThat(taken.json().get("tab").asString()).isEqualTo("mine");
        assertThat(inbox.assign(inbox.bruno, queued, inbox.bruno).status())
                .as("taking one that somebody attends")
                .isEqualTo(403);
        assertThat(inbox.assign(inbox.outsider, queued, inbox.outsider).status())
                .as("an outsider does not even see it")
                .isEqualTo(404);
        assertThat(inbox.assign(inbox.ana, queued, inbox.outsider).status())
                .as("only members attend")
                .isEqualTo(422);

        assertThat(inbox.assign(inbox.ana, queued, inbox.bruno).status()).isEqualTo(200);
        assertThat(Conversing.ids(api(), "/api/v1/conversations?tab=mine&limit=50", inbox.tokens.get(inbox.bruno)))
                .containsExactly(queued);
        assertThat(Conversing.ids(api(), "/api/v1/conversations?tab=others&limit=50", inbox.tokens.get(inbox.ana)))
                .containsExactly(queued);

        assertThat(inbox.assign(inbox.supervisor, queued, null).status()).isEqualTo(200);
        assertThat(Conversing.ids(api(), "/api/v1/conversations?tab=queue&limit=50", inbox.tokens.get(inbox.ana)))
                .containsExactly(queued);

        JsonNode audit = api().get("/api/v1/audit?targetType=conversation&targetId=" + queued, inbox.t.adminToken())
                .json();
        assertThat(audit.get("items")
                        .valueStream()
                        .filter(e -> e.get("action").asString().equals("conversation.assigned"))
                        .count())
                .isEqualTo(3);
    }

    @Test
    void onlyTheAttendantSupervisorsAndViewAllWriteCompleteAndReopen() {
        Inbox inbox = new Inbox("TEAM");
        String c = inbox.open(inbox.ana, "handled by Ana");
        assertThat(api().post(
                                "/api/v1/conversations/" + c + "/messages",
                                inbox.tokens.get(inbox.bruno),
                                Map.of("body", "I see it but it is not mine"))
                        .status())
                .isEqualTo(403);
        assertThat(api().post("/api/v1/conversations/" + c + "/complete", inbox.tokens.get(inbox.bruno), Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api().post("/api/v1/conversations/" + c + "/complete", inbox.tokens.get(inbox.ana), Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(api().post(
                                "/api/v1/conversations/" + c + "/messages",
                                inbox.tokens.get(inbox.ana),
                                Map.of("body", "too late"))
                        .status())
                .isEqualTo(409);
        assertThat(api().post("/api/v1/conversations/" + c + "/complete", inbox.tokens.get(inbox.ana), Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(Conversing.ids(api(), "/api/v1/conversations?tab=completed&limit=50", inbox.tokens.get(inbox.bruno)))
                .containsExactly(c);
        assertThat(api().post("/api/v1/conversations/" + c + "/reopen", inbox.tokens.get(inbox.supervisor), Map.of())
                        .status())
                .isEqualTo(200);
        JsonNode messages = api().get("/api/v1/conversations/" + c, inbox.tokens.get(inbox.ana))
                .json();
        assertThat(messages.get("state").asString()).isEqualTo("OPEN");
        assertThat(messages.get("messages").size())
                .as("refused messages are not kept")
                .isZero();
        assertThat(api().get("/api/v1/audit?targetType=conversation&targetId=" + c, inbox.t.adminToken())
                        .body())
                .contains("conversation.opened", "conversation.completed", "conversation.reopened");
    }

    @Test
    void eachConversationSaysWhatItsReaderMayDoAndTheActionsAgree() {
        Inbox inbox = new Inbox("TEAM");
        String queued = inbox.open(null, "queued");
        String anas = inbox.open(inbox.ana, "ana's");

        assertThat(can(inbox, inbox.bruno, queued)).isEqualTo("take");
        assertThat(can(inbox, inbox.bruno, anas)).isEmpty();
        assertThat(can(inbox, inbox.ana, anas)).isEqualTo("write complete assign");
        assertThat(can(inbox, inbox.supervisor, anas)).isEqualTo("write complete take assign");

        assertThat(api().post(
                                "/api/v1/conversations/" + anas + "/messages",
                                inbox.tokens.get(inbox.bruno),
                                Map.of("body", "hi"))
                        .status())
                .isEqualTo(403);
        assertThat(inbox.assign(inbox.bruno, anas, inbox.bruno).status()).isEqualTo(403);
        assertThat(inbox.assign(inbox.bruno, queued, inbox.bruno).status()).isEqualTo(200);
        assertThat(api().post("/api/v1/conversations/" + anas + "/complete", inbox.tokens.get(inbox.ana), Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(can(inbox, inbox.ana, anas)).as("completed").isEqualTo("reopen");
    }

    @Test
    void theListIsFilteredByTeamWithinWhatTheCallerSees() {
        Inbox inbox = new Inbox("TEAM");
        String support = inbox.open(inbox.ana, "support");
        String sales = created(
                api().post("/api/v1/teams", inbox.t.adminToken(), Map.of("name", "Vendas", "visibility", "TEAM")));
        Map<String, Object> body = new HashMap<>();
        body.put("teamId", sales);
        body.put("contactId", inbox.contact);
        body.put("channel", "email");
        body.put("subject", "sales");
        String salesConversation = created(api().post("/api/v1/conversations", inbox.t.adminToken(), body));

        assertThat(ids(inbox.t.adminToken(), "")).contains(support, salesConversation);
        assertThat(ids(inbox.t.adminToken(), "?teamId=" + inbox.team)).containsExactly(support);
        assertThat(ids(inbox.t.adminToken(), "?teamId=" + sales)).containsExactly(salesConversation);
        assertThat(ids(inbox.tokens.get(inbox.ana), "?teamId=" + sales))
                .as("a team whose conversations she may not see gives her nothing")
                .isEmpty();
    }

    private List<String> ids(String token, String query) {
        return api().get("/api/v1/conversations" + query, token)
                .json()
                .get("items")
                .valueStream()
                .map(c -> c.get("id").asString())
                .toList();
    }

    /** The actions a conversation's {@code can} offers this user, in its order, space-separated. */
    private String can(Inbox inbox, UUID user, String conversation) {
        JsonNode can = api().get("/api/v1/conversations/" + conversation, inbox.tokens.get(user))
                .json()
                .get("can");
        return String.join(
                " ",
                can.properties().stream()
                        .filter(e -> e.getValue().asBoolean())
                        .map(Map.Entry::getKey)
                        .toList());
    }

    @Test
    void changingTheSettingOrTheTeamAppliesToEveryConversationOnTheNextRequest() {
        Inbox inbox = new Inbox("TEAM");
        String c = inbox.open(inbox.ana, "sensitive");
        String brunoToken = inbox.tokens.get(inbox.bruno);
        assertThat(api().get("/api/v1/conversations/" + c, brunoToken).status()).isEqualTo(200);

        assertThat(api().patch("/api/v1/teams/" + inbox.team, inbox.t.adminToken(), Map.of("visibility", "ATTENDANT"))
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/conversations/" + c, brunoToken).status()).isEqualTo(404);
        assertThat(Conversing.ids(api(), "/api/v1/conversations?tab=others&limit=50", brunoToken))
                .isEmpty();
        assertThat(Conversing.ids(
                        api(), "/api/v1/conversations?tab=others&limit=50", inbox.tokens.get(inbox.supervisor)))
                .containsExactly(c);

        Conversing.joinTeam(api(), inbox.t, inbox.team, inbox.bruno, true);
        assertThat(api().get("/api/v1/conversations/" + c, brunoToken).status())
                .as("made a supervisor")
                .isEqualTo(200);
        Conversing.leaveTeam(api(), inbox.t, inbox.team, inbox.bruno);
        assertThat(api().get("/api/v1/conversations/" + c, brunoToken).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/audit?action=team.visibility.changed", inbox.t.adminToken())
                        .body())
                .contains(inbox.team);
    }

    @Test
    void theContactIsShownOnlyAsFarAsTheViewerCanReadIt() {
        Inbox inbox = new Inbox("TEAM");
        String c = inbox.open(inbox.ana, "who is this?");
        JsonNode unread = api().get("/api/v1/conversations/" + c, inbox.tokens.get(inbox.ana))
                .json();
        assertThat(unread.get("contactReadable").asBoolean()).isFalse();
        assertThat(unread.get("contact").isNull()).isTrue();
        assertThat(unread.toString()).doesNotContain("Carla", "carla@example.com", inbox.contact);

        Conversing.grant(
                api(),
                inbox.t,
                inbox.ana,
                Map.of(
                        "entities", Map.of("contact", Map.of("read", Map.of("level", "ALL"))),
                        "fields", Map.of("contact", Map.of("email", "HIDDEN"))));
        JsonNode read = api().get("/api/v1/conversations/" + c, inbox.tokens.get(inbox.ana))
                .json();
        assertThat(read.get("contactReadable").asBoolean()).isTrue();
        assertThat(read.get("contact").get("firstName").asString()).isEqualTo("Carla");
        assertThat(read.get("contact").has("email")).as("hidden field").isFalse();
        assertThat(read.toString()).doesNotContain("carla@example.com");

        assertThat(api().post(
                                "/api/v1/conversations",
                                inbox.tokens.get(inbox.bruno),
                                Map.of(
                                        "teamId",
                                        inbox.team,
                                        "contactId",
                                        inbox.contact,
                                        "channel",
                                        "email",
                                        "subject",
                                        "a contact Bruno cannot read"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void explainSaysWhichRuleLetsAUserSeeAConversation() {
        Inbox inbox = new Inbox("ATTENDANT");
        String c = inbox.open(inbox.ana, "vip");
        JsonNode bruno = api().get(
                        "/api/v1/access/explain?userId=" + inbox.bruno + "&entity=conversation&action=read&recordId="
                                + c,
                        inbox.t.adminToken())
                .json();
        assertThat(bruno.get("allowed").asBoolean()).isFalse();
        assertThat(bruno.get("summary").asString()).contains("visibility ATTENDANT");
        // Said as phrases too (issue #28), which the console writes in the reader's language.
        assertThat(bruno.get("summaryText").get(0).get("code").asString()).isEqualTo("conversation.mayNotSee");
        assertThat(bruno.get("paths").get(0).get("text").get(0).get("code").asString())
                .isEqualTo("conversation.notViewAll");
        JsonNode supervisor = api().get(
                        "/api/v1/access/explain?userId=" + inbox.supervisor
                                + "&entity=conversation&action=read&recordId=" + c,
                        inbox.t.adminToken())
                .json();
        assertThat(supervisor.get("allowed").asBoolean()).isTrue();
        assertThat(supervisor
                        .get("paths")
                        .valueStream()
                        .filter(p -> p.get("admits").asBoolean())
                        .map(p -> p.get("path").asString()))
                .containsExactly("supervisor");
        assertThat(api().get(
                                "/api/v1/access/explain?userId=" + inbox.bruno
                                        + "&entity=conversation&action=read&recordId=" + c,
                                inbox.tokens.get(inbox.bruno))
                        .status())
                .as("a user asking about itself must see the conversation to have it explained")
                .isEqualTo(404);
    }

    /** The events of one user's stream on this server, as they arrive. */
    private final class Stream extends LiveStream {
        Stream(String token) throws InterruptedException {
            super(port(), token);
        }
    }

    @Test
    void theLiveStreamCarriesOnlyWhatTheUserMaySeeAtThatMoment() throws Exception {
        Inbox inbox = new Inbox("TEAM");
        String c = inbox.open(inbox.ana, "live");
        try (Stream bruno = new Stream(inbox.tokens.get(inbox.bruno));
                Stream outsider = new Stream(inbox.tokens.get(inbox.outsider))) {
            api().post("/api/v1/conversations/" + c + "/messages", inbox.tokens.get(inbox.ana), Map.of("body", "one"));
            JsonNode first = bruno.next();
            // The conversation's opening committed before the stream opened, but its event may still
            // be on its way then (events go out after commit, in commit order): it comes first if at all.
            if (first != null
                    && first.get("event").asString().equals("opened")
                    && first.get("data").get("conversationId").asString().equals(c)) {
                first = bruno.next();
            }
            assertThat(first).isNotNull();
            assertThat(first.get("event").asString()).isEqualTo("message");
            assertThat(first.get("data").get("conversationId").asString()).isEqualTo(c);
            assertThat(first.get("data").get("tab").asString()).isEqualTo("others");
            assertThat(first.get("data").get("message").get("body").asString()).isEqualTo("one");

            assertThat(api().patch(
                                    "/api/v1/teams/" + inbox.team,
                                    inbox.t.adminToken(),
                                    Map.of("visibility", "ATTENDANT"))
                            .status())
                    .isEqualTo(200);
            api().post("/api/v1/conversations/" + c + "/messages", inbox.tokens.get(inbox.ana), Map.of("body", "two"));
            // A conversation Bruno still sees, opened after the hidden message: its event proves the
            // hidden one was decided (events go out in commit order) and not sent.
            String queued = inbox.open(null, "for the queue");
            JsonNode next = bruno.next();
            assertThat(next).isNotNull();
            assertThat(next.get("event").asString()).isEqualTo("opened");
            assertThat(next.get("data").get("conversationId").asString()).isEqualTo(queued);
            assertThat(next.get("data").get("tab").asString()).isEqualTo("queue");

            // The outsider saw none of it; an event they may see proves their stream is alive.
            Conversing.grant(api(), inbox.t, inbox.outsider, Map.of("system", List.of("conversations.view_all")));
            api().post(
                            "/api/v1/conversations/" + c + "/messages",
                            inbox.tokens.get(inbox.ana),
                            Map.of("body", "three"));
            JsonNode seen = outsider.next();
            assertThat(seen).isNotNull();
            assertThat(seen.get("data").get("message").get("body").asString()).isEqualTo("three");
        }
    }

    @Test
    void signingOutEndsTheStreamAtTheNextHeartbeat() throws Exception {
        Inbox inbox = new Inbox("TEAM");
        String token = inbox.tokens.get(inbox.bruno);
        try (Stream bruno = new Stream(token)) {
            assertThat(api().post("/api/v1/auth/logout", token, Map.of()).status())
                    .isIn(200, 204);
            assertThat(bruno.ended.await(10, TimeUnit.SECONDS))
                    .as("the server closed the stream")
                    .isTrue();
        }
    }
}
