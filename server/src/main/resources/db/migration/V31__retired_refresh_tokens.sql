-- Refresh tokens an authorisation has rotated away from. One presented again means that someone
-- holds a copy (RFC 9700, 4.14.2): the authorisation is revoked whole, its live tokens with it.
-- Rows older than a refresh token's lifetime are removed as new ones come.
create table retired_refresh_token (
    workspace_id uuid not null,
    token_hash varchar(64) not null,
    authorization_id varchar(100) not null,
    retired_at timestamp with time zone not null default now(),
    constraint retired_refresh_token_pk primary key (workspace_id, token_hash),
    constraint retired_refresh_token_authorization_fk foreign key (workspace_id, authorization_id)
        references integration_authorization (workspace_id, id) on delete cascade
);

create index retired_refresh_token_authorization_ix on retired_refresh_token (workspace_id, authorization_id, retired_at);

/* [jooq ignore start] */
alter table retired_refresh_token enable row level security;
alter table retired_refresh_token force row level security;
create policy workspace_wall on retired_refresh_token
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
