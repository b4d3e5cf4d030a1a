package io.custodia.access;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.SystemPermission;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may do what with a campaign (access-model, "Access review campaigns"): its managers
 * ({@code roles.manage}, and {@code integrations.manage} for an apps campaign) everything; a
 * reviewer only their own items; anyone else nothing, told as 404 like a campaign that is not.
 */
@Component
class CampaignRights {
    static final String APP_KIND = "app_authorization";

    private final AccessPolicies access;
    private final ReviewCampaigns campaigns;

    CampaignRights(AccessPolicies access, ReviewCampaigns campaigns) {
        this.access = access;
        this.campaigns = campaigns;
    }

    /** What the caller may see of a campaign. */
    enum View {
        MANAGER,
        REVIEWER
    }

    boolean managesAll(WorkspacePrincipal me) {
        return access.has(me.workspaceId(), me.principalId(), SystemPermission.ROLES_MANAGE);
    }

    boolean manages(WorkspacePrincipal me, ReviewCampaigns.Campaign campaign) {
        return managesAll(me)
                && (!campaign.scopeKind().equals("apps")
                        || access.has(me.workspaceId(), me.principalId(), SystemPermission.INTEGRATIONS_MANAGE));
    }

    /** The caller's view of the campaign; 404 when they have none. */
    View view(WorkspacePrincipal me, ReviewCampaigns.Campaign campaign) {
        if (manages(me, campaign)) {
            return View.MANAGER;
        }
        if (campaigns.reviews(me.workspaceId(), campaign.id(), me.principalId())) {
            return View.REVIEWER;
        }
        throw notFound(campaign.id());
    }

    /** Refuses whoever does not manage the campaign: 404 if they may not see it, else 403. */
    void requireManager(WorkspacePrincipal me, ReviewCampaigns.Campaign campaign) {
        if (view(me, campaign) != View.MANAGER) {
            throw ApiProblem.forbidden(
                    campaign.scopeKind().equals("apps") ? "roles.manage, integrations.manage" : "roles.manage");
        }
    }

    static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("access review {0}", id);
    }
}
