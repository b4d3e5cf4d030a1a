package io.custodia.audit;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.Api;
import io.custodia.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class AuditLogTest extends ApiTest {

    @Test
    void everyDirectoryChangeIsAnEntryWithActorBeforeAndAfter() {
        Tenant t = newWorkspace();
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        api().patch("/api/v1/users/" + bia, t.adminToken(), Map.of("status", "deactivated"));

        Api.Response log = api().get("/api/v1/audit?action=user.deactivated", t.adminToken());

        assertThat(log.status()).isEqualTo(200);
        var entry = log.json().get("items").get(0);
        assertThat(entry.get("actor").get("id").asString())
                .isEqualTo(t.adminId().toString());
        assertThat(entry.get("target").get("id").asString()).isEqualTo(bia.toString());
        assertThat(entry.get("before").get("status").asString()).isEqualTo("active");
        assertThat(entry.get("after").get("status").asString()).isEqualTo("deactivated");
        assertThat(api().get("/api/v1/audit", t.adminToken())
                        .json()
                        .get("items")
                        .size())
                .isGreaterThanOrEqualTo(5);
    }

    @Test
    void theChainVerifiesAndAnEditBehindTheApplicationsBackIsNamed() {
        Tenant t = newWorkspace();
        UUID bia = newUser(t, "bia@" + t.slug() + ".test");
        api().patch("/api/v1/users/" + bia, t.adminToken(), Map.of("name", "Beatriz"));
        assertThat(api().get("/api/v1/audit/verify", t.adminToken())
                        .json()
                        .get("valid")
                        .asBoolean())
                .isTrue();

        long seq = db.select(AUDIT_ENTRY.SEQ)
                .from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(AUDIT_ENTRY.ACTION.eq("user.renamed")))
                .fetchOne(AUDIT_ENTRY.SEQ);
        UUID id = db.select(AUDIT_ENTRY.ID)
                .from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.WORKSPACE_ID.eq(t.id()).and(AUDIT_ENTRY.SEQ.eq(seq)))
                .fetchOne(AUDIT_ENTRY.ID);
        // Someone with the power to switch the trigger off edits the entry.
        DSLContext owner = DSL.using(schemaOwner(), SQLDialect.POSTGRES);
        owner.execute("alter table audit_entry disable trigger audit_entry_append_only");
        try {
            owner.execute(
                    "update audit_entry set after = '{\"name\": \"Mallory\"}' where workspace_id = ? and seq = ?",
                    t.id(),
                    seq);
        } finally {
            owner.execute("alter table audit_entry enable trigger audit_entry_append_only");
        }

        Api.Response verify = api().get("/api/v1/audit/verify", t.adminToken());

        assertThat(verify.json().get("valid").asBoolean()).isFalse();
        assertThat(verify.json().get("firstBrokenId").asString()).isEqualTo(id.toString());
    }

    @Test
    void theApplicationCannotChangeOrRemoveEntries() {
        Tenant t = newWorkspace();

        assertThatThrownBy(() -> db.execute("update audit_entry set action = 'x' where workspace_id = ?", t.id()))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.execute("delete from audit_entry where workspace_id = ?", t.id()))
                .hasMessageContaining("append-only");
    }

    @Test
    void concurrentWritersNeverForkTheChain() throws Exception {
        Tenant t = newWorkspace();
        List<CompletableFuture<Api.Response>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            writes.add(CompletableFuture.supplyAsync(
                    () -> api().post("/api/v1/departments", t.adminToken(), Map.of("name", "D" + n))));
        }
        for (CompletableFuture<Api.Response> w : writes) {
            assertThat(w.get().status()).isEqualTo(201);
        }

        var verify = api().get("/api/v1/audit/verify", t.adminToken()).json();
        assertThat(verify.get("valid").asBoolean()).isTrue();
        assertThat(verify.get("entries").asLong())
                .isEqualTo(db.fetchCount(AUDIT_ENTRY, AUDIT_ENTRY.WORKSPACE_ID.eq(t.id())));
    }

    @Test
    void readingTheLogNeedsAuditRead() {
        Tenant t = newWorkspace();
        String email = "seller@" + t.slug() + ".test";
        newUser(t, email);

        Api.Response refused = api().get("/api/v1/audit", login(t.slug(), email, PASSWORD));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).isEqualTo("missing permission: audit.read");
    }
}
