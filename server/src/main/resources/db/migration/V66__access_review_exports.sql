-- Each export of the access review (seed 001): who exported it and when (the audit entry
-- 'access_review.exported' names the export's id), and what the review said then, so that the
-- next review can be compared with it: users, roles and levels added or removed since.
create table access_review_export (
    workspace_id uuid not null,
    id uuid not null,
    exported_by uuid not null,
    exported_at timestamp with time zone not null default now(),
    snapshot jsonb not null,
    constraint access_review_export_pk primary key (workspace_id, id),
    constraint access_review_export_by_fk foreign key (workspace_id, exported_by) references app_user (workspace_id, id)
);

create index access_review_export_at_ix on access_review_export (workspace_id, exported_at desc, id desc);

/* [jooq ignore start] */
alter table access_review_export enable row level security;
alter table access_review_export force row level security;
create policy workspace_wall on access_review_export
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
