package io.custodia.access;

import static io.custodia.platform.db.Tables.SHARING_RULE;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custodia.policy.Condition;
import io.custodia.policy.EntityType;
import io.custodia.policy.FieldCatalog;
import io.custodia.policy.Ids.DepartmentId;
import io.custodia.policy.Ids.TeamId;
import io.custodia.policy.RoleDocument;
import io.custodia.policy.RoleTree;
import io.custodia.policy.ShareLevel;
import io.custodia.policy.SharingRule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workspace's sharing rules (access-model, "Sharing rules"): stored as the API writes them,
 * read into the policy like roles and their assignments.
 */
@Repository
public class SharingRules {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final FieldCatalogs catalogs;

    SharingRules(DSLContext db, FieldCatalogs catalogs) {
        this.db = db;
        this.catalogs = catalogs;
    }

    /** A rule as stored: exactly one of the two {@code from}s and one of the three {@code to}s is set. */
    public record Stored(
            UUID id,
            String name,
            EntityType entity,
            UUID fromDepartmentId,
            boolean includeSubdepartments,
            Condition condition,
            UUID toDepartmentId,
            UUID toTeamId,
            boolean toEveryone,
            ShareLevel level) {

        /** The rule as the engine sees it, naming the group it reaches by {@code groupNames}. */
        public SharingRule toEngine(Map<UUID, String> groupNames) {
            SharingRule.From from = fromDepartmentId != null
                    ? new SharingRule.FromDepartment(new DepartmentId(fromDepartmentId), includeSubdepartments)
                    : new SharingRule.FromCondition(condition);
            SharingRule.To to;
            String audience;
            if (toDepartmentId != null) {
                to = new SharingRule.ToDepartment(new DepartmentId(toDepartmentId));
                audience = groupNames.get(toDepartmentId);
            } else if (toTeamId != null) {
                to = new SharingRule.ToTeam(new TeamId(toTeamId));
                audience = groupNames.get(toTeamId);
            } else {
                to = new SharingRule.ToEveryone();
                audience = "everyone";
            }
            return new SharingRule(id, name, entity, from, to, level, audience);
        }

        /** The rule as the API shows it (docs/api.md, "Sharing rules"). */
        public SharingRuleView view() {
            SharingRuleFrom from = fromDepartmentId != null
                    ? new SharingRuleFrom(fromDepartmentId, includeSubdepartments, null)
                    : new SharingRuleFrom(null, null, RoleTree.writeCondition(condition));
            SharingRuleTo to = new SharingRuleTo(toDepartmentId, toTeamId, toEveryone ? Boolean.TRUE : null);
            return new SharingRuleView(id, name, entity.key(), from, to, level.name());
        }
    }

    /** A rule as answered. */
    public record SharingRuleView(
            UUID id, String name, String entity, SharingRuleFrom from, SharingRuleTo to, String level) {}

    /** Which records: a department's members' (with or without those below it), or a condition's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharingRuleFrom(UUID departmentId, Boolean includeSubdepartments, Map<String, Object> condition) {}

    /** With whom: a department's members, a team's, or everyone. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharingRuleTo(UUID departmentId, UUID teamId, Boolean everyone) {}

    /** Every rule of the workspace, by name. */
    public List<Stored> all(UUID workspaceId) {
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        return db.selectFrom(SHARING_RULE)
                .where(SHARING_RULE.WORKSPACE_ID.eq(workspaceId))
                .orderBy(SHARING_RULE.NAME, SHARING_RULE.ID)
                .fetch(r -> stored(r, catalog));
    }

    Optional<Stored> find(UUID workspaceId, UUID id) {
        FieldCatalog catalog = catalogs.catalogOf(workspaceId);
        return db.selectFrom(SHARING_RULE)
                .where(SHARING_RULE.WORKSPACE_ID.eq(workspaceId).and(SHARING_RULE.ID.eq(id)))
                .fetchOptional(r -> stored(r, catalog));
    }

    /** How many rules share from or with the department (a department some rule names cannot be deleted). */
    public int countNaming(UUID workspaceId, UUID departmentId) {
        return db.fetchCount(
                SHARING_RULE,
                SHARING_RULE
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(SHARING_RULE
                                .FROM_DEPARTMENT_ID
                                .eq(departmentId)
                                .or(SHARING_RULE.TO_DEPARTMENT_ID.eq(departmentId))));
    }

    void create(UUID workspaceId, Stored rule) {
        db.insertInto(SHARING_RULE)
                .set(SHARING_RULE.WORKSPACE_ID, workspaceId)
                .set(SHARING_RULE.ID, rule.id())
                .set(columns(rule))
                .execute();
    }

    void replace(UUID workspaceId, Stored rule) {
        db.update(SHARING_RULE)
                .set(columns(rule))
                .where(SHARING_RULE.WORKSPACE_ID.eq(workspaceId).and(SHARING_RULE.ID.eq(rule.id())))
                .execute();
    }

    void delete(UUID workspaceId, UUID id) {
        db.deleteFrom(SHARING_RULE)
                .where(SHARING_RULE.WORKSPACE_ID.eq(workspaceId).and(SHARING_RULE.ID.eq(id)))
                .execute();
    }

    private static Map<Object, Object> columns(Stored rule) {
        Map<Object, Object> values = new HashMap<>();
        values.put(SHARING_RULE.NAME, rule.name());
        values.put(SHARING_RULE.ENTITY, rule.entity().key());
        values.put(SHARING_RULE.FROM_DEPARTMENT_ID, rule.fromDepartmentId());
        values.put(SHARING_RULE.INCLUDE_SUBDEPARTMENTS, rule.includeSubdepartments());
        values.put(
                SHARING_RULE.FROM_CONDITION,
                rule.condition() == null
                        ? null
                        : JSONB.valueOf(JSON.writeValueAsString(RoleTree.writeCondition(rule.condition()))));
        values.put(SHARING_RULE.TO_DEPARTMENT_ID, rule.toDepartmentId());
        values.put(SHARING_RULE.TO_TEAM_ID, rule.toTeamId());
        values.put(SHARING_RULE.TO_EVERYONE, rule.toEveryone());
        values.put(SHARING_RULE.SHARE_LEVEL, rule.level().name());
        return values;
    }

    private static Stored stored(Record r, FieldCatalog catalog) {
        EntityType entity = EntityType.fromKey(r.get(SHARING_RULE.ENTITY));
        JSONB condition = r.get(SHARING_RULE.FROM_CONDITION);
        return new Stored(
                r.get(SHARING_RULE.ID),
                r.get(SHARING_RULE.NAME),
                entity,
                r.get(SHARING_RULE.FROM_DEPARTMENT_ID),
                r.get(SHARING_RULE.INCLUDE_SUBDEPARTMENTS),
                condition == null
                        ? null
                        : RoleDocument.parseCondition(
                                JSON.readValue(condition.data(), Object.class),
                                "from.condition",
                                entity,
                                catalog,
                                true),
                r.get(SHARING_RULE.TO_DEPARTMENT_ID),
                r.get(SHARING_RULE.TO_TEAM_ID),
                r.get(SHARING_RULE.TO_EVERYONE),
                ShareLevel.valueOf(r.get(SHARING_RULE.SHARE_LEVEL)));
    }
}
