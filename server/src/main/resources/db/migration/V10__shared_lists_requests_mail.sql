-- Shared contact lists (seed 004): one owner, members at VIEW/EDIT/DELETE/MANAGER. The owner is
-- kept as a member at OWNER too, so one join answers "what does this list give this user".
create table contact_list (
    workspace_id uuid not null,
    id uuid not null,
    name varchar(200) not null,
    owner_id uuid not null,
    hidden_fields jsonb not null default '[]',
    created_at timestamp with time zone not null default now(),
    constraint contact_list_pk primary key (workspace_id, id),
    constraint contact_list_owner_fk foreign key (workspace_id, owner_id) references app_user (workspace_id, id)
);

create table list_member (
    workspace_id uuid not null,
    list_id uuid not null,
    user_id uuid not null,
    list_level varchar(10) not null,
    constraint list_member_pk primary key (workspace_id, list_id, user_id),
    constraint list_member_list_fk foreign key (workspace_id, list_id) references contact_list (workspace_id, id) on delete cascade,
    constraint list_member_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id),
    constraint list_member_level_ck check (list_level in ('VIEW', 'EDIT', 'DELETE', 'MANAGER', 'OWNER'))
);

create index list_member_user_ix on list_member (workspace_id, user_id, list_id);

create table list_contact (
    workspace_id uuid not null,
    list_id uuid not null,
    contact_id uuid not null,
    added_by uuid not null,
    added_at timestamp with time zone not null default now(),
    constraint list_contact_pk primary key (workspace_id, list_id, contact_id),
    constraint list_contact_list_fk foreign key (workspace_id, list_id) references contact_list (workspace_id, id) on delete cascade,
    constraint list_contact_contact_fk foreign key (workspace_id, contact_id) references contact (workspace_id, id) on delete cascade
);

create index list_contact_contact_ix on list_contact (workspace_id, contact_id, list_id);

-- A user who cannot read a record asks for it; approving creates a read share.
create table access_request (
    workspace_id uuid not null,
    id uuid not null,
    requester_id uuid not null,
    record_type varchar(20) not null,
    record_id uuid not null,
    state varchar(10) not null default 'PENDING',
    decided_by uuid,
    created_at timestamp with time zone not null default now(),
    decided_at timestamp with time zone,
    constraint access_request_pk primary key (workspace_id, id),
    constraint access_request_requester_fk foreign key (workspace_id, requester_id) references app_user (workspace_id, id),
    constraint access_request_state_ck check (state in ('PENDING', 'APPROVED', 'DENIED'))
);

create index access_request_record_ix on access_request (workspace_id, record_type, record_id, state);
create index access_request_requester_ix on access_request (workspace_id, requester_id, created_at);

-- E-mail waits here until the SMTP server takes it, so a mail server that is down loses nothing.
create table mail_outbox (
    workspace_id uuid not null,
    id uuid not null,
    to_address varchar(254) not null,
    subject varchar(300) not null,
    body varchar(10000) not null,
    attempts int not null default 0,
    next_attempt_at timestamp with time zone not null default now(),
    sent_at timestamp with time zone,
    last_error varchar(1000),
    created_at timestamp with time zone not null default now(),
    constraint mail_outbox_pk primary key (workspace_id, id)
);

create index mail_outbox_due_ix on mail_outbox (workspace_id, sent_at, next_attempt_at);
