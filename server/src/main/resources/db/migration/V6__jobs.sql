-- Long-running work (large imports) and its progress, read by whoever started it.
create table job (
    workspace_id uuid not null,
    id uuid not null,
    kind varchar(40) not null,
    state varchar(10) not null,
    done bigint not null default 0,
    total bigint not null default 0,
    result jsonb,
    created_by uuid not null,
    created_at timestamp with time zone not null default now(),
    updated_at timestamp with time zone not null default now(),
    constraint job_pk primary key (workspace_id, id),
    constraint job_creator_fk foreign key (workspace_id, created_by) references app_user (workspace_id, id),
    constraint job_state_ck check (state in ('RUNNING', 'DONE', 'FAILED'))
);
