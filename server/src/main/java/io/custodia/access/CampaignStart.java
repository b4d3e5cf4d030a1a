package io.custodia.access;

import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ValueRules;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.Organization;
import io.custodia.policy.SystemPermission;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Starting an access review campaign (access-model, "Access review campaigns"): the body checked,
 * each live grant in the scope snapshotted as an item, and each item given its reviewer.
 */
@Service
class CampaignStart {
    static final Set<String> KINDS = Set.of("everyone", "department", "administrators", "apps");
    static final Set<String> DECISIONS = Set.of("keep", "revoke");
    static final int NAME_MAX = 200;

    private final ReviewCampaigns campaigns;
    private final List<ReviewedGrants> grants;
    private final AccessPolicies access;
    private final DirectoryFacts directory;
    private final AuditLog audit;

    CampaignStart(
            ReviewCampaigns campaigns,
            List<ReviewedGrants> grants,
            AccessPolicies access,
            DirectoryFacts directory,
            AuditLog audit) {
        this.campaigns = campaigns;
        this.grants = grants;
        this.access = access;
        this.directory = directory;
        this.audit = audit;
    }

    record Asked(String name, String kind, UUID departmentId, String dueAt, String onTimeout, UUID reviewerId) {}

    /** What a campaign is over and how it ends, checked: the scope, the rule at the deadline, the reviewer. */
    record Plan(String kind, UUID departmentId, String onTimeout, UUID reviewerId) {}

    @Transactional
    ReviewCampaigns.Campaign start(WorkspacePrincipal me, Asked asked) {
        UUID ws = me.workspaceId();
        Plan plan = plan(me, asked.kind(), asked.departmentId(), asked.onTimeout(), asked.reviewerId());
        String name = text("name", asked.name());
        if (asked.dueAt() == null) {
            throw ApiProblem.invalid("dueAt", "required");
        }
        OffsetDateTime dueAt = ValueRules.expiry("dueAt", asked.dueAt(), access.now());
        Set<UUID> active = directory.activePeople(ws);
        UUID id = UUID.randomUUID();
        List<ReviewCampaigns.Item> items = items(ws, id, plan, me.principalId(), active);
        if (items.isEmpty()) {
            throw ApiProblem.invalid("scope", "nothing to review: no live grant in this scope");
        }
        OffsetDateTime now =
                OffsetDateTime.ofInstant(access.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        ReviewCampaigns.Campaign campaign = new ReviewCampaigns.Campaign(
                id,
                name,
                plan.kind(),
                plan.departmentId(),
                plan.reviewerId(),
                plan.onTimeout(),
                me.principalId(),
                now,
                dueAt,
                null,
                null);
        campaigns.insert(ws, campaign, items);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("name", name);
        what.put("scope", plan.kind());
        what.put("departmentId", plan.departmentId());
        what.put("dueAt", dueAt.toString());
        what.put("onTimeout", plan.onTimeout());
        what.put("reviewerId", plan.reviewerId());
        what.put("items", items.size());
        audit.record(ws, AuditLog.Actor.of(me), "access_review.started", "access_review", id, null, what);
        return campaign;
    }

    /**
     * Refuses (403) whoever may not start such a campaign: {@code roles.manage}, and
     * {@code integrations.manage} for apps; then (422) a plan that does not hold together.
     */
    Plan plan(WorkspacePrincipal me, String kind, UUID departmentId, String onTimeout, UUID reviewerId) {
        access.require(me, SystemPermission.ROLES_MANAGE);
        UUID ws = me.workspaceId();
        if (kind == null || !KINDS.contains(kind)) {
            throw ApiProblem.invalid("scope.kind", "one of [administrators, apps, department, everyone]");
        }
        if (kind.equals("apps")) {
            access.require(me, SystemPermission.INTEGRATIONS_MANAGE);
        }
        if (kind.equals("department")) {
            if (departmentId == null || !directory.departmentExists(ws, departmentId)) {
                throw ApiProblem.invalid("scope.departmentId", "a department of the workspace");
            }
        } else if (departmentId != null) {
            throw ApiProblem.invalid("scope.departmentId", "only with the kind department");
        }
        if (onTimeout == null || !DECISIONS.contains(onTimeout)) {
            throw ApiProblem.invalid("onTimeout", "one of [keep, revoke]");
        }
        if (reviewerId != null && !directory.activePeople(ws).contains(reviewerId)) {
            throw ApiProblem.invalid("reviewerId", "an active person of the workspace");
        }
        return new Plan(kind, departmentId, onTimeout, reviewerId);
    }

    /** A text field: present, not blank, at most {@link #NAME_MAX} characters, storable. */
    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(field, "required, not blank");
        }
        if (value.length() > NAME_MAX) {
            throw ApiProblem.invalid(field, "at most {0} characters", NAME_MAX);
        }
        ValueRules.ofText(value).ifPresent(problem -> {
            throw ApiProblem.invalid(field, problem);
        });
        return value;
    }

    private List<ReviewCampaigns.Item> items(UUID ws, UUID campaignId, Plan asked, UUID starter, Set<UUID> active) {
        boolean apps = asked.kind().equals("apps");
        // An apps campaign reviews apps' authorisations; a people scope every other kind of grant.
        List<ReviewedGrants> sources = grants.stream()
                .filter(g -> apps == g.kind().equals(CampaignRights.APP_KIND))
                .toList();
        Organization org = directory.organization(ws);
        Predicate<UUID> inScope = switch (asked.kind()) {
            case "everyone" -> active::contains;
            case "department" ->
                u -> active.contains(u) && org.isInSubtree(new UserId(u), new DepartmentId(asked.departmentId()));
            case "administrators" ->
                u -> active.contains(u)
                        && !access.accessOf(ws, u).systemPermissions().isEmpty();
            default -> u -> true;
        };
        Map<UUID, DirectoryFacts.User> users = directory.users(ws).stream()
                .collect(Collectors.toMap(DirectoryFacts.User::id, u -> u, (a, b) -> a, LinkedHashMap::new));
        Reviewers reviewers = new Reviewers(org, users.values(), active, asked.reviewerId(), starter);
        List<Kinded> held = sources.stream()
                .flatMap(source -> source.held(ws).stream().map(h -> new Kinded(source.kind(), h)))
                .filter(k -> inScope.test(k.held().subjectId()))
                .sorted(Comparator.comparing(
                                (Kinded k) -> label(users.get(k.held().subjectId())))
                        .thenComparing(Kinded::kind)
                        .thenComparing(k -> k.held().grant())
                        .thenComparing(k -> k.held().grantId()))
                .toList();
        List<ReviewCampaigns.Item> items = new ArrayList<>();
        for (Kinded k : held) {
            ReviewedGrants.Held h = k.held();
            UUID reviewer = apps ? reviewers.ofApp(h.subjectId()) : reviewers.ofPerson(h.subjectId());
            if (reviewer == null) {
                throw ApiProblem.invalid(
                        "reviewerId",
                        "nobody but {0} could review their own access; name another reviewer",
                        label(users.get(h.subjectId())));
            }
            items.add(new ReviewCampaigns.Item(
                    UUID.randomUUID(),
                    campaignId,
                    items.size(),
                    k.kind(),
                    h.grantId(),
                    h.subjectId(),
                    label(users.get(h.subjectId())),
                    h.grant(),
                    h.expiresAt() == null ? null : h.expiresAt().truncatedTo(ChronoUnit.MICROS),
                    reviewer,
                    null,
                    null,
                    null,
                    null,
                    null));
        }
        return items;
    }

    /** A live grant with its kind. */
    private record Kinded(String kind, ReviewedGrants.Held held) {}

    private static String label(DirectoryFacts.User user) {
        return user == null ? "?" : user.name() + " <" + user.email() + ">";
    }
}
