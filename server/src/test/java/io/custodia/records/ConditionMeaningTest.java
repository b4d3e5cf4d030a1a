package io.custodia.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue #23, items 3 and 4, as an outside tester found them: a condition means the same in the list
 * (SQL), the single read, the export and the explanation (the engine). A timestamp compared with a
 * date is its UTC date; text is ordered by code point, beyond U+FFFF too.
 */
class ConditionMeaningTest extends ApiTest {
    private Tenant t;
    private UUID eve;
    private String eveToken;
    private String contact;

    private void eveMayReadWhere(String entity, Map<String, Object> condition) {
        t = newWorkspace();
        eve = newUser(t, "eve@" + t.slug() + ".test");
        Map<String, Object> entities = new HashMap<>();
        entities.put(
                entity,
                Map.of(
                        "read",
                        Map.of("level", "ALL", "condition", condition),
                        "export",
                        Map.of("level", "ALL", "condition", condition)));
        // An activity is read only while its contact is.
        entities.putIfAbsent("contact", Map.of("read", Map.of("level", "ALL")));
        String role = created(
                api().post("/api/v1/roles", t.adminToken(), Map.of("name", "Conditional", "entities", entities)));
        created(api().post("/api/v1/role-assignments", t.adminToken(), Map.of("roleId", role, "userId", eve)));
        eveToken = login(t.slug(), "eve@" + t.slug() + ".test", PASSWORD);
    }

    /** Whether Eve may read the record: the list, the single read, the export and the explanation must agree. */
    private boolean eveReads(String type, String entity, String id) {
        Set<String> listed = new HashSet<>();
        api().get("/api/v1/" + type + "?limit=200", eveToken)
                .json()
                .get("items")
                .forEach(item -> listed.add(item.get("id").asString()));
        int got = api().get("/api/v1/" + type + "/" + id, eveToken).status();
        boolean explained = api().get(
                        "/api/v1/access/explain?userId=" + eve + "&entity=" + entity + "&action=read&recordId=" + id,
                        t.adminToken())
                .json()
                .get("allowed")
                .asBoolean();
        String exported = api().get("/api/v1/" + type + "/export", eveToken).body();
        boolean inList = listed.contains(id);
        assertThat(List.of(got == 200, explained, exported.contains(id)))
                .as("get, explain and export of %s agree with the list (%s)", id, inList)
                .containsOnly(inList);
        return inList;
    }

    private String activityDue(String dueAt) {
        if (contact == null) {
            contact = created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Linked")));
        }
        return created(api().post(
                        "/api/v1/activities",
                        t.adminToken(),
                        Map.of("type", "task", "subject", "Due " + dueAt, "dueAt", dueAt, "contactId", contact)));
    }

    @Test
    void aTimestampComparedWithADateIsItsUtcDateEverywhere() {
        eveMayReadWhere("activity", Map.of("field", "dueAt", "op", "gt", "value", "2025-01-10"));
        String noon = activityDue("2025-01-10T12:00:00Z");
        String lastMicrosecond = activityDue("2025-01-10T23:59:59.999999Z");
        String nextMidnight = activityDue("2025-01-11T00:00:00Z");
        // The 10th in Sao Paulo, the 11th in UTC.
        String lateInSaoPaulo = activityDue("2025-01-10T21:30:00-03:00");
        assertThat(eveReads("activities", "activity", noon)).isFalse();
        assertThat(eveReads("activities", "activity", lastMicrosecond)).isFalse();
        assertThat(eveReads("activities", "activity", nextMidnight)).isTrue();
        assertThat(eveReads("activities", "activity", lateInSaoPaulo)).isTrue();
    }

    @Test
    void equalityWithADateAdmitsTheWholeUtcDay() {
        eveMayReadWhere("activity", Map.of("field", "dueAt", "op", "in", "values", List.of("2025-01-10")));
        String midnight = activityDue("2025-01-10T00:00:00Z");
        String noon = activityDue("2025-01-10T12:00:00Z");
        String lastSecond = activityDue("2025-01-10T23:59:59Z");
        String dayBefore = activityDue("2025-01-09T23:59:59.999999Z");
        // The 10th in UTC, the 9th in Sao Paulo.
        String earlyInUtc = activityDue("2025-01-09T22:00:00-03:00");
        assertThat(eveReads("activities", "activity", midnight)).isTrue();
        assertThat(eveReads("activities", "activity", noon)).isTrue();
        assertThat(eveReads("activities", "activity", lastSecond)).isTrue();
        assertThat(eveReads("activities", "activity", dayBefore)).isFalse();
        assertThat(eveReads("activities", "activity", earlyInUtc)).isTrue();
    }

    @Test
    void textIsOrderedByCodePointBeyondTheBasicPlane() {
        eveMayReadWhere("contact", Map.of("field", "lastName", "op", "gt", "value", "\uE000"));
        String emoji = created(api().post(
                        "/api/v1/contacts",
                        t.adminToken(),
                        Map.of("firstName", "A", "lastName", "\uD83D\uDE00-emoji")));
        String privateUse =
                created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "B", "lastName", "\uE000")));
        String accented = created(
                api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "C", "lastName", "\u00c1lvares")));
        assertThat(eveReads("contacts", "contact", emoji)).isTrue();
        assertThat(eveReads("contacts", "contact", privateUse)).isFalse();
        assertThat(eveReads("contacts", "contact", accented)).isFalse();
    }
}
