package io.custodia.records;

import static io.custodia.platform.db.Tables.COMPANY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.ApiTest;
import io.custodia.platform.OneNodeAtATime;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The nightly purge of the recycle bin, like every task that sweeps all workspaces, runs on one node
 * at a time: while one node runs it, another node's run skips; once it is done, the next runs.
 */
class TrashPurgeOnTwoNodesTest extends ApiTest {
    @Autowired
    OneNodeAtATime oneNode;

    @Test
    void whileOneNodePurgesTheOtherNodesPurgeSkips() {
        Tenant t = newWorkspace();
        UUID company = UUID.fromString(
                created(api().post("/api/v1/companies", t.adminToken(), Map.of("name", "Deleted long ago"))));
        api().send("DELETE", "/api/v1/companies/" + company, t.adminToken(), null, null);
        db.update(COMPANY)
                .set(COMPANY.DELETED_AT, OffsetDateTime.now().minusDays(31))
                .where(COMPANY.WORKSPACE_ID.eq(t.id()).and(COMPANY.ID.eq(company)))
                .execute();
        try (ConfigurableApplicationContext other = secondNode()) {
            RecordTrash nodeB = other.getBean(RecordTrash.class);
            AtomicBoolean held = new AtomicBoolean();

            // This node holds the purge (as if in the middle of its own run) while node B's starts.
            boolean ran = oneNode.run(RecordTrash.PURGE, () -> {
                held.set(true);
                nodeB.purgeOldTrash();
                assertThat(db.fetchExists(COMPANY, COMPANY.ID.eq(company)))
                        .as("purged by node B while node A ran")
                        .isTrue();
            });
            assertThat(ran).isTrue();
            assertThat(held).isTrue();

            nodeB.purgeOldTrash();

            assertThat(db.fetchExists(COMPANY, COMPANY.ID.eq(company))).isFalse();
        }
    }

    @Test
    void aRunThatFailsLetsTheNextOneRun() {
        String task = "test.failing-" + UUID.randomUUID();
        assertThatThrownBy(() -> oneNode.run(task, () -> {
                    throw new IllegalStateException("failed mid-run");
                }))
                .hasMessage("failed mid-run");

        assertThat(oneNode.run(task, () -> {})).isTrue();
        // And a task does not run inside itself on the same node either.
        assertThat(oneNode.run(
                        task, () -> assertThat(oneNode.run(task, () -> {})).isFalse()))
                .isTrue();
    }
}
