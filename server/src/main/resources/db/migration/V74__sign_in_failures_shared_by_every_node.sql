-- Failed sign-ins counted in the database, so that every node behind a load balancer counts the
-- same failures (a cluster allows no more than one node). A counter per account and per client
-- address in fixed windows; key_hash is the SHA-256 of the counter's name (an address, or a
-- workspace's slug and an e-mail, which may name no one), so the table keeps no e-mail in clear.
-- Address counters, and those of accounts in no workspace, are kept under the nil workspace id.
create table sign_in_failure (
    workspace_id uuid not null,
    key_hash varchar(64) not null,
    window_start timestamp with time zone not null,
    failures integer not null,
    constraint sign_in_failure_pk primary key (workspace_id, key_hash)
);

create index sign_in_failure_window_ix on sign_in_failure (workspace_id, window_start);

/* [jooq ignore start] */
alter table sign_in_failure enable row level security;
alter table sign_in_failure force row level security;
create policy workspace_wall on sign_in_failure
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
