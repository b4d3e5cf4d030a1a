package io.custodia.access;

import io.custodia.platform.Tenancy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes campaigns whose deadline has come (access-model, "Access review campaigns"), each in its
 * own transaction with its row locked, so two nodes sweeping at once close it once: the second
 * finds it closed and leaves it.
 */
@Service
class CampaignDeadlines {
    private final ReviewCampaigns campaigns;
    private final CampaignDecisions decisions;
    private final AccessPolicies access;
    private final TransactionTemplate tx;

    CampaignDeadlines(
            ReviewCampaigns campaigns,
            CampaignDecisions decisions,
            AccessPolicies access,
            PlatformTransactionManager transactions) {
        this.campaigns = campaigns;
        this.decisions = decisions;
        this.access = access;
        this.tx = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${custodia.reviews.deadline-poll:PT1M}")
    public void sweep() {
        closeDue(access.now());
    }

    /** Closes every open campaign due at {@code now}; answers how many it closed. */
    int closeDue(Instant now) {
        List<ReviewCampaigns.Due> due = Tenancy.acrossWorkspaces(
                () -> tx.execute(status -> campaigns.due(OffsetDateTime.ofInstant(now, ZoneOffset.UTC))));
        int closed = 0;
        for (ReviewCampaigns.Due d : due) {
            Boolean done = Tenancy.in(
                    d.workspaceId(),
                    () -> tx.execute(status -> campaigns
                            .lock(d.workspaceId(), d.id())
                            .filter(c -> !c.closed())
                            .map(c -> {
                                decisions.close(d.workspaceId(), c, CampaignDecisions.CUSTODIA);
                                return true;
                            })
                            .orElse(false)));
            closed += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return closed;
    }
}
