-- The second wall between workspaces: every table that belongs to a workspace shows and accepts
-- only the rows of the workspace the session works for (the setting custodia.workspace, kept by the
-- server: platform.Tenancy), even for its owner (FORCE). A session that names no workspace sees
-- nothing. Background work that sweeps every workspace (mail, webhooks, job heartbeats, the recycle
-- bin's purge, settling moved owners) says so explicitly with '*'; request handling never does.
/* [jooq ignore start] */
create function custodia_current_workspace() returns uuid
    language sql stable
    as $$
        select case
            when coalesce(current_setting('custodia.workspace', true), '') in ('', '*') then null
            else current_setting('custodia.workspace', true)::uuid
        end
    $$;

create function custodia_sees_every_workspace() returns boolean
    language sql stable
    as $$ select coalesce(current_setting('custodia.workspace', true), '') = '*' $$;

-- The functions are called in sub-selects so that each query evaluates them once, not per row.
do $$
declare
    t record;
begin
    for t in
        select c.table_name
        from information_schema.columns c
        join information_schema.tables tb
          on tb.table_schema = c.table_schema and tb.table_name = c.table_name
        where c.table_schema = current_schema()
          and c.column_name = 'workspace_id'
          and tb.table_type = 'BASE TABLE'
    loop
        execute format('alter table %I enable row level security', t.table_name);
        execute format('alter table %I force row level security', t.table_name);
        execute format(
            'create policy workspace_wall on %I '
            'using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace())) '
            'with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))',
            t.table_name);
    end loop;
end
$$;
/* [jooq ignore stop] */
