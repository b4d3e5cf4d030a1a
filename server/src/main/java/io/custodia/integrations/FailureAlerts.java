package io.custodia.integrations;

import io.custodia.platform.Text;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Tells the administrators when an app's calls that are not ok (errors, and successes with refused
 * parts) reach a threshold within an hour: once, then at most once an hour while they go on.
 */
@Component
class FailureAlerts {
    private static final Logger log = LoggerFactory.getLogger(FailureAlerts.class);

    private final Apps apps;
    private final Administrators administrators;
    private final int threshold;

    FailureAlerts(
            Apps apps,
            Administrators administrators,
            @Value("${custodia.integrations.failures-per-hour:10}") int threshold) {
        this.apps = apps;
        this.administrators = administrators;
        this.threshold = threshold;
    }

    /** The app's calls that were not ok in the last hour, this one included. */
    void failed(UUID workspaceId, UUID appId, int inTheLastHour) {
        if (inTheLastHour < threshold || !apps.claimFailureNotice(workspaceId, appId)) {
            return;
        }
        apps.find(workspaceId, appId).ifPresent(app -> {
            int told = administrators.tell(
                    workspaceId,
                    appId,
                    "integration.failing",
                    Text.of("notice.integration.failing", app.name(), inTheLastHour));
            log.info("app {} failing ({} in the last hour): {} administrator(s) told", appId, inTheLastHour, told);
        });
    }
}
