-- The audit log: append-only and hash-chained per workspace. seq orders the chain strictly; the
-- primary key on (workspace_id, seq) means two writers can never both append entry n.
create table audit_entry (
    workspace_id uuid not null,
    seq bigint not null,
    id uuid not null,
    at timestamp with time zone not null,
    actor_id uuid,
    actor_name varchar(200),
    action varchar(80) not null,
    target_type varchar(40) not null,
    target_id varchar(100),
    before jsonb,
    after jsonb,
    previous_hash varchar(64) not null,
    hash varchar(64) not null,
    constraint audit_entry_pk primary key (workspace_id, seq),
    constraint audit_entry_id_uq unique (workspace_id, id),
    constraint audit_entry_workspace_fk foreign key (workspace_id) references workspace (id)
);

create index audit_entry_actor_ix on audit_entry (workspace_id, actor_id, seq);
create index audit_entry_action_ix on audit_entry (workspace_id, action, seq);
create index audit_entry_target_ix on audit_entry (workspace_id, target_type, target_id, seq);

/* [jooq ignore start] */
-- Entries are never changed nor removed by the application.
create function audit_entry_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % is not allowed', tg_op;
end;
$$;

create trigger audit_entry_append_only
    before update or delete on audit_entry
    for each row execute function audit_entry_is_append_only();

create trigger audit_entry_no_truncate
    before truncate on audit_entry
    for each statement execute function audit_entry_is_append_only();
/* [jooq ignore stop] */
