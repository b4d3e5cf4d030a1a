-- The pipeline report's sums kept as they change (docs/api.md, "Reports"; docs/benchmarks.md): live
-- deals counted and their amounts summed per owner's unit, owner, pipeline, stage and currency. A
-- report whose scope and field visibility need no other column (most: own, department, subtree,
-- stage entries, sharing rules by department) sums these rows instead of reading every deal; the
-- others read the deals as before. Kept by a trigger, so that every way a deal is written (the
-- API, CSV import through COPY, the unit settler's rekeying, the recycle bin) counts alike.
create table deal_total (
    workspace_id uuid not null,
    owner_unit uuid,
    owner_id uuid not null,
    pipeline_id uuid not null,
    stage_id uuid not null,
    currency varchar(3),
    deals bigint not null default 0,
    amount numeric(38, 2) not null default 0,
    amounts bigint not null default 0
);

/* [jooq ignore start] */
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

create function deal_total_add(d deal, sign int) returns void language sql as $$
    insert into deal_total as t (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency, deals, amount, amounts)
    values (d.workspace_id, d.owner_unit, d.owner_id, d.pipeline_id, d.stage_id, d.currency,
            sign, sign * coalesce(d.amount, 0), case when d.amount is null then 0 else sign end)
    on conflict (workspace_id, owner_unit, owner_id, pipeline_id, stage_id, currency)
    do update set deals = t.deals + excluded.deals,
                  amount = t.amount + excluded.amount,
                  amounts = t.amounts + excluded.amounts;
$$;

create function deal_total_count() returns trigger language plpgsql as $$
declare
    counted_before boolean := tg_op <> 'INSERT' and old.deleted_at is null;
    counted_now boolean := tg_op <> 'DELETE' and new.deleted_at is null;
begin
    if counted_before and counted_now
       and (new.owner_unit, new.owner_id, new.pipeline_id, new.stage_id, new.currency, new.amount)
           is not distinct from (old.owner_unit, old.owner_id, old.pipeline_id, old.stage_id, old.currency, old.amount) then
        return null;
    end if;
    -- Two rows in the same order whichever way a deal moves, so that two writers moving deals
    -- between the same two combinations cannot wait on each other's second row.
    if counted_before and counted_now and (new.owner_unit, new.owner_id, new.pipeline_id, new.stage_id, new.currency)::text
                      < (old.owner_unit, old.owner_id, old.pipeline_id, old.stage_id, old.currency)::text then
        perform deal_total_add(new, 1);
        perform deal_total_add(old, -1);
        return null;
    end if;
    if counted_before then
        perform deal_total_add(old, -1);
    end if;
    if counted_now then
        perform deal_total_add(new, 1);
    end if;
    return null;
end;
$$;

create trigger deal_total_count
    after insert or update or delete on deal
    for each row execute function deal_total_count();
/* [jooq ignore stop] */
