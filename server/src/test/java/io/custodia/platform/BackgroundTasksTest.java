package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * The server's background tasks (rekeying moved owners' records, job heartbeats, webhook and mail
 * delivery, conversation heartbeats, the recycle bin's purge, old idempotency keys) each run on a
 * thread of their own. Rekeying the records of an owner of 200,000 deals takes about half a minute
 * (minutes for millions); on one shared thread every webhook, e-mail and heartbeat waited for it,
 * and past two minutes other nodes would have declared this node's running imports abandoned.
 */
class BackgroundTasksTest extends ApiTest {
    @Autowired
    List<ScheduledTaskHolder> holders;

    @Autowired
    ThreadPoolTaskScheduler scheduler;

    @Test
    void everyBackgroundTaskHasAThreadOfItsOwnSoALongRekeyingHoldsUpNoHeartbeat() {
        int tasks = holders.stream()
                .mapToInt(holder -> holder.getScheduledTasks().size())
                .sum();

        assertThat(tasks).as("scheduled tasks found").isGreaterThanOrEqualTo(7);
        assertThat(scheduler.getPoolSize())
                .as("threads for %d scheduled tasks", tasks)
                .isGreaterThanOrEqualTo(tasks);
    }
}
