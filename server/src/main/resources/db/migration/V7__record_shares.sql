-- One record shared with one user at READ or EDIT: a path to the record besides the user's roles.
create table record_share (
    workspace_id uuid not null,
    record_type varchar(20) not null,
    record_id uuid not null,
    user_id uuid not null,
    share_level varchar(4) not null,
    created_by uuid not null,
    created_at timestamp with time zone not null default now(),
    constraint record_share_pk primary key (workspace_id, record_type, record_id, user_id),
    constraint record_share_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id),
    constraint record_share_creator_fk foreign key (workspace_id, created_by) references app_user (workspace_id, id),
    constraint record_share_level_ck check (share_level in ('READ', 'EDIT'))
);

create index record_share_user_ix on record_share (workspace_id, user_id, record_type, record_id);
