-- Access review campaigns (docs/access-model.md, "Access review campaigns"): a campaign over a
-- scope, each grant in it snapshotted as one item when it starts, decided by one reviewer, closed
-- by hand or at its deadline. Once closed, its result (the JSON export) is kept byte for byte and
-- its SHA-256 is in the audit entry of the close.
create table access_review_campaign (
    workspace_id uuid not null,
    id uuid not null,
    name text not null,
    scope_kind text not null,
    -- The department a 'department' campaign was started over, as it was named then (it may go later).
    department_id uuid,
    reviewer_id uuid,
    on_timeout text not null,
    started_by uuid not null,
    started_at timestamp with time zone not null,
    due_at timestamp with time zone not null,
    closed_at timestamp with time zone,
    result text,
    result_sha256 text,
    -- Whether the reviewers with undecided items were reminded, the day before the deadline.
    reminded boolean not null default false,
    constraint access_review_campaign_pk primary key (workspace_id, id),
    constraint access_review_campaign_reviewer_fk foreign key (workspace_id, reviewer_id) references app_user (workspace_id, id),
    constraint access_review_campaign_started_by_fk foreign key (workspace_id, started_by) references app_user (workspace_id, id),
    constraint access_review_campaign_kind_ck check (scope_kind in ('everyone', 'department', 'administrators', 'apps')),
    constraint access_review_campaign_timeout_ck check (on_timeout in ('keep', 'revoke')),
    constraint access_review_campaign_sealed_ck check ((closed_at is null) = (result is null) and (result is null) = (result_sha256 is null))
);

-- The deadline's sweep looks for open campaigns past due.
create index access_review_campaign_open_ix on access_review_campaign (workspace_id, due_at) where closed_at is null;

create table access_review_item (
    workspace_id uuid not null,
    id uuid not null,
    campaign_id uuid not null,
    position integer not null,
    kind text not null,
    grant_id text not null,
    subject_id uuid not null,
    subject text not null,
    grant_label text not null,
    reviewer_id uuid not null,
    decision text,
    comment text,
    decided_at timestamp with time zone,
    outcome text,
    reason text,
    constraint access_review_item_pk primary key (workspace_id, id),
    constraint access_review_item_campaign_fk foreign key (workspace_id, campaign_id) references access_review_campaign (workspace_id, id) on delete cascade,
    constraint access_review_item_reviewer_fk foreign key (workspace_id, reviewer_id) references app_user (workspace_id, id),
    constraint access_review_item_kind_ck check (kind in ('role_assignment', 'app_authorization')),
    constraint access_review_item_decision_ck check (decision in ('keep', 'revoke')),
    constraint access_review_item_outcome_ck check (outcome in ('kept', 'revoked', 'refused', 'gone')),
    -- INVARIANT: no one reviews their own access.
    constraint access_review_item_not_self_ck check (reviewer_id <> subject_id)
);

create index access_review_item_campaign_ix on access_review_item (workspace_id, campaign_id, position);
create index access_review_item_reviewer_ix on access_review_item (workspace_id, reviewer_id, campaign_id);

/* [jooq ignore start] */
alter table access_review_campaign enable row level security;
alter table access_review_campaign force row level security;
create policy workspace_wall on access_review_campaign
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
alter table access_review_item enable row level security;
alter table access_review_item force row level security;
create policy workspace_wall on access_review_item
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
