-- The tenant. The only table without workspace_id: everything else hangs off it, and every other
-- table leads its primary key, foreign keys and indexes with workspace_id so the schema can be
-- distributed by tenant.
create table workspace (
    id uuid not null,
    slug varchar(63) not null,
    name varchar(200) not null,
    conflict_rule varchar(20) not null default 'PRECEDENCE',
    access_version bigint not null default 1,
    created_at timestamp with time zone not null default now(),
    constraint workspace_pk primary key (id),
    constraint workspace_slug_uq unique (slug),
    constraint workspace_conflict_rule_ck check (conflict_rule in ('PRECEDENCE', 'MOST_PERMISSIVE'))
);

create table app_user (
    workspace_id uuid not null,
    id uuid not null,
    email varchar(254) not null,
    name varchar(200) not null,
    password_hash varchar(200) not null,
    status varchar(20) not null default 'active',
    created_at timestamp with time zone not null default now(),
    last_sign_in_at timestamp with time zone,
    constraint app_user_pk primary key (workspace_id, id),
    constraint app_user_workspace_fk foreign key (workspace_id) references workspace (id),
    constraint app_user_email_uq unique (workspace_id, email),
    constraint app_user_status_ck check (status in ('active', 'deactivated'))
);

-- Opaque bearer tokens, stored only as SHA-256 hashes. The token itself carries its workspace id,
-- so the lookup uses (workspace_id, token_hash).
create table auth_token (
    workspace_id uuid not null,
    token_hash varchar(64) not null,
    user_id uuid not null,
    created_at timestamp with time zone not null default now(),
    expires_at timestamp with time zone not null,
    revoked_at timestamp with time zone,
    constraint auth_token_pk primary key (workspace_id, token_hash),
    constraint auth_token_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id)
);

create index auth_token_user_ix on auth_token (workspace_id, user_id);

create table department (
    workspace_id uuid not null,
    id uuid not null,
    name varchar(200) not null,
    parent_id uuid,
    created_at timestamp with time zone not null default now(),
    constraint department_pk primary key (workspace_id, id),
    constraint department_parent_fk foreign key (workspace_id, parent_id) references department (workspace_id, id)
);

create index department_parent_ix on department (workspace_id, parent_id);

create table department_member (
    workspace_id uuid not null,
    department_id uuid not null,
    user_id uuid not null,
    head boolean not null default false,
    constraint department_member_pk primary key (workspace_id, department_id, user_id),
    constraint department_member_department_fk foreign key (workspace_id, department_id) references department (workspace_id, id),
    constraint department_member_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id)
);

create index department_member_user_ix on department_member (workspace_id, user_id);

create table team (
    workspace_id uuid not null,
    id uuid not null,
    name varchar(200) not null,
    visibility varchar(20) not null default 'TEAM',
    created_at timestamp with time zone not null default now(),
    constraint team_pk primary key (workspace_id, id),
    constraint team_visibility_ck check (visibility in ('ALL', 'TEAM', 'ATTENDANT'))
);

create table team_member (
    workspace_id uuid not null,
    team_id uuid not null,
    user_id uuid not null,
    supervisor boolean not null default false,
    constraint team_member_pk primary key (workspace_id, team_id, user_id),
    constraint team_member_team_fk foreign key (workspace_id, team_id) references team (workspace_id, id),
    constraint team_member_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id)
);

create index team_member_user_ix on team_member (workspace_id, user_id);

-- A role's body is the engine's document (validated by the engine on every write).
create table role (
    workspace_id uuid not null,
    id uuid not null,
    name varchar(100) not null,
    template_key varchar(40),
    body jsonb not null,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    constraint role_pk primary key (workspace_id, id)
);

create table role_assignment (
    workspace_id uuid not null,
    id uuid not null,
    role_id uuid not null,
    user_id uuid,
    department_id uuid,
    include_subdepartments boolean not null default false,
    team_id uuid,
    everyone boolean not null default false,
    created_at timestamp with time zone not null default now(),
    constraint role_assignment_pk primary key (workspace_id, id),
    constraint role_assignment_role_fk foreign key (workspace_id, role_id) references role (workspace_id, id),
    constraint role_assignment_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id),
    constraint role_assignment_department_fk foreign key (workspace_id, department_id) references department (workspace_id, id),
    constraint role_assignment_team_fk foreign key (workspace_id, team_id) references team (workspace_id, id),
    constraint role_assignment_one_target_ck check (
        (case when user_id is not null then 1 else 0 end)
        + (case when department_id is not null then 1 else 0 end)
        + (case when team_id is not null then 1 else 0 end)
        + (case when everyone then 1 else 0 end) = 1)
);

create index role_assignment_role_ix on role_assignment (workspace_id, role_id);
create index role_assignment_user_ix on role_assignment (workspace_id, user_id);

-- Responses of creating POSTs replayed for a repeated Idempotency-Key, kept 24 hours.
create table idempotency_key (
    workspace_id uuid not null,
    principal_id uuid not null,
    idempotency_key varchar(200) not null,
    request_hash varchar(64) not null,
    response_status integer not null,
    response_content_type varchar(200),
    response_location varchar(2000),
    response_body bytea not null,
    created_at timestamp with time zone not null default now(),
    constraint idempotency_key_pk primary key (workspace_id, principal_id, idempotency_key),
    constraint idempotency_key_workspace_fk foreign key (workspace_id) references workspace (id)
);

create index idempotency_key_created_ix on idempotency_key (workspace_id, created_at);
