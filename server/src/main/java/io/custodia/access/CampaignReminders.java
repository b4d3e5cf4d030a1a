package io.custodia.access;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Whom to remind of which campaign the day before its deadline: each reviewer with undecided items. */
@Component
class CampaignReminders implements ReviewReminders {
    private final ReviewCampaigns campaigns;
    private final CampaignDecisions decisions;

    CampaignReminders(ReviewCampaigns campaigns, CampaignDecisions decisions) {
        this.campaigns = campaigns;
        this.decisions = decisions;
    }

    @Override
    public List<Reminder> claim(OffsetDateTime now, Duration ahead) {
        List<Reminder> reminders = new ArrayList<>();
        for (ReviewCampaigns.Due due : campaigns.claimReminders(now, now.plus(ahead))) {
            ReviewCampaigns.Campaign c =
                    campaigns.find(due.workspaceId(), due.id()).orElseThrow();
            List<ReviewCampaigns.Item> items = campaigns.items(due.workspaceId(), due.id(), null);
            Set<String> live = decisions.live(due.workspaceId(), items);
            Map<UUID, Integer> undecided = new LinkedHashMap<>();
            for (ReviewCampaigns.Item item : items) {
                if (CampaignViews.ItemView.of(item, live, null).outcome() == null) {
                    undecided.merge(item.reviewerId(), 1, Integer::sum);
                }
            }
            undecided.forEach((reviewer, count) ->
                    reminders.add(new Reminder(due.workspaceId(), c.id(), c.name(), c.dueAt(), reviewer, count)));
        }
        return reminders;
    }
}
