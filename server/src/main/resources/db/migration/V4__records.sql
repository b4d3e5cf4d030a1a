-- Custom fields per entity; values travel in each record's "fields" (jsonb), validated on write.
create table custom_field (
    workspace_id uuid not null,
    id uuid not null,
    entity varchar(20) not null,
    key varchar(60) not null,
    label varchar(200) not null,
    type varchar(10) not null,
    options jsonb,
    created_at timestamp with time zone not null default now(),
    constraint custom_field_pk primary key (workspace_id, id),
    constraint custom_field_key_uq unique (workspace_id, entity, key),
    constraint custom_field_workspace_fk foreign key (workspace_id) references workspace (id),
    constraint custom_field_type_ck check (type in ('text', 'number', 'date', 'select'))
);

-- The records. Each has an owner (access levels are about owners), a version for optimistic
-- locking, and deleted_at for the recycle bin. Lists page by (updated_at, id) within the caller's scope.
create table company (
    workspace_id uuid not null,
    id uuid not null,
    owner_id uuid not null,
    name varchar(300) not null,
    domain varchar(300),
    fields jsonb not null default '{}',
    version bigint not null default 1,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    deleted_at timestamp with time zone,
    constraint company_pk primary key (workspace_id, id),
    constraint company_owner_fk foreign key (workspace_id, owner_id) references app_user (workspace_id, id)
);

create index company_owner_ix on company (workspace_id, owner_id, updated_at, id);
create index company_updated_ix on company (workspace_id, updated_at, id);

create table contact (
    workspace_id uuid not null,
    id uuid not null,
    owner_id uuid not null,
    first_name varchar(200),
    last_name varchar(200),
    email varchar(254),
    phone varchar(50),
    company_id uuid,
    fields jsonb not null default '{}',
    version bigint not null default 1,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    deleted_at timestamp with time zone,
    constraint contact_pk primary key (workspace_id, id),
    constraint contact_owner_fk foreign key (workspace_id, owner_id) references app_user (workspace_id, id),
    constraint contact_company_fk foreign key (workspace_id, company_id) references company (workspace_id, id)
);

create index contact_owner_ix on contact (workspace_id, owner_id, updated_at, id);
create index contact_updated_ix on contact (workspace_id, updated_at, id);
create index contact_company_ix on contact (workspace_id, company_id);

create table deal (
    workspace_id uuid not null,
    id uuid not null,
    owner_id uuid not null,
    title varchar(300) not null,
    amount numeric(18, 2),
    currency varchar(3),
    pipeline_id uuid not null,
    stage_id uuid not null,
    company_id uuid,
    fields jsonb not null default '{}',
    version bigint not null default 1,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    deleted_at timestamp with time zone,
    constraint deal_pk primary key (workspace_id, id),
    constraint deal_owner_fk foreign key (workspace_id, owner_id) references app_user (workspace_id, id),
    constraint deal_pipeline_fk foreign key (workspace_id, pipeline_id) references pipeline (workspace_id, id),
    constraint deal_stage_fk foreign key (workspace_id, stage_id) references pipeline_stage (workspace_id, id),
    constraint deal_company_fk foreign key (workspace_id, company_id) references company (workspace_id, id)
);

create index deal_owner_ix on deal (workspace_id, owner_id, updated_at, id);
create index deal_updated_ix on deal (workspace_id, updated_at, id);
create index deal_stage_ix on deal (workspace_id, stage_id, updated_at, id);
create index deal_company_ix on deal (workspace_id, company_id);
