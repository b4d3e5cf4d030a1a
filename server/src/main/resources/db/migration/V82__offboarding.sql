-- The offboarding of a person (docs/access-model.md, "Offboarding"): one row per person, naming
-- the job that moves their work to the successor. While that job runs, a second offboarding of the
-- person is refused; the row stays afterwards as the last offboarding's record.
create table offboarding (
    workspace_id uuid not null,
    user_id uuid not null,
    transfer_to uuid not null,
    job_id uuid not null,
    started_by uuid not null,
    started_at timestamp with time zone not null default now(),
    constraint offboarding_pk primary key (workspace_id, user_id),
    constraint offboarding_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id),
    constraint offboarding_transfer_to_fk foreign key (workspace_id, transfer_to) references app_user (workspace_id, id),
    constraint offboarding_job_fk foreign key (workspace_id, job_id) references job (workspace_id, id),
    constraint offboarding_started_by_fk foreign key (workspace_id, started_by) references app_user (workspace_id, id)
);

/* [jooq ignore start] */
alter table offboarding enable row level security;
alter table offboarding force row level security;
create policy workspace_wall on offboarding
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
