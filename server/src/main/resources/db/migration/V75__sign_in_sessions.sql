-- A user's sign-ins as an administrator sees and ends them: each token gets an id to show (its
-- hash stays unseen) and says whether a browser session (the console) or an API client holds it.
alter table auth_token add column id uuid;
/* [jooq ignore start] */
update auth_token set id = md5(workspace_id::text || token_hash)::uuid;
/* [jooq ignore stop] */
alter table auth_token alter column id set not null;
alter table auth_token add column kind varchar(10) not null default 'api';
alter table auth_token add constraint auth_token_kind_ck check (kind in ('api', 'console'));
create unique index auth_token_id_uq on auth_token (workspace_id, id);
