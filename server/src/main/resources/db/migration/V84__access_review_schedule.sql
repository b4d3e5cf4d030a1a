-- The workspace's access review schedule (docs/access-model.md, "Access review campaigns"): a
-- campaign over this scope starts every N months, with its deadline days later; at most one per
-- workspace. Started with the authority of whoever set the schedule, checked at each start.
create table access_review_schedule (
    workspace_id uuid not null,
    every_months integer not null,
    scope_kind text not null,
    department_id uuid,
    reviewer_id uuid,
    on_timeout text not null,
    days_to_decide integer not null,
    set_by uuid not null,
    next_start_at timestamp with time zone not null,
    constraint access_review_schedule_pk primary key (workspace_id),
    constraint access_review_schedule_set_by_fk foreign key (workspace_id, set_by) references app_user (workspace_id, id),
    constraint access_review_schedule_reviewer_fk foreign key (workspace_id, reviewer_id) references app_user (workspace_id, id),
    constraint access_review_schedule_every_ck check (every_months between 1 and 24),
    constraint access_review_schedule_days_ck check (days_to_decide between 1 and 365),
    constraint access_review_schedule_kind_ck check (scope_kind in ('everyone', 'department', 'administrators', 'apps')),
    constraint access_review_schedule_timeout_ck check (on_timeout in ('keep', 'revoke'))
);

create index access_review_schedule_next_ix on access_review_schedule (workspace_id, next_start_at);

/* [jooq ignore start] */
alter table access_review_schedule enable row level security;
alter table access_review_schedule force row level security;
create policy workspace_wall on access_review_schedule
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
