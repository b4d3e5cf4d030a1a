package io.custodia.access;

import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.EntityType;
import io.custodia.policy.Grant;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Source;
import io.custodia.policy.SystemPermission;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The access review (seed 001): one row per user with its roles, the read levels that are in effect
 * (deal levels stage by stage where the stages differ) and flags for what a reviewer should look at.
 */
@Component
class AccessReview {
    static final int IDLE_DAYS = 90;
    static final String AUTHORISED_A_LIVE_APP = "authorised a live app";
    static final String DEACTIVATED_AUTHORISED_A_LIVE_APP = "deactivated, authorised a live app";

    private final AccessPolicies access;
    private final DirectoryFacts directory;
    private final RecordLookup records;
    private final DealStages stages;
    private final LiveAppConsents apps;

    AccessReview(
            AccessPolicies access,
            DirectoryFacts directory,
            RecordLookup records,
            DealStages stages,
            LiveAppConsents apps) {
        this.access = access;
        this.directory = directory;
        this.records = records;
        this.stages = stages;
        this.apps = apps;
    }

    record RoleHeld(UUID roleId, String roleName, Source source) {}

    record Row(
            UUID userId,
            String email,
            String name,
            String status,
            OffsetDateTime lastSignInAt,
            List<RoleHeld> roles,
            Map<String, String> readLevels,
            List<String> systemPermissions,
            List<String> flags) {}

    List<Row> rows(UUID ws) {
        List<Row> rows = new ArrayList<>();
        OffsetDateTime idleSince = OffsetDateTime.now().minusDays(IDLE_DAYS);
        Map<UUID, String> dealStages = stages.namesOf(ws);
        Set<UUID> authorisers = apps.authorisersOfLiveApps(ws);
        for (var user : directory.users(ws)) {
            CompiledAccess compiled = access.accessOf(ws, user.id());
            List<String> flags = new ArrayList<>();
            boolean administrator = compiled.has(SystemPermission.WORKSPACE_MANAGE);
            if (administrator
                    && (user.lastSignInAt() == null || user.lastSignInAt().isBefore(idleSince))) {
                flags.add("administrator idle over " + IDLE_DAYS + " days");
            }
            if (!AccessInsightController.conflictsOf(compiled).isEmpty()) {
                flags.add("has conflicts");
            }
            boolean deactivated = user.status().equals("deactivated");
            if (deactivated) {
                long owned = records.countOwnedBy(ws, user.id());
                if (owned > 0) {
                    flags.add("deactivated but owns " + owned + " record(s)");
                }
                long lists = records.countListsOwnedBy(ws, user.id());
                if (lists > 0) {
                    flags.add("deactivated but owns " + lists + " shared list(s)");
                }
            }
            if (authorisers.contains(user.id())) {
                flags.add(deactivated ? DEACTIVATED_AUTHORISED_A_LIVE_APP : AUTHORISED_A_LIVE_APP);
            }
            rows.add(new Row(
                    user.id(),
                    user.email(),
                    user.name(),
                    user.status(),
                    user.lastSignInAt(),
                    compiled.roles().stream()
                            .map(h ->
                                    new RoleHeld(h.role().id().value(), h.role().name(), h.source()))
                            .toList(),
                    readLevels(compiled, dealStages),
                    compiled.systemPermissions().stream()
                            .sorted()
                            .map(SystemPermission::key)
                            .toList(),
                    flags));
        }
        return rows;
    }

    /**
     * What the user reads of each record type. A deal is always at some stage, so the deal level is
     * the stages' own (the entity's entry applies only to stages no role details): one level when
     * every stage agrees, else {@code deal} says so and {@code deal[Pipeline / Stage]} gives each.
     */
    static Map<String, String> readLevels(CompiledAccess compiled, Map<UUID, String> dealStages) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (EntityType entity : EntityType.values()) {
            if (entity != EntityType.DEAL || dealStages.isEmpty()) {
                levels.put(
                        entity.key(),
                        level(compiled.resolution(entity, null, Action.READ).effective()));
                continue;
            }
            Map<String, String> byStage = new LinkedHashMap<>();
            dealStages.forEach((id, name) -> byStage.put(
                    entity.key() + "[" + name + "]",
                    level(compiled.resolution(entity, new StageId(id), Action.READ)
                            .effective())));
            Set<String> distinct = new LinkedHashSet<>(byStage.values());
            if (distinct.size() == 1) {
                levels.put(entity.key(), distinct.iterator().next());
            } else {
                levels.put(entity.key(), "by stage");
                levels.putAll(byStage);
            }
        }
        return levels;
    }

    private static String level(List<Grant> grants) {
        return grants.isEmpty()
                ? "NONE"
                : String.join(" or ", grants.stream().map(Grant::toString).toList());
    }
}
