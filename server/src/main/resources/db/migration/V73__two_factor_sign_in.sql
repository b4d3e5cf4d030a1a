-- Two-factor sign-in (RFC 6238 time-based codes): each person's authenticator secret, the step of
-- the last code accepted (a code is never accepted twice, nor an older one after it), the recovery
-- codes (SHA-256 of 79 random bits each, used once), the workspace's policy, and which sign-in
-- tokens may only enrol a second factor (issued to someone the policy requires one of, before they
-- had one).
alter table workspace add column two_factor varchar(20) not null default 'optional';
alter table workspace add constraint workspace_two_factor_ck
    check (two_factor in ('optional', 'administrators', 'everyone'));

alter table auth_token add column enrolment_only boolean not null default false;

create table totp_factor (
    workspace_id uuid not null,
    user_id uuid not null,
    secret varchar(64) not null,
    confirmed_at timestamp with time zone,
    last_step bigint not null default 0,
    created_at timestamp with time zone not null default now(),
    constraint totp_factor_pk primary key (workspace_id, user_id),
    constraint totp_factor_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id)
);

create table totp_recovery_code (
    workspace_id uuid not null,
    user_id uuid not null,
    code_hash varchar(64) not null,
    used_at timestamp with time zone,
    constraint totp_recovery_code_pk primary key (workspace_id, user_id, code_hash),
    constraint totp_recovery_code_factor_fk foreign key (workspace_id, user_id)
        references totp_factor (workspace_id, user_id) on delete cascade
);

/* [jooq ignore start] */
alter table totp_factor enable row level security;
alter table totp_factor force row level security;
create policy workspace_wall on totp_factor
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
alter table totp_recovery_code enable row level security;
alter table totp_recovery_code force row level security;
create policy workspace_wall on totp_recovery_code
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
