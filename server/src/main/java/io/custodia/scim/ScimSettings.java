package io.custodia.scim;

import static io.custodia.platform.db.Tables.SCIM_SETTING;

import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** What SCIM Groups are in each workspace: departments (the default) or teams. */
@Repository
class ScimSettings {
    private final DSLContext db;

    ScimSettings(DSLContext db) {
        this.db = db;
    }

    enum GroupKind {
        DEPARTMENTS,
        TEAMS;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    GroupKind groups(UUID workspaceId) {
        return db.select(SCIM_SETTING.GROUP_KIND)
                .from(SCIM_SETTING)
                .where(SCIM_SETTING.WORKSPACE_ID.eq(workspaceId))
                .fetchOptional(r -> GroupKind.valueOf(r.value1().toUpperCase(Locale.ROOT)))
                .orElse(GroupKind.DEPARTMENTS);
    }

    void setGroups(UUID workspaceId, GroupKind kind) {
        db.insertInto(SCIM_SETTING)
                .set(SCIM_SETTING.WORKSPACE_ID, workspaceId)
                .set(SCIM_SETTING.GROUP_KIND, kind.column())
                .onConflict(SCIM_SETTING.WORKSPACE_ID)
                .doUpdate()
                .set(SCIM_SETTING.GROUP_KIND, kind.column())
                .execute();
    }
}
