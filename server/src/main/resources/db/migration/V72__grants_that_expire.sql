-- Grants that expire (docs/access-model.md, "Grants that expire"): a role assignment, a record share
-- and a list membership may end at an instant. A row whose expires_at has passed stays (for the
-- audit and the console) and counts nowhere. expiry_warned marks the holder told a day before,
-- expiry_audited the expiry written in the audit log once observed; neither decides access.
alter table role_assignment
    add column expires_at timestamp with time zone,
    add column expiry_warned boolean not null default false,
    add column expiry_audited boolean not null default false,
    add constraint role_assignment_expires_ck check (expires_at < '10000-01-01T00:00:00Z');
alter table record_share
    add column expires_at timestamp with time zone,
    add column expiry_warned boolean not null default false,
    add column expiry_audited boolean not null default false,
    add constraint record_share_expires_ck check (expires_at < '10000-01-01T00:00:00Z');
alter table list_member
    add column expires_at timestamp with time zone,
    add column expiry_warned boolean not null default false,
    add column expiry_audited boolean not null default false,
    add constraint list_member_expires_ck
        check (expires_at is null or (expires_at < '10000-01-01T00:00:00Z' and list_level <> 'OWNER'));
