-- When a deal was won or lost, for the won-lost report (docs/api.md, "Reports"): the moment it last
-- entered a WON or LOST stage, null while it is in an OPEN one. Kept by a trigger, so that every way
-- a deal is written (the API, the console, CSV import through COPY, apps) sets it alike.
alter table deal add column closed_at timestamp with time zone;

-- Deals already closed: their last change is the best date there is. (Data, not schema: jOOQ's
-- code generator skips it.)
/* [jooq ignore start] */
update deal d set closed_at = d.updated_at
from pipeline_stage s
where s.workspace_id = d.workspace_id and s.id = d.stage_id and s.kind <> 'OPEN';
/* [jooq ignore stop] */

create index deal_closed_ix on deal (workspace_id, closed_at) where closed_at is not null and deleted_at is null;

/* [jooq ignore start] */
create function deal_closed_at() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.stage_id is not distinct from old.stage_id then
        new.closed_at := old.closed_at;
        return new;
    end if;
    select case when s.kind = 'OPEN' then null else now() end into new.closed_at
    from pipeline_stage s
    where s.workspace_id = new.workspace_id and s.id = new.stage_id;
    return new;
end;
$$;

-- Only writes that name the stage: the unit settler's rekeying and every other update skip it.
create trigger deal_closed_at
    before insert or update of stage_id on deal
    for each row execute function deal_closed_at();
/* [jooq ignore stop] */
