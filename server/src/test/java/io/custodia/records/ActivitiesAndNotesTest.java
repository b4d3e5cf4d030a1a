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
import java.util.List;
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

    @Test
    void aParentFilterTheTypeHasNoLinkForIsRefusedWhateverTheIdNamesAndOneItHasStillFilters() {
        String contact = created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Ana")));
        String missing = UUID.randomUUID().toString();

        Api.Response existing = api().get("/api/v1/deals?contactId=" + contact, t.adminToken());
        Api.Response unknown = api().get("/api/v1/deals?contactId=" + missing, t.adminToken());

        assertThat(existing.status()).as(existing.body()).isEqualTo(422);
        assertThat(existing.json().get("errors").get(0).get("field").asString()).isEqualTo("contactId");
        assertThat(existing.json().get("errors").get(0).get("message").asString())
                .isEqualTo("deals cannot be filtered by contactId");
        // The refusal is the type's and the parameter's: it says nothing of the id.
        assertThat(Api.withoutIds(unknown.body())).isEqualTo(Api.withoutIds(existing.body()));
        for (String path : List.of(
                "/api/v1/deals?dealId=" + deal,
                "/api/v1/companies?companyId=" + missing,
                "/api/v1/contacts?dealId=" + deal,
                "/api/v1/activities?companyId=" + missing,
                // A stage too, on a type that has none.
                "/api/v1/contacts?stageId=" + missing,
                "/api/v1/notes?stageId=" + missing)) {
            assertThat(api().get(path, t.adminToken()).status()).as(path).isEqualTo(422);
        }
        assertThat(api().send(
                                "GET",
                                "/api/v1/deals?contactId=" + missing,
                                t.adminToken(),
                                null,
                                null,
                                "Accept-Language",
                                "pt-BR")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .isEqualTo("não é possível filtrar deals por contactId");
        // Links the type has filter as before.
        Api.Response byCompany = api().get("/api/v1/deals?companyId=" + missing, t.adminToken());
        assertThat(byCompany.status()).isEqualTo(200);
        assertThat(byCompany.json().get("items").size()).isZero();
        assertThat(api().get("/api/v1/notes?companyId=" + missing, t.adminToken())
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/activities?contactId=" + contact, t.adminToken())
                        .status())
                .isEqualTo(200);
    }
}
