-- Lists by department must read one index range, not every member's records: each record carries
-- its owner's unit (the department its rows are keyed by). Moving a user must not rewrite their
-- records inside the request, so user_unit says which unit each user's records should carry and
-- whether they all do yet (settled); lists treat unsettled users by owner until a background job
-- has rewritten their rows. See docs/architecture.md, "Department lists".
create table user_unit (
    workspace_id uuid not null,
    user_id uuid not null,
    unit_id uuid,
    settled boolean not null default true,
    generation bigint not null default 0,
    constraint user_unit_pk primary key (workspace_id, user_id),
    constraint user_unit_user_fk foreign key (workspace_id, user_id) references app_user (workspace_id, id)
);

create index user_unit_unsettled_ix on user_unit (workspace_id, settled);

alter table company add column owner_unit uuid;
alter table contact add column owner_unit uuid;
alter table deal add column owner_unit uuid;
alter table activity add column owner_unit uuid;
alter table note add column owner_unit uuid;

-- Only live rows, so a list's branch reads (updated_at, id) from the index alone, never the heap.
/* [jooq ignore start] */
create index company_unit_ix on company (workspace_id, owner_unit, updated_at, id) where deleted_at is null;
create index contact_unit_ix on contact (workspace_id, owner_unit, updated_at, id) where deleted_at is null;
create index deal_unit_ix on deal (workspace_id, owner_unit, updated_at, id) where deleted_at is null;
create index activity_unit_ix on activity (workspace_id, owner_unit, updated_at, id) where deleted_at is null;
create index note_unit_ix on note (workspace_id, owner_unit, updated_at, id) where deleted_at is null;
/* [jooq ignore stop] */

-- Existing users and records: a user's unit is their first department by id.
/* [jooq ignore start] */
insert into user_unit (workspace_id, user_id, unit_id)
select u.workspace_id, u.id,
       (select m.department_id from department_member m
         where m.workspace_id = u.workspace_id and m.user_id = u.id
         order by m.department_id limit 1)
  from app_user u;

update company r set owner_unit = uu.unit_id from user_unit uu where uu.workspace_id = r.workspace_id and uu.user_id = r.owner_id;
update contact r set owner_unit = uu.unit_id from user_unit uu where uu.workspace_id = r.workspace_id and uu.user_id = r.owner_id;
update deal r set owner_unit = uu.unit_id from user_unit uu where uu.workspace_id = r.workspace_id and uu.user_id = r.owner_id;
update activity r set owner_unit = uu.unit_id from user_unit uu where uu.workspace_id = r.workspace_id and uu.user_id = r.owner_id;
update note r set owner_unit = uu.unit_id from user_unit uu where uu.workspace_id = r.workspace_id and uu.user_id = r.owner_id;
/* [jooq ignore stop] */
