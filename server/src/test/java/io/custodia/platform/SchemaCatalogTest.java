package io.custodia.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.List;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Reads PostgreSQL's catalog: every table but {@code workspace} leads its primary key, every index
 * and every foreign key with {@code workspace_id}, so the schema can be distributed by tenant.
 */
class SchemaCatalogTest extends ApiTest {
    private static final String TABLES = """
            select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema() and c.relkind in ('r', 'p')
              and c.relname not in ('workspace', 'flyway_schema_history')
            """;

    @Test
    void everyTableButWorkspaceHasWorkspaceIdAsItsFirstColumnAndLeadingItsPrimaryKey() {
        List<String> tables = db.fetch(TABLES).getValues(0, String.class);
        assertThat(tables).contains("app_user", "role", "role_assignment", "department", "idempotency_key");

        List<String> offenders = db.fetch("""
                        select c.relname from pg_class c
                        join pg_namespace n on n.oid = c.relnamespace
                        left join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p'
                        left join pg_attribute a on a.attrelid = c.oid and a.attnum = pk.conkey[1]
                        where n.nspname = current_schema() and c.relkind in ('r', 'p')
                          and c.relname not in ('workspace', 'flyway_schema_history')
                          and (a.attname is distinct from 'workspace_id')
                        """).getValues(0, String.class);
        assertThat(offenders)
                .as("tables whose primary key does not lead with workspace_id")
                .isEmpty();
    }

    @Test
    void everyIndexAndForeignKeyLeadsWithWorkspaceId() {
        List<Record2<String, String>> indexes = db.resultQuery("""
                        select c.relname::text, i.relname::text from pg_index x
                        join pg_class c on c.oid = x.indrelid
                        join pg_class i on i.oid = x.indexrelid
                        join pg_namespace n on n.oid = c.relnamespace
                        left join pg_attribute a on a.attrelid = c.oid and a.attnum = x.indkey[0]
                        where n.nspname = current_schema()
                          and c.relname not in ('workspace', 'flyway_schema_history')
                          and (a.attname is distinct from 'workspace_id')
                        """)
                .coerce(DSL.field("t", String.class), DSL.field("i", String.class))
                .fetch();
        assertThat(indexes).as("indexes not led by workspace_id").isEmpty();

        List<String> foreignKeys = db.fetch("""
                        select con.conname from pg_constraint con
                        join pg_class c on c.oid = con.conrelid
                        join pg_namespace n on n.oid = c.relnamespace
                        join pg_attribute a on a.attrelid = c.oid and a.attnum = con.conkey[1]
                        where n.nspname = current_schema() and con.contype = 'f'
                          and a.attname <> 'workspace_id'
                        """).getValues(0, String.class);
        assertThat(foreignKeys).as("foreign keys not led by workspace_id").isEmpty();
    }
}
