-- Offboarding's owner overlay (docs/access-model.md, "Offboarding"): from the instant the request
-- commits, every read treats a record still owned by the person (from_user) as owned by the
-- successor (to_user), until the job that moves the rows has written its last batch and removes
-- the row. So the request costs the same whatever the person owns. A successor is never itself
-- overlaid (chains are refused), so one look-up gives a record's effective owner.
create table owner_overlay (
    workspace_id uuid not null,
    from_user uuid not null,
    to_user uuid not null,
    job_id uuid not null,
    constraint owner_overlay_pk primary key (workspace_id, from_user),
    constraint owner_overlay_from_fk foreign key (workspace_id, from_user) references app_user (workspace_id, id),
    constraint owner_overlay_to_fk foreign key (workspace_id, to_user) references app_user (workspace_id, id),
    constraint owner_overlay_job_fk foreign key (workspace_id, job_id) references job (workspace_id, id),
    constraint owner_overlay_not_self check (from_user <> to_user)
);

/* [jooq ignore start] */
create index owner_overlay_to_ix on owner_overlay (workspace_id, to_user);

alter table owner_overlay enable row level security;
alter table owner_overlay force row level security;
create policy workspace_wall on owner_overlay
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
