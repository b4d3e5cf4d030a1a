-- The pipeline report's sums kept as they change (docs/api.md, "Reports"; docs/benchmarks.md): live
-- deals counted and their amounts summed per owner's unit, owner, pipeline, stage and currency. A
-- report whose scope and field visibility need no other column (most: own, department, subtree,
-- stage entries, sharing rules by department) sums these rows instead of reading every deal; the
-- others read the deals as before. Kept by triggers, so that every way a deal is written (the
-- API, CSV import through COPY, the unit settler's rekeying, the recycle bin) counts alike.
create table deal_total (
    workspace_id uuid not null,
    -- A key of its own: the combination holds NULLs (no unit, no currency), which a primary key cannot.
    id uuid not null,
    owner_unit uuid,
    owner_id uuid not null,
    pipeline_id uuid not null,
    stage_id uuid not null,
    currency varchar(3),
    deals bigint not null default 0,
    amount numeric(38, 2) not null default 0,
    amounts bigint not null default 0,
    constraint deal_total_pk primary key (workspace_id, id)
);

/* [jooq ignore start] */
alter table deal_total alter column id set default gen_random_uuid();

-- One row per combination; NULL units and currencies are one combination each, as GROUP BY has them.
create unique index deal_total_key on deal_total
    (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency) nulls not distinct;
create index deal_total_owner_ix on deal_total (workspace_id, owner_id);

alter table deal_total enable row level security;
alter table deal_total force row level security;
create policy workspace_wall on deal_total
    using ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()))
    with check ((select custodia_sees_every_workspace()) or workspace_id = (select custodia_current_workspace()));

insert into deal_total (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency, deals, amount, amounts)
select workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency,
       count(*), coalesce(sum(amount), 0), count(amount)
  from deal
 where deleted_at is null
 group by workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency;

-- Per statement, not per row: a statement that writes many deals (a CSV import through COPY, the
-- unit settler's batch of 5,000, an offboarding's batch) adds each combination's change once, where
-- a row trigger would rewrite the same sums row once per deal (a version of it per deal, in one
-- transaction). The old and new rows of the statement, counted -1 and +1 where they were live,
-- netted per combination; an update that moves nothing between combinations changes no row.
create function deal_total_count() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into deal_total as t (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency, deals, amount, amounts)
        select workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency,
               count(*), coalesce(sum(amount), 0), count(amount)
          from new_deals
         where deleted_at is null
         group by workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency
         -- The same order in every statement, so that two writers wait for each other's rows in turn.
         order by workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency
        on conflict (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency)
        do update set deals = t.deals + excluded.deals,
                      amount = t.amount + excluded.amount,
                      amounts = t.amounts + excluded.amounts;
    elsif tg_op = 'DELETE' then
        insert into deal_total as t (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency, deals, amount, amounts)
        select workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency,
               -count(*), -coalesce(sum(amount), 0), -count(amount)
          from old_deals
         where deleted_at is null
         group by workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency
         order by workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency
        on conflict (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency)
        do update set deals = t.deals + excluded.deals,
                      amount = t.amount + excluded.amount,
                      amounts = t.amounts + excluded.amounts;
    else
        insert into deal_total as t (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency, deals, amount, amounts)
        select workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency,
               sum(sign), coalesce(sum(sign * amount), 0), sum(case when amount is null then 0 else sign end)
          from (select workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency, amount, 1 as sign
                  from new_deals where deleted_at is null
                union all
                select workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency, amount, -1
                  from old_deals where deleted_at is null) changed
         group by workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency
        having sum(sign) <> 0 or coalesce(sum(sign * amount), 0) <> 0
            or sum(case when amount is null then 0 else sign end) <> 0
         order by workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency
        on conflict (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency)
        do update set deals = t.deals + excluded.deals,
                      amount = t.amount + excluded.amount,
                      amounts = t.amounts + excluded.amounts;
    end if;
    return null;
end;
$$;

create trigger deal_total_insert after insert on deal
    referencing new table as new_deals
    for each statement execute function deal_total_count();
create trigger deal_total_update after update on deal
    referencing old table as old_deals new table as new_deals
    for each statement execute function deal_total_count();
create trigger deal_total_delete after delete on deal
    referencing old table as old_deals
    for each statement execute function deal_total_count();
/* [jooq ignore stop] */
