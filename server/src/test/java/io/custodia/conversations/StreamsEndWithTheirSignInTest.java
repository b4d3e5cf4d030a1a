package io.custodia.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue #23, item 6: a live stream lasts as long as its sign-in. Streams are opened on a second node
 * whose heartbeat would not come for ten minutes, while the sign-in ends through the first: a
 * deactivation or a sign-out ends them at once, and no message written after it reaches them.
 */
class StreamsEndWithTheirSignInTest extends ApiTest {
    private Tenant t;
    private String conversation;
    private String anaToken;
    private UUID bruno;

    private void inbox() {
        t = newWorkspace();
        UUID ana = newUser(t, "ana@" + t.slug() + ".test");
        bruno = newUser(t, "bruno@" + t.slug() + ".test");
        String team =
                created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support", "visibility", "TEAM")));
        Conversing.joinTeam(api(), t, team, ana, false);
        Conversing.joinTeam(api(), t, team, bruno, false);
        String contact = created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Carla")));
        conversation = created(api().post(
                        "/api/v1/conversations",
                        t.adminToken(),
                        Map.of(
                                "teamId",
                                team,
                                "contactId",
                                contact,
                                "channel",
                                "chat",
                                "subject",
                                "Help",
                                "attendantId",
                                ana.toString())));
        anaToken = login(t.slug(), "ana@" + t.slug() + ".test", PASSWORD);
    }

    private void write(String body) {
        Api.Response wrote =
                api().post("/api/v1/conversations/" + conversation + "/messages", anaToken, Map.of("body", body));
        assertThat(wrote.status()).as(wrote.body()).isEqualTo(201);
    }

    private String brunoSignsInOn(Api node) {
        return node.post(
                        "/api/v1/auth/login",
                        null,
                        Map.of("workspace", t.slug(), "email", "bruno@" + t.slug() + ".test", "password", PASSWORD))
                .json()
                .get("accessToken")
                .asString();
    }

    /** The bodies of the messages the stream received until it ended (it must end within the wait). */
    private static List<String> untilItEnds(LiveStream stream, String why) throws InterruptedException {
        assertThat(stream.ended.await(5, TimeUnit.SECONDS)).as(why).isTrue();
        List<String> bodies = new ArrayList<>();
        for (JsonNode event : stream.events) {
            if (event.get("event").asString().equals("message")) {
                bodies.add(event.get("data").get("message").get("body").asString());
            }
        }
        return bodies;
    }

    @Test
    void aDeactivationOrASignOutEndsTheStreamsOnEveryNodeAtOnce() throws Exception {
        inbox();
        try (ConfigurableApplicationContext other = secondNode("--custodia.conversations.heartbeat=PT10M")) {
            Api nodeB = apiOf(other);
            int portB = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
            String first = brunoSignsInOn(nodeB);
            String second = brunoSignsInOn(nodeB);
            try (LiveStream signedOut = new LiveStream(portB, first);
                    LiveStream stillOn = new LiveStream(portB, second)) {
                write("before");
                assertThat(signedOut
                                .next()
                                .get("data")
                                .get("message")
                                .get("body")
                                .asString())
                        .isEqualTo("before");
                assertThat(stillOn.next().get("data").get("message").get("body").asString())
                        .isEqualTo("before");

                // Signing out (on the first node) ends that sign-in's stream, not the other's.
                assertThat(api().post("/api/v1/auth/logout", first, Map.of()).status())
                        .isEqualTo(204);
                write("after signing out");
                assertThat(untilItEnds(signedOut, "the signed-out stream ended"))
                        .isEmpty();
                assertThat(stillOn.next().get("data").get("message").get("body").asString())
                        .isEqualTo("after signing out");

                // A deactivation ends every stream of the user.
                assertThat(api().patch("/api/v1/users/" + bruno, t.adminToken(), Map.of("status", "deactivated"))
                                .status())
                        .isEqualTo(200);
                write("after the deactivation");
                assertThat(untilItEnds(stillOn, "the deactivated user's stream ended"))
                        .doesNotContain("after the deactivation");
            }
        }
    }

    @Test
    void noEventIsSentOnASignInThatHasExpired() throws Exception {
        inbox();
        try (ConfigurableApplicationContext other =
                secondNode("--custodia.conversations.heartbeat=PT10M", "--custodia.auth.token-ttl=PT4S")) {
            int portB = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
            String shortLived = brunoSignsInOn(apiOf(other));
            long signedIn = System.nanoTime();
            try (LiveStream stream = new LiveStream(portB, shortLived)) {
                write("while valid");
                assertThat(stream.next().get("data").get("message").get("body").asString())
                        .isEqualTo("while valid");
                // Past the sign-in's expiry (polled against the clock, not slept through blindly).
                while (System.nanoTime() - signedIn < TimeUnit.SECONDS.toNanos(5)) {
                    assertThat(stream.events.poll(100, TimeUnit.MILLISECONDS)).isNull();
                }
                write("after the expiry");
                assertThat(untilItEnds(stream, "the expired stream ended")).doesNotContain("after the expiry");
            }
        }
    }
}
