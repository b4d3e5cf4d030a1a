-- Deal pipelines and their ordered stages. Role stage entries name these stages.
create table pipeline (
    workspace_id uuid not null,
    id uuid not null,
    name varchar(200) not null,
    created_at timestamp with time zone not null default now(),
    constraint pipeline_pk primary key (workspace_id, id),
    constraint pipeline_workspace_fk foreign key (workspace_id) references workspace (id)
);

create table pipeline_stage (
    workspace_id uuid not null,
    id uuid not null,
    pipeline_id uuid not null,
    name varchar(200) not null,
    kind varchar(10) not null,
    position integer not null,
    constraint pipeline_stage_pk primary key (workspace_id, id),
    constraint pipeline_stage_pipeline_fk foreign key (workspace_id, pipeline_id) references pipeline (workspace_id, id),
    constraint pipeline_stage_position_uq unique (workspace_id, pipeline_id, position),
    constraint pipeline_stage_kind_ck check (kind in ('OPEN', 'WON', 'LOST'))
);
