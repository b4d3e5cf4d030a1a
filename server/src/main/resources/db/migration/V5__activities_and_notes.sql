-- Activities (calls, meetings, tasks) and notes, each attached to a deal, a contact or (notes) a company.
create table activity (
    workspace_id uuid not null,
    id uuid not null,
    owner_id uuid not null,
    type varchar(10) not null,
    subject varchar(300) not null,
    due_at timestamp with time zone,
    done boolean not null default false,
    deal_id uuid,
    contact_id uuid,
    fields jsonb not null default '{}',
    version bigint not null default 1,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    deleted_at timestamp with time zone,
    constraint activity_pk primary key (workspace_id, id),
    constraint activity_owner_fk foreign key (workspace_id, owner_id) references app_user (workspace_id, id),
    constraint activity_deal_fk foreign key (workspace_id, deal_id) references deal (workspace_id, id),
    constraint activity_contact_fk foreign key (workspace_id, contact_id) references contact (workspace_id, id),
    constraint activity_type_ck check (type in ('call', 'meeting', 'task'))
);

create index activity_owner_ix on activity (workspace_id, owner_id, updated_at, id);
create index activity_updated_ix on activity (workspace_id, updated_at, id);
create index activity_deal_ix on activity (workspace_id, deal_id);
create index activity_contact_ix on activity (workspace_id, contact_id);

create table note (
    workspace_id uuid not null,
    id uuid not null,
    owner_id uuid not null,
    body varchar(20000) not null,
    deal_id uuid,
    contact_id uuid,
    company_id uuid,
    fields jsonb not null default '{}',
    version bigint not null default 1,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    deleted_at timestamp with time zone,
    constraint note_pk primary key (workspace_id, id),
    constraint note_owner_fk foreign key (workspace_id, owner_id) references app_user (workspace_id, id),
    constraint note_deal_fk foreign key (workspace_id, deal_id) references deal (workspace_id, id),
    constraint note_contact_fk foreign key (workspace_id, contact_id) references contact (workspace_id, id),
    constraint note_company_fk foreign key (workspace_id, company_id) references company (workspace_id, id)
);

create index note_owner_ix on note (workspace_id, owner_id, updated_at, id);
create index note_updated_ix on note (workspace_id, updated_at, id);
create index note_deal_ix on note (workspace_id, deal_id);
create index note_contact_ix on note (workspace_id, contact_id);
create index note_company_ix on note (workspace_id, company_id);
