package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MeetingsTest extends AppTest {

    /** A workspace with a host, a contact, and her deals: an older open one, a newer open one, a later won one. */
    private final class Sales {
        final Tenant t = newWorkspace();
        final UUID host = newUser(t, "host@" + t.slug() + ".test");
        final String contact = created(api().post(
                        "/api/v1/contacts",
                        t.adminToken(),
                        Map.of("firstName", "Carla", "email", "Carla@Example.com")));
        final String olderOpen;
        final String newerOpen;
        final String won;

        Sales() {
            JsonNode pipeline = api().post(
                            "/api/v1/pipelines",
                            t.adminToken(),
                            Map.of(
                                    "name",
                                    "P",
                                    "stages",
                                    List.of(
                                            Map.of("name", "New", "kind", "OPEN"),
                                            Map.of("name", "Won", "kind", "WON"))))
                    .json();
            String wonStage = pipeline.get("stages").get(1).get("id").asString();
            olderOpen = deal("Older", null);
            newerOpen = deal("Newer", null);
            won = deal("Won", wonStage);
        }

        String deal(String title, String stage) {
            Map<String, Object> body = new HashMap<>();
            body.put("title", title);
            body.put("contactIds", List.of(contact));
            if (stage != null) {
                body.put("stageId", stage);
            }
            return created(api().post("/api/v1/deals", t.adminToken(), body));
        }

        Map<String, Object> meeting(String externalId, Map<String, Object> fieldUpdates) {
            Map<String, Object> m = new HashMap<>();
            m.put("externalId", externalId);
            m.put("hostEmail", "HOST@" + t.slug() + ".test");
            m.put("participantEmails", List.of("carla@example.com", "stranger@example.com"));
            m.put("startedAt", "2026-11-20T14:00:00Z");
            m.put("title", "Quarterly review");
            m.put("summary", "Carla wants a bigger plan next quarter.");
            if (fieldUpdates != null) {
                m.put("fieldUpdates", fieldUpdates);
            }
            return m;
        }
    }

    @Test
    void aMeetingIsFiledOnTheContactsLatestOpenDealOwnedByTheHostAndOnlyOnce() throws Exception {
        Sales s = new Sales();
        assertThat(api().get("/api/v1/deals/" + s.olderOpen, s.t.adminToken())
                        .json()
                        .get("contactIds")
                        .get(0)
                        .asString())
                .isEqualTo(s.contact);
        List<String> scopes = List.of("activities:write", "notes:write", "deals:write");
        App app = app(s.t, scopes);
        String token = authorised(s.t, app, scopes).get("access_token").asString();

        Api.Response filed =
                api().post("/api/v1/integrations/meetings", token, s.meeting("zoom-1", Map.of("amount", 5000)));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        JsonNode answer = filed.json();
        assertThat(answer.get("dealId").asString()).isEqualTo(s.newerOpen);
        assertThat(answer.get("ownerId").asString()).isEqualTo(s.host.toString());
        assertThat(answer.get("fieldsUpdated").get(0).asString()).isEqualTo("amount");
        assertThat(answer.get("notLinked").toString()).contains("stranger@example.com", "no contact has this e-mail");

        JsonNode activity = api().get(
                        "/api/v1/activities/" + answer.get("activityId").asString(), s.t.adminToken())
                .json();
        assertThat(activity.get("type").asString()).isEqualTo("meeting");
        assertThat(activity.get("dealId").asString()).isEqualTo(s.newerOpen);
        assertThat(activity.get("ownerId").asString()).isEqualTo(s.host.toString());
        JsonNode note = api().get("/api/v1/notes/" + answer.get("noteId").asString(), s.t.adminToken())
                .json();
        assertThat(note.get("body").asString()).contains("bigger plan");
        assertThat(api().get("/api/v1/deals/" + s.newerOpen, s.t.adminToken())
                        .json()
                        .get("amount")
                        .asDouble())
                .isEqualTo(5000.0);

        Api.Response again =
                api().post("/api/v1/integrations/meetings", token, s.meeting("zoom-1", Map.of("amount", 5000)));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("activityId").asString())
                .isEqualTo(answer.get("activityId").asString());
        assertThat(api().get("/api/v1/activities?dealId=" + s.newerOpen, s.t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .as("the same external id twice creates nothing")
                .isEqualTo(1);
        assertThat(api().get("/api/v1/audit?action=meeting.filed", s.t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .as("one audit entry for the filing, none for the repeat")
                .isEqualTo(1);
    }

    @Test
    void whatCannotBeLinkedOrAppliedIsSaidAndTheRestIsFiled() throws Exception {
        Sales s = new Sales();
        List<String> scopes = List.of("activities:write", "notes:write", "deals:write");
        App app = app(s.t, scopes);
        String token = authorised(s.t, app, scopes).get("access_token").asString();
        Map<String, Object> meeting = s.meeting("zoom-2", Map.of("amount", "lots", "nonsense", 1));
        meeting.put("hostEmail", "nobody@" + s.t.slug() + ".test");
        Api.Response filed = api().post("/api/v1/integrations/meetings", token, meeting);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        JsonNode answer = filed.json();
        assertThat(answer.get("activityId").isNull()).isFalse();
        assertThat(answer.get("fieldsUpdated").size()).isZero();
        assertThat(answer.get("notLinked").toString()).contains("host", "amount", "fields.nonsense");
        assertThat(answer.get("ownerId").asString())
                .as("the app owns what an unknown host would")
                .isEqualTo(api().get("/api/v1/integrations/apps", s.t.adminToken())
                        .json()
                        .get("items")
                        .get(0)
                        .get("principalId")
                        .asString());
        assertThat(api().get("/api/v1/deals/" + s.newerOpen, s.t.adminToken())
                                .json()
                                .has("amount")
                        && !api().get("/api/v1/deals/" + s.newerOpen, s.t.adminToken())
                                .json()
                                .get("amount")
                                .isNull())
                .as("a refused update changes nothing")
                .isFalse();
        JsonNode log = api().get("/api/v1/integrations/sync-log?appId=" + app.id(), s.t.adminToken())
                .json();
        assertThat(log.get("items").get(0).get("endpoint").asString()).isEqualTo("/api/v1/integrations/meetings");
    }

    @Test
    void fieldUpdatesNeedDealsWriteAndMeetingsNeedTheirScopes() throws Exception {
        Sales s = new Sales();
        List<String> scopes = List.of("activities:write", "notes:write");
        App app = app(s.t, scopes);
        String token = authorised(s.t, app, scopes).get("access_token").asString();
        Api.Response refused =
                api().post("/api/v1/integrations/meetings", token, s.meeting("zoom-3", Map.of("amount", 1)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("deals:write");
        assertThat(api().post("/api/v1/integrations/meetings", s.t.adminToken(), s.meeting("zoom-4", null))
                        .status())
                .as("people do not file meetings here")
                .isEqualTo(403);
        JsonNode log = api().get("/api/v1/integrations/sync-log?appId=" + app.id(), s.t.adminToken())
                .json();
        assertThat(log.get("items").get(0).get("error").asString()).contains("deals:write");
    }

    private JsonNode syncLog(Tenant t, App app, String outcome) {
        Api.Response log =
                api().get("/api/v1/integrations/sync-log?appId=" + app.id() + "&outcome=" + outcome, t.adminToken());
        assertThat(log.status()).as(log.body()).isEqualTo(200);
        return log.json().get("items");
    }

    @Test
    void aFilingWithRefusedPartsIsLoggedAsPartialWithEachReason() throws Exception {
        Sales s = new Sales();
        List<String> scopes = List.of("activities:write", "notes:write", "deals:write");
        App app = app(s.t, scopes);
        String token = authorised(s.t, app, scopes).get("access_token").asString();
        Map<String, Object> refused = s.meeting("zoom-20", Map.of("amount", "lots"));
        refused.put("hostEmail", "nobody@" + s.t.slug() + ".test");
        assertThat(api().post("/api/v1/integrations/meetings", token, refused).status())
                .isEqualTo(201);
        assertThat(api().post("/api/v1/integrations/meetings", token, s.meeting("zoom-21", null))
                        .status())
                .as("a participant who is no contact is how meetings go, not a failure")
                .isEqualTo(201);

        JsonNode partial = syncLog(s.t, app, "partial");
        assertThat(partial.size()).isEqualTo(1);
        assertThat(partial.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(partial.get(0).get("error").asString())
                .contains("amount", "expected a number", "host nobody@", "no active user has this e-mail");
        assertThat(syncLog(s.t, app, "not-ok").size()).isEqualTo(1);
        assertThat(syncLog(s.t, app, "ok").size()).isEqualTo(1);
        assertThat(syncLog(s.t, app, "ok").get(0).get("error").isNull()).isTrue();
        assertThat(syncLog(s.t, app, "error").size()).isZero();
        Api.Response unknown = api().get("/api/v1/integrations/sync-log?outcome=failed%00", s.t.adminToken());
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("outcome");
    }

    private long failingNotices(Tenant t) {
        return api().get("/api/v1/notifications?limit=100", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(n -> n.get("type").asString().equals("integration.failing"))
                .count();
    }

    @Test
    void administratorsAreToldOnceWhenAnAppsFailuresInAnHourReachTheThreshold() throws Exception {
        Tenant t = newWorkspace();
        List<String> scopes = List.of("contacts:read");
        App app = app(t, scopes);
        String token = authorised(t, app, scopes).get("access_token").asString();
        for (int i = 0; i < 9; i++) {
            assertThat(api().get("/api/v1/deals", token).status()).isEqualTo(403);
        }
        assertThat(failingNotices(t)).as("below the threshold").isZero();
        assertThat(api().get("/api/v1/deals", token).status()).isEqualTo(403);
        assertThat(failingNotices(t)).as("the tenth failure in the hour").isEqualTo(1);
        assertThat(api().get("/api/v1/deals", token).status()).isEqualTo(403);
        assertThat(failingNotices(t))
                .as("told once an hour, not once a failure")
                .isEqualTo(1);
    }
}
