-- Support conversations (seed 003): each belongs to a team, whose visibility setting decides who
-- sees it (access-model section 6). The contact is not a foreign key on purpose: a conversation is
-- history and outlives its contact being purged from the recycle bin; it is shown only to those who
-- can read the contact.
create table conversation (
    workspace_id uuid not null,
    id uuid not null,
    team_id uuid not null,
    contact_id uuid not null,
    attendant_id uuid,
    channel varchar(40) not null,
    subject varchar(500) not null,
    state varchar(20) not null default 'OPEN',
    created_by uuid not null,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    completed_at timestamp with time zone,
    version bigint not null default 1,
    constraint conversation_pk primary key (workspace_id, id),
    constraint conversation_team_fk foreign key (workspace_id, team_id) references team (workspace_id, id),
    constraint conversation_attendant_fk foreign key (workspace_id, attendant_id) references app_user (workspace_id, id),
    constraint conversation_created_by_fk foreign key (workspace_id, created_by) references app_user (workspace_id, id),
    constraint conversation_state_ck check (state in ('OPEN', 'COMPLETED'))
);

-- One index per kind of scope branch, each walked in the inbox's order (latest activity first):
-- by attendant (mine, and the attendant's own), by team (team, queue, supervisors), by state
-- (view-all, and branches over many teams). Each carries the other visibility columns, so that a
-- branch's filter is checked on the index alone and only the page's rows are read from the table.
/* [jooq ignore start] */
create index conversation_attendant_ix on conversation (workspace_id, attendant_id, state, updated_at desc, id desc) include (team_id);
create index conversation_team_ix on conversation (workspace_id, team_id, state, updated_at desc, id desc) include (attendant_id);
create index conversation_state_ix on conversation (workspace_id, state, updated_at desc, id desc) include (team_id, attendant_id);
/* [jooq ignore stop] */

-- Messages are append-only: written once, with their author and time, never changed.
create table conversation_message (
    workspace_id uuid not null,
    id uuid not null,
    conversation_id uuid not null,
    author_id uuid not null,
    body varchar(20000) not null,
    created_at timestamp with time zone not null default now(),
    constraint conversation_message_pk primary key (workspace_id, id),
    constraint conversation_message_conversation_fk foreign key (workspace_id, conversation_id) references conversation (workspace_id, id),
    constraint conversation_message_author_fk foreign key (workspace_id, author_id) references app_user (workspace_id, id)
);

create index conversation_message_conversation_ix on conversation_message (workspace_id, conversation_id, created_at, id);

/* [jooq ignore start] */
create function conversation_message_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'conversation messages are append-only: % is not allowed', tg_op;
end;
$$;

create trigger conversation_message_append_only
    before update or delete on conversation_message
    for each row execute function conversation_message_is_append_only();
/* [jooq ignore stop] */
