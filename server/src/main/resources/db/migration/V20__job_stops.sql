-- A job can be stopped: asked to by its starter or an administrator (who, and when), or because its
-- starter lost the rights it needs. A stopped job stores nothing and says STOPPED with the reason.
alter table job add column cancelled_by uuid;
alter table job add column cancelled_at timestamp with time zone;
alter table job add constraint job_canceller_fk foreign key (workspace_id, cancelled_by) references app_user (workspace_id, id);
alter table job drop constraint job_state_ck;
alter table job add constraint job_state_ck check (state in ('RUNNING', 'DONE', 'FAILED', 'STOPPED'));

-- The workspace's jobs, newest first, for administrators.
create index job_created_ix on job (workspace_id, created_at, id);
