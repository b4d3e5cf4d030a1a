-- Sharing rules (docs/access-model.md, "Sharing rules"): records of one type owned by members of a
-- department (or matching a condition) shared with a department, a team or everyone, at READ or
-- EDIT. Workspace configuration read into the policy, like roles and their assignments: a change
-- bumps the access version. A department or team a rule names cannot go while the rule is there.
create table sharing_rule (
    workspace_id uuid not null,
    id uuid not null,
    name text not null,
    entity text not null,
    from_department_id uuid,
    include_subdepartments boolean not null default false,
    from_condition jsonb,
    to_department_id uuid,
    to_team_id uuid,
    to_everyone boolean not null default false,
    share_level text not null,
    created_at timestamp with time zone not null default now(),
    constraint sharing_rule_pk primary key (workspace_id, id),
    constraint sharing_rule_from_department_fk foreign key (workspace_id, from_department_id) references department (workspace_id, id),
    constraint sharing_rule_to_department_fk foreign key (workspace_id, to_department_id) references department (workspace_id, id),
    constraint sharing_rule_to_team_fk foreign key (workspace_id, to_team_id) references team (workspace_id, id),
    constraint sharing_rule_one_from_ck check (
        (from_department_id is not null and from_condition is null)
        or (from_department_id is null and from_condition is not null)),
    constraint sharing_rule_subdepartments_ck check (not include_subdepartments or from_department_id is not null),
    constraint sharing_rule_one_to_ck check (
        (case when to_department_id is not null then 1 else 0 end)
        + (case when to_team_id is not null then 1 else 0 end)
        + (case when to_everyone then 1 else 0 end) = 1),
    constraint sharing_rule_level_ck check (share_level in ('READ', 'EDIT')),
    constraint sharing_rule_entity_ck check (entity in ('contact', 'company', 'deal', 'activity', 'note'))
);

create index sharing_rule_from_department_ix on sharing_rule (workspace_id, from_department_id);
create index sharing_rule_to_department_ix on sharing_rule (workspace_id, to_department_id);

/* [jooq ignore start] */
alter table sharing_rule enable row level security;
alter table sharing_rule force row level security;
create policy workspace_wall on sharing_rule
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));
/* [jooq ignore stop] */
