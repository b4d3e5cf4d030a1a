-- Apps that an administrator registers, and the OAuth 2.0 authorisations the workspace gives them
-- (seed 000, access-model section 8). An app acts as its own principal, a user row of kind
-- 'integration' that cannot sign in, so that what it creates has an owner that outlives the people
-- who authorised it.
alter table app_user add column kind varchar(20) not null default 'person';
alter table app_user add constraint app_user_kind_ck check (kind in ('person', 'integration'));

create table integration_app (
    workspace_id uuid not null,
    id uuid not null,
    name varchar(200) not null,
    client_secret_hash varchar(200) not null,
    redirect_uris varchar(4000) not null,
    scopes varchar(1000) not null,
    webhook_url varchar(2000),
    webhook_secret varchar(100),
    principal_id uuid not null,
    created_by uuid not null,
    created_at timestamp with time zone not null default now(),
    constraint integration_app_pk primary key (workspace_id, id),
    constraint integration_app_principal_fk foreign key (workspace_id, principal_id) references app_user (workspace_id, id),
    constraint integration_app_created_by_fk foreign key (workspace_id, created_by) references app_user (workspace_id, id)
);

-- One OAuth 2.0 authorisation, from the authorisation request to its tokens. Tokens are found by
-- their SHA-256 within the workspace; the authorisation itself is kept as Spring Security
-- serialises it.
create table integration_authorization (
    workspace_id uuid not null,
    id varchar(100) not null,
    app_id uuid not null,
    scopes varchar(1000),
    consented_by uuid,
    consented_at timestamp with time zone,
    state_hash varchar(64),
    code_hash varchar(64),
    access_token_hash varchar(64),
    refresh_token_hash varchar(64),
    data bytea not null,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    revoked_at timestamp with time zone,
    revoked_by uuid,
    constraint integration_authorization_pk primary key (workspace_id, id),
    constraint integration_authorization_app_fk foreign key (workspace_id, app_id) references integration_app (workspace_id, id),
    constraint integration_authorization_consented_by_fk foreign key (workspace_id, consented_by) references app_user (workspace_id, id)
);

create index integration_authorization_state_ix on integration_authorization (workspace_id, state_hash);
create index integration_authorization_code_ix on integration_authorization (workspace_id, code_hash);
create index integration_authorization_access_ix on integration_authorization (workspace_id, access_token_hash);
create index integration_authorization_refresh_ix on integration_authorization (workspace_id, refresh_token_hash);
create index integration_authorization_app_ix on integration_authorization (workspace_id, app_id, created_at);

-- The sync log: every call an app makes, with its outcome, so failures can be traced.
create table integration_call (
    workspace_id uuid not null,
    id uuid not null,
    app_id uuid not null,
    at timestamp with time zone not null default now(),
    method varchar(10) not null,
    endpoint varchar(500) not null,
    status integer not null,
    outcome varchar(20) not null,
    error varchar(2000),
    duration_ms integer not null,
    constraint integration_call_pk primary key (workspace_id, id),
    constraint integration_call_app_fk foreign key (workspace_id, app_id) references integration_app (workspace_id, id)
);

create index integration_call_app_ix on integration_call (workspace_id, app_id, at desc, id desc);

-- The contacts a deal is with (api.md: "contactIds"), so that a meeting with a contact finds its deal.
create table deal_contact (
    workspace_id uuid not null,
    deal_id uuid not null,
    contact_id uuid not null,
    constraint deal_contact_pk primary key (workspace_id, deal_id, contact_id),
    constraint deal_contact_deal_fk foreign key (workspace_id, deal_id) references deal (workspace_id, id) on delete cascade,
    constraint deal_contact_contact_fk foreign key (workspace_id, contact_id) references contact (workspace_id, id) on delete cascade
);

create index deal_contact_contact_ix on deal_contact (workspace_id, contact_id, deal_id);

-- A meeting filed by an app, once per external id: a repeat answers what the first one did.
create table integration_meeting (
    workspace_id uuid not null,
    app_id uuid not null,
    external_id varchar(200) not null,
    result text not null,
    created_at timestamp with time zone not null default now(),
    constraint integration_meeting_pk primary key (workspace_id, app_id, external_id),
    constraint integration_meeting_app_fk foreign key (workspace_id, app_id) references integration_app (workspace_id, id)
);

-- Webhook deliveries: written in the transaction that changed the record, sent and retried with
-- backoff by a background job, each attempt's outcome kept.
create table webhook_delivery (
    workspace_id uuid not null,
    id uuid not null,
    app_id uuid not null,
    event varchar(60) not null,
    payload text not null,
    state varchar(20) not null default 'PENDING',
    attempts integer not null default 0,
    next_attempt_at timestamp with time zone not null default now(),
    last_status integer,
    last_error varchar(2000),
    delivered_at timestamp with time zone,
    created_at timestamp with time zone not null default now(),
    constraint webhook_delivery_pk primary key (workspace_id, id),
    constraint webhook_delivery_app_fk foreign key (workspace_id, app_id) references integration_app (workspace_id, id),
    constraint webhook_delivery_state_ck check (state in ('PENDING', 'DELIVERED', 'FAILED'))
);

create index webhook_delivery_app_ix on webhook_delivery (workspace_id, app_id, created_at desc, id desc);
create index webhook_delivery_due_ix on webhook_delivery (workspace_id, state, next_attempt_at);
