package io.custodia.access;

import io.custodia.platform.WorkspacePrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading campaigns, each caller seeing what {@link CampaignRights} lets them (access-model, "Access review campaigns"). */
@Service
@Transactional(readOnly = true)
class CampaignQueries {
    private final ReviewCampaigns campaigns;
    private final CampaignRights rights;
    private final CampaignDecisions decisions;
    private final CampaignViews views;

    CampaignQueries(
            ReviewCampaigns campaigns, CampaignRights rights, CampaignDecisions decisions, CampaignViews views) {
        this.campaigns = campaigns;
        this.rights = rights;
        this.decisions = decisions;
        this.views = views;
    }

    List<CampaignViews.CampaignView> list(WorkspacePrincipal me) {
        UUID ws = me.workspaceId();
        List<CampaignViews.CampaignView> out = new ArrayList<>();
        for (ReviewCampaigns.Campaign c : campaigns.list(ws, rights.managesAll(me) ? null : me.principalId())) {
            if (rights.manages(me, c)) {
                out.add(view(me, c, CampaignRights.View.MANAGER));
            } else if (campaigns.reviews(ws, c.id(), me.principalId())) {
                out.add(view(me, c, CampaignRights.View.REVIEWER));
            }
        }
        return out;
    }

    CampaignViews.CampaignView get(WorkspacePrincipal me, UUID id) {
        ReviewCampaigns.Campaign c = find(me, id);
        return view(me, c, rights.view(me, c));
    }

    /** The items: a reviewer's own, or with {@code mine} the caller's own; all of them to a manager. */
    List<CampaignViews.ItemView> items(WorkspacePrincipal me, UUID id, boolean mine) {
        ReviewCampaigns.Campaign c = find(me, id);
        boolean own = mine || rights.view(me, c) == CampaignRights.View.REVIEWER;
        List<ReviewCampaigns.Item> items = campaigns.items(me.workspaceId(), id, own ? me.principalId() : null);
        Set<String> live = live(me.workspaceId(), c, items);
        Map<UUID, ReviewedGrants.Target> seen = decisions.seenBy(me, items);
        return items.stream()
                .map(i -> CampaignViews.ItemView.of(i, live, seen.get(i.id())))
                .toList();
    }

    /** The export: once closed, the sealed result as written; before, the campaign as it stands. */
    String exportJson(WorkspacePrincipal me, UUID id) {
        ReviewCampaigns.Campaign c = find(me, id);
        rights.requireManager(me, c);
        if (c.closed()) {
            return campaigns.result(me.workspaceId(), id).orElseThrow();
        }
        List<ReviewCampaigns.Item> items = campaigns.items(me.workspaceId(), id, null);
        return views.resultJson(c, items, live(me.workspaceId(), c, items), decisions.sealed(items));
    }

    String exportCsv(WorkspacePrincipal me, UUID id) {
        return views.csv(exportJson(me, id));
    }

    private ReviewCampaigns.Campaign find(WorkspacePrincipal me, UUID id) {
        return campaigns.find(me.workspaceId(), id).orElseThrow(() -> CampaignRights.notFound(id));
    }

    private CampaignViews.CampaignView view(WorkspacePrincipal me, ReviewCampaigns.Campaign c, CampaignRights.View v) {
        boolean manager = v == CampaignRights.View.MANAGER;
        List<ReviewCampaigns.Item> items = campaigns.items(me.workspaceId(), c.id(), manager ? null : me.principalId());
        ReviewCampaigns.Counts counts = CampaignViews.counts(items, live(me.workspaceId(), c, items));
        return manager ? CampaignViews.CampaignView.full(c, counts) : CampaignViews.CampaignView.forReviewer(c, counts);
    }

    /** Closed, every item has its outcome; open, the undecided ones are asked whether their grant lives. */
    private Set<String> live(UUID ws, ReviewCampaigns.Campaign c, List<ReviewCampaigns.Item> items) {
        return c.closed() ? Set.of() : decisions.live(ws, items);
    }
}
