-- Comments on records, public (whoever can read the record) or private (the author only).
create table record_comment (
    workspace_id uuid not null,
    id uuid not null,
    record_type varchar(20) not null,
    record_id uuid not null,
    author_id uuid not null,
    body varchar(10000) not null,
    private boolean not null default false,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    constraint record_comment_pk primary key (workspace_id, id),
    constraint record_comment_author_fk foreign key (workspace_id, author_id) references app_user (workspace_id, id)
);

create index record_comment_record_ix on record_comment (workspace_id, record_type, record_id, created_at);

-- What a user is told: mentions now. A notification never carries the record's data.
create table notification (
    workspace_id uuid not null,
    id uuid not null,
    user_id uuid not null,
    type varchar(30) not null,
    record_type varchar(20),
    record_id uuid,
    access_required boolean not null default false,
    message varchar(500) not null,
    read_at timestamp with time zone,
    created_at timestamp with time zone not null default now(),
    constraint notification_pk primary key (workspace_id, id),
    constraint notification_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id)
);

create index notification_user_ix on notification (workspace_id, user_id, created_at);
