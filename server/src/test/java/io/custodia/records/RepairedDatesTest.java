package io.custodia.records;

import static io.custodia.platform.db.Tables.ACTIVITY;
import static io.custodia.platform.db.Tables.DEAL;
import static io.custodia.platform.db.Tables.ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Values stored before the value rules (issue #22) must not break anyone's reads: custom dates that
 * PostgreSQL cannot cast and due dates outside years 1 to 9999 are repaired by migration V40 (run
 * here again on values planted after it ran), and a role stored with a condition date beyond any
 * database's range still lists exactly what the engine admits (access.ScopeSql binds it as
 * infinity).
 */
class RepairedDatesTest extends ApiTest {
    private static final List<String> UNREADABLE =
            List.of("+10000-01-01", "-0001-01-01", "+999999999-12-31", "0000-01-01");

    @Test
    void theMigrationRemovesUnreadableDatesAndEveryoneCanReadAgain() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        field(t, "closing");
        String kept = deal(t, "2026-01-01");
        List<String> broken =
                UNREADABLE.stream().map(date -> deal(t, "2026-01-01")).toList();
        for (int i = 0; i < broken.size(); i++) {
            plant(broken.get(i), UNREADABLE.get(i));
        }
        String activity = created(api().post(
                        "/api/v1/activities",
                        t.adminToken(),
                        Map.of("type", "call", "subject", "S", "dueAt", "2026-01-01T10:00:00Z", "dealId", kept)));
        db.update(ACTIVITY)
                .set(ACTIVITY.DUE_AT, OffsetDateTime.parse("+10000-01-01T00:00:00Z"))
                .where(ACTIVITY.ID.eq(UUID.fromString(activity)))
                .execute();
        String bob = reader(
                        t,
                        "{\"deal\":{\"read\":{\"level\":\"ALL\",\"condition\":"
                                + "{\"field\":\"closing\",\"op\":\"gt\",\"value\":\"2000-01-01\"}}},"
                                + "\"activity\":{\"read\":{\"level\":\"ALL\",\"condition\":"
                                + "{\"field\":\"dueAt\",\"op\":\"gt\",\"value\":\"2000-01-01\"}}}}")
                .token();

        runMigration();

        assertThat(ids(api().get("/api/v1/deals", bob))).containsExactly(kept);
        assertThat(api().get("/api/v1/activities", bob).status()).isEqualTo(200);
        for (String id : broken) {
            Api.Response read = api().get("/api/v1/deals/" + id, t.adminToken());
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("fields").get("closing").isNull())
                    .as(read.body())
                    .isTrue();
            assertThat(read.json().get("version").asLong()).as("moved on").isEqualTo(2);
        }
        assertThat(api().get("/api/v1/deals/" + kept, t.adminToken())
                        .json()
                        .get("version")
                        .asLong())
                .as("untouched")
                .isEqualTo(1);
        assertThat(api().get("/api/v1/activities/" + activity, t.adminToken())
                        .json()
                        .get("dueAt")
                        .isNull())
                .isTrue();

        runMigration();
        assertThat(db.select(DSL.sum(DEAL.VERSION))
                        .from(DEAL)
                        .where(DEAL.WORKSPACE_ID.eq(t.id()))
                        .fetchOne(0, Long.class))
                .as("a second run changes nothing")
                .isEqualTo(1L + 2L * broken.size());
    }

    @Test
    void aRoleStoredWithADateNoDatabaseReadsListsWhatTheEngineAdmits() {
        Tenant t = newWorkspace();
        onePipeline(t);
        field(t, "closing");
        String early = deal(t, "0001-01-01");
        String late = deal(t, "9999-12-31");
        created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "No date")));
        for (String[] c : new String[][] {
            {"lt", "+999999999-12-31", early + "," + late},
            {"gt", "+999999999-12-31", ""},
            {"gt", "-999999999-01-01", early + "," + late},
            {"lte", "0000-01-01", ""},
            {"ne", "+10000-01-01", early + "," + late},
            {"eq", "-0001-01-01", ""}
        }) {
            String condition = "{\"field\":\"closing\",\"op\":\"" + c[0] + "\",\"value\":\"2020-01-01\"}";
            Reader bob = reader(t, "{\"deal\":{\"read\":{\"level\":\"ALL\",\"condition\":" + condition + "}}}");
            // Stored before the rule: written straight into the table, as the API now refuses it.
            UUID role = bob.role();
            String body = db.select(ROLE.BODY)
                    .from(ROLE)
                    .where(ROLE.ID.eq(role))
                    .fetchOne(ROLE.BODY)
                    .data();
            db.update(ROLE)
                    .set(ROLE.BODY, JSONB.valueOf(body.replace("2020-01-01", c[1])))
                    .where(ROLE.ID.eq(role))
                    .execute();
            touchAccess(t);
            Api.Response list = api().get("/api/v1/deals", bob.token());
            assertThat(list.status()).as(c[0] + " " + c[1] + ": " + list.body()).isEqualTo(200);
            assertThat(ids(list))
                    .as(c[0] + " " + c[1])
                    .containsExactlyInAnyOrder(c[2].isEmpty() ? new String[0] : c[2].split(","));
        }
    }

    private void field(Tenant t, String key) {
        created(api().post(
                        "/api/v1/fields",
                        t.adminToken(),
                        Map.of("entity", "deal", "key", key, "label", key, "type", "date")));
    }

    private String deal(Tenant t, String closing) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "D " + closing);
        body.put("fields", Map.of("closing", closing));
        return created(api().post("/api/v1/deals", t.adminToken(), body));
    }

    /** A value stored before the rule, written straight into the table. */
    private void plant(String deal, String date) {
        db.update(DEAL)
                .set(DEAL.FIELDS, JSONB.valueOf("{\"closing\": \"" + date + "\"}"))
                .where(DEAL.ID.eq(UUID.fromString(deal)))
                .execute();
    }

    record Reader(String token, UUID role) {}

    /** A new user holding only a new role with these entity entries, signed in. */
    private Reader reader(Tenant t, String entities) {
        String email = "r" + UUID.randomUUID().toString().substring(0, 8) + "@" + t.slug() + ".test";
        UUID user = newUser(t, email);
        String role = created(api().post(
                        "/api/v1/roles",
                        t.adminToken(),
                        "{\"name\":\"R" + UUID.randomUUID() + "\",\"entities\":" + entities + "}"));
        created(api().post(
                        "/api/v1/role-assignments", t.adminToken(), Map.of("roleId", role, "userId", user.toString())));
        return new Reader(login(t.slug(), email, PASSWORD), UUID.fromString(role));
    }

    /** A change of access the server hears of, so that it reads the roles again. */
    private void touchAccess(Tenant t) {
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("conflictRule", "MOST_PERMISSIVE"))
                        .status())
                .isEqualTo(200);
        assertThat(api().patch("/api/v1/workspace", t.adminToken(), Map.of("conflictRule", "PRECEDENCE"))
                        .status())
                .isEqualTo(200);
    }

    private static List<String> ids(Api.Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json()
                .get("items")
                .valueStream()
                .map(i -> i.get("id").asString())
                .toList();
    }

    /** Runs migration V40 again, as Flyway ran it: as the schema owner, one script. */
    private void runMigration() throws IOException, SQLException {
        String script;
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V40__unreadable_dates.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = schemaOwner().getConnection();
                Statement statement = c.createStatement()) {
            c.setAutoCommit(false);
            statement.execute(script);
            c.commit();
        }
    }
}
