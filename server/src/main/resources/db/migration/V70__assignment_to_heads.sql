-- A role given to the heads of a department (Bitrix24's "heads of department"): the members of the
-- department flagged head (department_member.head), or with include_subdepartments, the heads of
-- the department and of every department below it. Only a department assignment can be to heads.
alter table role_assignment add column heads boolean not null default false;
alter table role_assignment add constraint role_assignment_heads_ck check (not heads or department_id is not null);
