package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ValueRules;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.platform.WorkspaceSecrets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deciding items and closing campaigns (access-model, "Access review campaigns"). A revocation goes
 * through the grant's own path with the starter's authority, in a savepoint: refused, it leaves
 * the grant as it was and the item says why.
 */
@Service
class CampaignDecisions {
    static final int COMMENT_MAX = 2000;
    static final AuditLog.Actor CUSTODIA = new AuditLog.Actor(null, "Custodia");

    private final ReviewCampaigns campaigns;
    private final CampaignRights rights;
    private final CampaignViews views;
    private final List<ReviewedGrants> grants;
    private final AccessPolicies access;
    private final DirectoryFacts directory;
    private final AuditLog audit;
    private final TransactionTemplate savepoint;

    CampaignDecisions(
            ReviewCampaigns campaigns,
            CampaignRights rights,
            CampaignViews views,
            List<ReviewedGrants> grants,
            AccessPolicies access,
            DirectoryFacts directory,
            AuditLog audit,
            PlatformTransactionManager transactions) {
        this.campaigns = campaigns;
        this.rights = rights;
        this.views = views;
        this.grants = grants;
        this.access = access;
        this.directory = directory;
        this.audit = audit;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** The starter, whose authority a campaign's revocations are checked with. */
    record Starter(UUID workspaceId, UUID principalId, String principalName) implements WorkspacePrincipal {}

    @Transactional
    CampaignViews.ItemView decide(
            WorkspacePrincipal me, UUID campaignId, UUID itemId, String decision, String comment) {
        UUID ws = me.workspaceId();
        ReviewCampaigns.Campaign campaign =
                campaigns.lock(ws, campaignId).orElseThrow(() -> CampaignRights.notFound(campaignId));
        CampaignRights.View view = rights.view(me, campaign);
        ReviewCampaigns.Item item = campaigns
                .item(ws, campaignId, itemId)
                // INVARIANT: a reviewer learns nothing of items not theirs, not even that they exist.
                .filter(i ->
                        view == CampaignRights.View.MANAGER || i.reviewerId().equals(me.principalId()))
                .orElseThrow(() -> ApiProblem.notFound("item {0}", itemId));
        if (!item.reviewerId().equals(me.principalId())) {
            throw ApiProblem.forbiddenBecause("only the item's reviewer decides it");
        }
        if (decision == null || !CampaignStart.DECISIONS.contains(decision)) {
            throw ApiProblem.invalid("decision", "one of [keep, revoke]");
        }
        if (comment != null) {
            if (comment.length() > COMMENT_MAX) {
                throw ApiProblem.invalid("comment", "at most {0} characters", COMMENT_MAX);
            }
            ValueRules.ofText(comment).ifPresent(problem -> {
                throw ApiProblem.invalid("comment", problem);
            });
        }
        if (campaign.closed()) {
            throw ApiProblem.conflict("the access review is closed");
        }
        if (item.outcome() != null) {
            throw ApiProblem.conflict("the item is decided already");
        }
        ReviewedGrants source = source(item.kind());
        if (source.live(ws, List.of(item.grantId())).isEmpty()) {
            throw ApiProblem.conflict("the grant is gone: the item needs no decision");
        }
        Outcome outcome = decision.equals("keep")
                ? new Outcome("kept", null)
                : revoke(ws, campaign, item, source, AuditLog.Actor.of(me));
        campaigns.settle(ws, item.id(), decision, comment, now(), outcome.outcome(), outcome.reason());
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("itemId", item.id());
        what.put("kind", item.kind());
        what.put("grantId", item.grantId());
        what.put("subjectId", item.subjectId());
        what.put("decision", decision);
        what.put("comment", comment);
        what.put("outcome", outcome.outcome());
        what.put("reason", outcome.reason());
        audit.record(ws, AuditLog.Actor.of(me), "access_review.decided", "access_review", campaignId, null, what);
        ReviewCampaigns.Item settled = campaigns.item(ws, campaignId, itemId).orElseThrow();
        return CampaignViews.ItemView.of(
                settled, Set.of(item.grantId()), seenBy(me, List.of(settled)).get(settled.id()));
    }

    /** Closes by hand: only its managers. */
    @Transactional
    String close(WorkspacePrincipal me, UUID campaignId) {
        ReviewCampaigns.Campaign campaign =
                campaigns.lock(me.workspaceId(), campaignId).orElseThrow(() -> CampaignRights.notFound(campaignId));
        rights.requireManager(me, campaign);
        return close(me.workspaceId(), campaign, AuditLog.Actor.of(me));
    }

    /**
     * Applies the campaign's rule to undecided items, writes the result once and seals it: its
     * SHA-256 goes into the close's audit entry. Answers the hash.
     */
    @Transactional
    String close(UUID ws, ReviewCampaigns.Campaign campaign, AuditLog.Actor actor) {
        if (campaign.closed()) {
            throw ApiProblem.conflict("the access review is closed");
        }
        List<ReviewCampaigns.Item> items = campaigns.items(ws, campaign.id(), null);
        Set<String> live = live(ws, items);
        OffsetDateTime now = now();
        for (ReviewCampaigns.Item item : items) {
            if (item.outcome() != null) {
                continue;
            }
            Outcome outcome;
            if (!live.contains(item.grantId())) {
                outcome = new Outcome("gone", null);
            } else if (campaign.onTimeout().equals("keep")) {
                outcome = new Outcome("kept", "undecided at the close: kept by the campaign's rule");
            } else {
                outcome = revoke(ws, campaign, item, source(item.kind()), actor);
            }
            campaigns.settle(ws, item.id(), null, null, null, outcome.outcome(), outcome.reason());
        }
        ReviewCampaigns.Campaign closed = new ReviewCampaigns.Campaign(
                campaign.id(),
                campaign.name(),
                campaign.scopeKind(),
                campaign.departmentId(),
                campaign.reviewerId(),
                campaign.onTimeout(),
                campaign.startedBy(),
                campaign.startedAt(),
                campaign.dueAt(),
                now,
                null);
        List<ReviewCampaigns.Item> settled = campaigns.items(ws, campaign.id(), null);
        String result = views.resultJson(closed, settled, Set.of(), sealed(settled));
        String sha256 = WorkspaceSecrets.sha256(result);
        campaigns.seal(ws, campaign.id(), now, result, sha256);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("resultSha256", sha256);
        what.put("items", settled.size());
        audit.record(ws, actor, "access_review.closed", "access_review", campaign.id(), null, what);
        return sha256;
    }

    /** Which of the items' grants still live, every kind asked once. */
    Set<String> live(UUID ws, List<ReviewCampaigns.Item> items) {
        return byKind(items).entrySet().stream()
                .flatMap(e -> source(e.getKey()).live(ws, grantIds(e.getValue())).stream())
                .collect(Collectors.toSet());
    }

    /**
     * What the items' grants are on as {@code reader} may see it now, by item id, every kind asked
     * once; items whose grant is on nothing else are absent (access-model, "What an item tells").
     */
    Map<UUID, ReviewedGrants.Target> seenBy(WorkspacePrincipal reader, List<ReviewCampaigns.Item> items) {
        Map<UUID, ReviewedGrants.Target> out = new HashMap<>();
        byKind(items).forEach((kind, ofKind) -> {
            Map<String, ReviewedGrants.Target> seen = source(kind).seenBy(reader, grantIds(ofKind));
            ofKind.stream()
                    .filter(i -> seen.containsKey(i.grantId()))
                    .forEach(i -> out.put(i.id(), seen.get(i.grantId())));
        });
        return out;
    }

    /** What the items' grants are on as the export holds it (types and ids, no names), by item id. */
    Map<UUID, ReviewedGrants.Target> sealed(List<ReviewCampaigns.Item> items) {
        Map<UUID, ReviewedGrants.Target> out = new HashMap<>();
        for (ReviewCampaigns.Item item : items) {
            ReviewedGrants.Target on = source(item.kind()).on(item.grantId());
            if (on != null) {
                out.put(item.id(), on);
            }
        }
        return out;
    }

    private static Map<String, List<ReviewCampaigns.Item>> byKind(List<ReviewCampaigns.Item> items) {
        return items.stream().collect(Collectors.groupingBy(ReviewCampaigns.Item::kind));
    }

    private static List<String> grantIds(List<ReviewCampaigns.Item> items) {
        return items.stream().map(ReviewCampaigns.Item::grantId).toList();
    }

    private record Outcome(String outcome, String reason) {}

    private Outcome revoke(
            UUID ws,
            ReviewCampaigns.Campaign campaign,
            ReviewCampaigns.Item item,
            ReviewedGrants source,
            AuditLog.Actor actor) {
        if (!directory.activePeople(ws).contains(campaign.startedBy())) {
            return new Outcome("refused", "whoever started the access review is no longer active");
        }
        Starter starter = new Starter(ws, campaign.startedBy(), actor.name());
        try {
            savepoint.executeWithoutResult(status -> source.revoke(starter, actor, item.grantId()));
            return new Outcome("revoked", null);
        } catch (ApiProblem refused) {
            return new Outcome("refused", refused.detail());
        }
    }

    private ReviewedGrants source(String kind) {
        return grants.stream().filter(g -> g.kind().equals(kind)).findFirst().orElseThrow();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(access.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
