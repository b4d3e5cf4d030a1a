-- SCIM provisioning (docs/api.md, "SCIM provisioning"): the tokens identity providers call with
-- (only their SHA-256 is kept), what SCIM Groups are in each workspace (departments or teams), and
-- what SCIM keeps of a person beyond the directory: the identity provider's externalId, the given
-- and family names it sent (the directory keeps one name), and when SCIM deleted them (they are
-- deactivated, and out of SCIM's view until created again).
create table scim_token (
    workspace_id uuid not null,
    id uuid not null,
    name varchar(200) not null,
    token_hash varchar(64) not null,
    created_by uuid not null,
    created_at timestamp with time zone not null default now(),
    revoked_at timestamp with time zone,
    constraint scim_token_pk primary key (workspace_id, id),
    constraint scim_token_workspace_fk foreign key (workspace_id) references workspace (id),
    constraint scim_token_creator_fk foreign key (workspace_id, created_by) references app_user (workspace_id, id)
);

create unique index scim_token_hash_uq on scim_token (workspace_id, token_hash);

create table scim_setting (
    workspace_id uuid not null,
    group_kind varchar(20) not null,
    constraint scim_setting_pk primary key (workspace_id),
    constraint scim_setting_workspace_fk foreign key (workspace_id) references workspace (id),
    constraint scim_setting_group_kind_ck check (group_kind in ('departments', 'teams'))
);

create table scim_user (
    workspace_id uuid not null,
    user_id uuid not null,
    external_id varchar(200),
    given_name varchar(200),
    family_name varchar(200),
    removed_at timestamp with time zone,
    constraint scim_user_pk primary key (workspace_id, user_id),
    constraint scim_user_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id)
);

create index scim_user_external_ix on scim_user (workspace_id, external_id);

/* [jooq ignore start] */
alter table scim_token enable row level security;
alter table scim_token force row level security;
create policy workspace_wall on scim_token
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
alter table scim_setting enable row level security;
alter table scim_setting force row level security;
create policy workspace_wall on scim_setting
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
alter table scim_user enable row level security;
alter table scim_user force row level security;
create policy workspace_wall on scim_user
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
