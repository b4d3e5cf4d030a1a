package io.custodia.records;

import static io.custodia.platform.db.Tables.ACTIVITY;
import static io.custodia.platform.db.Tables.COMPANY;
import static io.custodia.platform.db.Tables.CONTACT;
import static io.custodia.platform.db.Tables.DEAL;
import static io.custodia.platform.db.Tables.NOTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ActivitiesAndNotesTest extends ApiTest {
    @Autowired
    RecordWrites records;

    private Tenant t;
    private String deal;

    @BeforeEach
    void aDeal() {
        t = newWorkspace();
        onePipeline(t);
        deal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Big deal")));
    }

    @Test
    void aCallAndANoteAreLoggedOnADealAndListedByIt() {
        created(api().post(
                        "/api/v1/activities",
                        t.adminToken(),
                        Map.of(
                                "type",
                                "call",
                                "subject",
                                "Discovery call",
                                "dueAt",
                                "2026-12-01T14:00:00Z",
                                "done",
                                true,
                                "dealId",
                                deal)));
        created(api().post("/api/v1/notes", t.adminToken(), Map.of("body", "They want 20 seats", "dealId", deal)));
        created(api().post(
                        "/api/v1/notes",
                        t.adminToken(),
                        Map.of(
                                "body",
                                "Unrelated",
                                "companyId",
                                created(api().post("/api/v1/companies", t.adminToken(), Map.of("name", "Acme"))))));

        var calls =
                api().get("/api/v1/activities?dealId=" + deal, t.adminToken()).json();
        var notes = api().get("/api/v1/notes?dealId=" + deal, t.adminToken()).json();

        assertThat(calls.get("items").size()).isEqualTo(1);
        assertThat(calls.get("items").get(0).get("done").asBoolean()).isTrue();
        assertThat(notes.get("items").size()).isEqualTo(1);
        assertThat(notes.get("items").get(0).get("body").asString()).isEqualTo("They want 20 seats");
    }

    @Test
    void anActivityLinksExactlyOneRecordThatTheCallerCanRead() {
        Api.Response none =
                api().post("/api/v1/activities", t.adminToken(), Map.of("type", "task", "subject", "Orphan"));
        Api.Response unknown = api().post(
                        "/api/v1/activities",
                        t.adminToken(),
                        Map.of(
                                "type",
                                "task",
                                "subject",
                                "X",
                                "dealId",
                                UUID.randomUUID().toString()));
        Api.Response badType = api().post(
                        "/api/v1/activities", t.adminToken(), Map.of("type", "lunch", "subject", "X", "dealId", deal));

        assertThat(none.status()).isEqualTo(422);
        assertThat(none.body()).contains("link exactly one of dealId, contactId");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("no such deal");
        assertThat(badType.status()).isEqualTo(422);
        assertThat(badType.body()).contains("call", "meeting", "task");
    }

    @Test
    void thirtyDaysAfterDeletionARecordAndWhatHangsOnItArePurged() {
        String note =
                created(api().post("/api/v1/notes", t.adminToken(), Map.of("body", "On the deal", "dealId", deal)));
        String keptDeal = created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Recently deleted")));
        api().send("DELETE", "/api/v1/deals/" + deal, t.adminToken(), null, null);
        api().send("DELETE", "/api/v1/deals/" + keptDeal, t.adminToken(), null, null);
        db.update(DEAL)
                .set(DEAL.DELETED_AT, OffsetDateTime.now().minusDays(31))
                .where(DEAL.WORKSPACE_ID.eq(t.id()).and(DEAL.ID.eq(UUID.fromString(deal))))
                .execute();

        records.purge(30);

        assertThat(db.fetchExists(DEAL, DEAL.ID.eq(UUID.fromString(deal)))).isFalse();
        assertThat(db.fetchExists(NOTE, NOTE.ID.eq(UUID.fromString(note)))).isFalse();
        assertThat(db.fetchExists(DEAL, DEAL.ID.eq(UUID.fromString(keptDeal)))).isTrue();
        assertThat(db.fetchCount(ACTIVITY, ACTIVITY.WORKSPACE_ID.eq(t.id()))).isZero();
    }

    @Test
    void aPurgedCompanyTakesItsNotesAndLeavesTheContactsAndDealsThatLinkedIt() {
        String company = created(api().post("/api/v1/companies", t.adminToken(), Map.of("name", "Gone Ltd")));
        String note = created(
                api().post("/api/v1/notes", t.adminToken(), Map.of("body", "On the company", "companyId", company)));
        String contact = created(
                api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Ana", "companyId", company)));
        String linked =
                created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Linked", "companyId", company)));
        api().send("DELETE", "/api/v1/companies/" + company, t.adminToken(), null, null);
        db.update(COMPANY)
                .set(COMPANY.DELETED_AT, OffsetDateTime.now().minusDays(31))
                .where(COMPANY.WORKSPACE_ID.eq(t.id()).and(COMPANY.ID.eq(UUID.fromString(company))))
                .execute();

        records.purge(30);

        assertThat(db.fetchExists(COMPANY, COMPANY.ID.eq(UUID.fromString(company))))
                .isFalse();
        assertThat(db.fetchExists(NOTE, NOTE.ID.eq(UUID.fromString(note)))).isFalse();
        assertThat(db.fetchValue(CONTACT.COMPANY_ID, CONTACT.ID.eq(UUID.fromString(contact))))
                .isNull();
        assertThat(db.fetchValue(DEAL.COMPANY_ID, DEAL.ID.eq(UUID.fromString(linked))))
                .isNull();
        assertThat(db.fetchExists(CONTACT, CONTACT.ID.eq(UUID.fromString(contact))))
                .isTrue();
    }

    @Test
    void customerServiceLogsActivitiesButCannotTouchDeals() {
        String email = "cs@" + t.slug() + ".test";
        UUID cs = newUser(t, email);
        String roleId = api().get("/api/v1/roles", t.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(r -> r.get("name").asString().equals("Customer service"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", roleId, "userId", cs.toString())));
        String token = login(t.slug(), email, PASSWORD);
        Map<String, Object> call = new HashMap<>(Map.of("type", "call", "subject", "Support call", "dealId", deal));

        assertThat(api().post("/api/v1/activities", token, call).status()).isEqualTo(201);
        assertThat(api().patch("/api/v1/deals/" + deal, token, Map.of("title", "Renamed"))
                        .status())
                .isEqualTo(403);
        assertThat(api().get("/api/v1/deals/" + deal, token).status()).isEqualTo(200);
    }
}
