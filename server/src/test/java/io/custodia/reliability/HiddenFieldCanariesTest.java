package io.custodia.reliability;

import static io.custodia.platform.db.Tables.MAIL_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Canary values sit in fields hidden from a salesperson (a custom deal field, the deal's amount, a
 * contact's phone); everything she can reach is read back and searched for them: records, lists,
 * search, export, explanations, refusals and validation errors, notifications, e-mail, her inbox.
 */
class HiddenFieldCanariesTest extends ApiTest {

    @Test
    void noCanaryInAHiddenFieldReachesTheUserByAnyPath() {
        Tenant t = newWorkspace();
        String canary = "CANARY-" + UUID.randomUUID();
        String amount = "987654321";
        String phone = "+55 11 95555-" + (1000 + new Random().nextInt(8999));
        onePipeline(t);
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of("entity", "deal", "key", "margin", "label", "Margin", "type", "text")));
        String contact = created(api().post(
                        "/api/v1/contacts",
                        t.adminToken(),
                        Map.of("firstName", "Rosa", "email", "rosa@example.com", "phone", phone)));
        String deal = created(api().post(
                        "/api/v1/deals",
                        t.adminToken(),
                        Map.of(
                                "title", "Visible deal",
                                "amount", Long.parseLong(amount),
                                "contactIds", List.of(contact),
                                "fields", Map.of("margin", canary))));
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        Map.of(
                                "name", "Seller without secrets",
                                "entities",
                                        Map.of(
                                                "deal",
                                                        Map.of(
                                                                // A condition on a hidden field: explanations must not
                                                                // show its value.
                                                                "read",
                                                                Map.of(
                                                                        "level",
                                                                        "ALL",
                                                                        "condition",
                                                                        Map.of(
                                                                                "field", "amount", "op", "gt", "value",
                                                                                0)),
                                                                "update",
                                                                Map.of("level", "ALL"),
                                                                // She may import, so that her import's
                                                                // lines are checked (and reported) one by one.
                                                                "create",
                                                                Map.of("level", "ALL"),
                                                                "import",
                                                                Map.of("level", "ALL"),
                                                                "export",
                                                                Map.of("level", "ALL")),
                                                "contact",
                                                        Map.of(
                                                                "read",
                                                                Map.of("level", "ALL"),
                                                                "export",
                                                                Map.of("level", "ALL"))),
                                "fields",
                                        Map.of(
                                                "deal", Map.of("margin", "HIDDEN", "amount", "HIDDEN"),
                                                "contact", Map.of("phone", "HIDDEN")))));
        String email = "seller@" + t.slug() + ".test";
        UUID seller = newUser(t, email);
        created(api().post(
                        "/api/v1/role-assignments",
                        t.adminToken(),
                        Map.of("roleId", role, "userId", seller.toString())));
        String token = login(t.slug(), email, PASSWORD);
        String team = created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Support")));
        api().send(
                        "PUT",
                        "/api/v1/teams/" + team + "/members/" + seller,
                        t.adminToken(),
                        "application/json",
                        Api.json(Map.of("supervisor", false)));
        String conversation = created(api().post(
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
                                seller.toString())));
        api().post(
                        "/api/v1/deals/" + deal + "/comments",
                        t.adminToken(),
                        Map.of("body", "@{" + seller + "} please look at the margin"));

        List<Api.Response> seen = new ArrayList<>();
        seen.add(api().get("/api/v1/deals/" + deal, token));
        seen.add(api().get("/api/v1/deals", token));
        seen.add(api().get("/api/v1/deals?q=" + canary, token));
        seen.add(api().get("/api/v1/deals?q=" + amount, token));
        seen.add(api().get("/api/v1/deals/export", token));
        seen.add(api().get("/api/v1/contacts/" + contact, token));
        seen.add(api().get("/api/v1/contacts", token));
        seen.add(api().get("/api/v1/contacts/export", token));
        seen.add(api().get(
                        "/api/v1/access/explain?userId=" + seller + "&entity=deal&action=read&recordId=" + deal,
                        token));
        seen.add(api().patch("/api/v1/deals/" + deal, token, Map.of("fields", Map.of("margin", "x"))));
        seen.add(api().patch("/api/v1/deals/" + deal, token, Map.of("amount", "not a number")));
        seen.add(api().send(
                        "PATCH",
                        "/api/v1/deals/" + deal,
                        token,
                        "application/json",
                        Api.json(Map.of("title", "Renamed")),
                        "If-Match",
                        "\"0\""));
        seen.add(api().get("/api/v1/notifications", token));
        seen.add(api().get("/api/v1/conversations/" + conversation, token));
        seen.add(api().get("/api/v1/conversations?tab=mine", token));
        seen.add(api().get("/api/v1/deals/" + deal + "/comments", token));
        // An import's report of refused lines (writing a hidden field, a bad amount).
        seen.add(api().send(
                        "POST",
                        "/api/v1/deals/import",
                        token,
                        "text/csv",
                        "title,margin,amount\nMine,guess,1\nBad,,not a number\n"));

        assertThat(seen.get(0).status()).as("she reads the deal itself").isEqualTo(200);
        assertThat(seen.get(2).json().get("items").size())
                .as("search does not match hidden values")
                .isZero();
        assertThat(seen.get(3).json().get("items").size()).isZero();
        assertThat(seen.get(9).status()).as("writing a hidden field").isEqualTo(403);
        assertThat(seen.get(13).json().get("contactReadable").asBoolean()).isTrue();
        assertThat(seen.get(seen.size() - 1).json().get("failed").size())
                .as("the import reports both lines")
                .isEqualTo(2);
        long leaks = seen.stream()
                .filter(r -> r.body().contains(canary)
                        || r.body().contains(amount)
                        || r.body().contains(phone))
                .count();
        assertThat(leaks).as("responses holding a canary").isZero();

        List<String> mail = db.select(MAIL_OUTBOX.SUBJECT, MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.WORKSPACE_ID.eq(t.id()))
                .fetch(r -> r.value1() + "\n" + r.value2());
        assertThat(mail).as("the mention was e-mailed").isNotEmpty();
        assertThat(mail).noneMatch(m -> m.contains(canary) || m.contains(amount) || m.contains(phone));
    }
}
