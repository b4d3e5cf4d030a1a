package io.custodia.platform;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.DEAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The second wall between workspaces: PostgreSQL row-level security, forced on every workspace
 * table, for a server that works as a role that neither owns the tables nor is a superuser. A query
 * that names no workspace, or the wrong one, gets nothing, whatever its own conditions say.
 */
class RowLevelSecurityTest extends ApiTest {

    @AfterEach
    void backToEveryWorkspace() {
        Tenancy.enterEveryWorkspace();
    }

    @Test
    void aQueryWithoutAWorkspaceSeesNothingAndOneWithAWorkspaceSeesOnlyIt() {
        Tenant a = newWorkspace();
        Tenant b = newWorkspace();
        onePipeline(a);
        created(api().post("/api/v1/deals", a.adminToken(), Map.of("title", "A's deal")));

        Tenancy.leave();
        assertThat(db.fetchCount(APP_USER)).as("users seen with no workspace").isZero();
        assertThat(db.fetchCount(DEAL, DEAL.WORKSPACE_ID.eq(a.id())))
                .as("A's deals with no workspace")
                .isZero();

        Tenancy.enter(b.id());
        assertThat(db.fetchCount(DEAL, DEAL.WORKSPACE_ID.eq(a.id())))
                .as("A's deals, working for B")
                .isZero();
        assertThat(db.selectDistinct(APP_USER.WORKSPACE_ID).from(APP_USER).fetch(APP_USER.WORKSPACE_ID))
                .containsExactly(b.id());

        Tenancy.enter(a.id());
        assertThat(db.fetchCount(DEAL, DEAL.WORKSPACE_ID.eq(a.id()))).isEqualTo(1);
    }

    @Test
    void aRowCannotBeWrittenIntoAnotherWorkspace() {
        Tenant a = newWorkspace();
        Tenant b = newWorkspace();
        Tenancy.enter(a.id());
        assertThatThrownBy(() -> db.insertInto(APP_USER)
                        .set(APP_USER.WORKSPACE_ID, b.id())
                        .set(APP_USER.ID, UUID.randomUUID())
                        .set(APP_USER.EMAIL, "intruder@" + b.slug() + ".test")
                        .set(APP_USER.NAME, "Intruder")
                        .set(APP_USER.PASSWORD_HASH, "unusable")
                        .execute())
                .rootCause()
                .hasMessageContaining("row-level security");
        assertThat(db.update(APP_USER)
                        .set(APP_USER.NAME, "Renamed across workspaces")
                        .where(APP_USER.WORKSPACE_ID.eq(b.id()))
                        .execute())
                .isZero();
    }

    @Test
    void theServerWorksAsARoleThatIsNeitherOwnerNorSuperuserAndEveryWorkspaceTableIsWalled() {
        Record me = db.fetchOne(
                "select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user");
        assertThat(me.get("rolsuper", Boolean.class)).as("superuser").isFalse();
        assertThat(me.get("rolbypassrls", Boolean.class))
                .as("bypasses row-level security")
                .isFalse();
        List<Record> tables = db.fetch("""
                select c.relname, pg_get_userbyid(c.relowner) as owner, c.relrowsecurity, c.relforcerowsecurity
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = current_schema() and c.relkind = 'r'
                  and exists (select 1 from pg_attribute a
                              where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped)
                """);
        assertThat(tables).hasSizeGreaterThan(30);
        for (Record t : tables) {
            String table = t.get("relname", String.class);
            assertThat(t.get("owner", String.class)).as("owner of " + table).isNotEqualTo(me.get("name", String.class));
            assertThat(t.get("relrowsecurity", Boolean.class))
                    .as("row-level security on " + table)
                    .isTrue();
            assertThat(t.get("relforcerowsecurity", Boolean.class))
                    .as("forced on " + table)
                    .isTrue();
        }
    }
}
