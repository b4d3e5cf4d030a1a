package io.custodia.platform;

import static io.custodia.platform.db.Tables.DEPARTMENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job started inside a request's transaction (an offboarding starts its job in the request that
 * deactivates the person) runs only once that transaction commits, so it sees what the request
 * stored; if the request fails after starting it, none of it runs and the job says why.
 */
class JobsStartWhenTheirRequestCommitsTest extends ApiTest {
    @Autowired
    Jobs jobs;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aJobStartedInATransactionSeesWhatItStored() {
        Tenant t = newWorkspace();
        UUID department = UUID.randomUUID();
        AtomicReference<Boolean> sawIt = new AtomicReference<>();
        UUID job = transaction.execute(s -> {
            Tenancy.enter(t.id());
            db.insertInto(DEPARTMENT)
                    .set(DEPARTMENT.WORKSPACE_ID, t.id())
                    .set(DEPARTMENT.ID, department)
                    .set(DEPARTMENT.NAME, "Stored by the request")
                    .execute();
            return jobs.start(t.id(), t.adminId(), "test.sees", 1, Optional::empty, progress -> {
                sawIt.set(db.fetchExists(DEPARTMENT, DEPARTMENT.ID.eq(department)));
                return "done";
            });
        });
        assertThat(finalState(t, job)).isEqualTo("DONE");
        assertThat(sawIt.get())
                .as("the job saw the department its request stored")
                .isTrue();
    }

    @Test
    void aJobWhoseRequestFailsNeverRuns() {
        Tenant t = newWorkspace();
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<UUID> job = new AtomicReference<>();
        try {
            transaction.executeWithoutResult(s -> {
                Tenancy.enter(t.id());
                job.set(jobs.start(t.id(), t.adminId(), "test.rolled-back", 1, Optional::empty, progress -> {
                    ran.set(true);
                    return "done";
                }));
                throw new IllegalStateException("the request fails after starting the job");
            });
        } catch (IllegalStateException expected) {
            // The request's failure, as its caller would see it.
        }
        assertThat(finalState(t, job.get())).isEqualTo("FAILED");
        assertThat(jobs.find(t.id(), job.get()).orElseThrow().result().toString())
                .contains("none of it ran");
        assertThat(ran).isFalse();
    }

    private String finalState(Tenant t, UUID job) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        String state = jobs.find(t.id(), job).orElseThrow().state();
        while (state.equals("RUNNING") && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
            state = jobs.find(t.id(), job).orElseThrow().state();
        }
        return state;
    }
}
