-- An app's life after registration (seed 000): its secret rotated with an overlap window, during
-- which the previous secret still authenticates it and never after; deletion, which ends its
-- authorisations and webhooks while its sync log and audit trail stay; and the last time its
-- administrators were told that its calls fail, so that they are told at most once an hour.
alter table integration_app add column previous_secret_hash varchar(200);
alter table integration_app add column previous_secret_until timestamp with time zone;
alter table integration_app add column deleted_at timestamp with time zone;
alter table integration_app add column deleted_by uuid;
alter table integration_app add column failures_told_at timestamp with time zone;
alter table integration_app add constraint integration_app_deleted_by_fk
    foreign key (workspace_id, deleted_by) references app_user (workspace_id, id);

-- The sync log's non-ok calls of one app in the last hour are counted on each failure.
create index integration_call_outcome_ix on integration_call (workspace_id, app_id, outcome, at desc);
