-- Paging cursors are sealed with AES-GCM (platform.Cursors) under a key of the workspace and the day
-- they were given out; a node that needs the day's key makes it if no node has, so every node agrees
-- without coordination. Cursors older than a week are refused, so older keys are removed.
create table cursor_key (
    workspace_id uuid not null,
    day integer not null,
    secret bytea not null,
    constraint cursor_key_pk primary key (workspace_id, day),
    constraint cursor_key_workspace_fk foreign key (workspace_id) references workspace (id)
);

/* [jooq ignore start] */
alter table cursor_key enable row level security;
alter table cursor_key force row level security;
create policy workspace_wall on cursor_key
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
