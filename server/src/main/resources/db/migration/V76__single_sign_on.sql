-- Single sign-on with OpenID Connect (issue #30). A workspace may register its company's provider
-- (issuer, client id, the client secret sealed with AES-GCM: never stored in clear), say whether
-- passwords stay allowed and whether unknown people of its domains are created at their first
-- sign-in (with a default role), and map e-mail domains to itself. The default role is not a foreign
-- key: deleting a role is the access feature's business, and a role gone creates nobody (SsoSignIn).
create table workspace_sso (
    workspace_id uuid not null,
    issuer varchar(2000) not null,
    client_id varchar(255) not null,
    client_secret bytea not null,
    password_sign_in boolean not null default true,
    create_users boolean not null default false,
    default_role_id uuid,
    updated_at timestamp with time zone not null default now(),
    constraint workspace_sso_pk primary key (workspace_id),
    constraint workspace_sso_workspace_fk foreign key (workspace_id) references workspace (id),
    constraint workspace_sso_default_role_ck check (not create_users or default_role_id is not null)
);

-- A domain is mapped by one workspace only. Every index here leads with workspace_id (the schema is
-- distributed by tenant), so that is kept by the code under a transaction-scoped advisory lock per
-- domain (directory.SsoSettings), not by a unique index on the domain alone.
create table sso_domain (
    workspace_id uuid not null,
    domain varchar(253) not null,
    constraint sso_domain_pk primary key (workspace_id, domain),
    constraint sso_domain_sso_fk foreign key (workspace_id) references workspace_sso (workspace_id) on delete cascade
);

-- Secrets the server must read again (an SSO client secret) are sealed with AES-256-GCM under a key of
-- their workspace, made by the first node that needs it (platform.Sealing), as cursors are (V16); this
-- key is never rotated away, since what it sealed must stay readable.
create table sealing_key (
    workspace_id uuid not null,
    secret bytea not null,
    constraint sealing_key_pk primary key (workspace_id),
    constraint sealing_key_workspace_fk foreign key (workspace_id) references workspace (id)
);

/* [jooq ignore start] */
alter table workspace_sso enable row level security;
alter table workspace_sso force row level security;
create policy workspace_wall on workspace_sso
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
alter table sso_domain enable row level security;
alter table sso_domain force row level security;
create policy workspace_wall on sso_domain
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
alter table sealing_key enable row level security;
alter table sealing_key force row level security;
create policy workspace_wall on sealing_key
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
