-- Dates written before the rule "years 1 to 9999" that break reads. A custom date such as
-- '+10000-01-01', '-0001-01-01', '+999999999-12-31' or '0000-01-01' was accepted and stored as
-- text; PostgreSQL cannot cast it to a date, so every list, read and simulation of anyone whose
-- role has a condition on that field failed (500) from then on. Such a value is removed (the
-- field becomes empty, as if never set) and the record's version moves on, so a client holding
-- the old ETag reads it again. Due dates outside years 1 to 9999 (PostgreSQL stores years up to
-- 294276) are cleared as well, so that every date a record holds is one the API now accepts and
-- conditions compare with (access.ScopeSql relies on it for role dates outside those years).
--
-- A migration, not a repair at every start: the API refuses these values since this version, so
-- no new ones can appear, and one pass costs nothing at later starts. It is idempotent (it only
-- touches values that are still out of range), and RepairedDatesTest runs it again on values
-- planted after it ran. It works for every workspace at once ('*', as background work does).
/* [jooq ignore start] */
create function pg_temp.custodia_is_date(value text) returns boolean language plpgsql as $$
begin
    -- Four-digit years only ('10000-01-01' casts, but is past the rule); year 0 does not cast.
    return value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and value::date is not null;
exception
    when others then
        return false;
end
$$;

do $$
declare
    f record;
begin
    perform set_config('custodia.workspace', '*', true);
    for f in
        select workspace_id, entity, key
        from custom_field
        where type = 'date' and entity in ('contact', 'company', 'deal', 'activity', 'note')
    loop
        execute format(
            'update %I set fields = fields - $1, version = version + 1 '
            'where workspace_id = $2 and fields ? $1 and jsonb_typeof(fields -> $1) <> ''null'' '
            'and not (jsonb_typeof(fields -> $1) = ''string'' and pg_temp.custodia_is_date(fields ->> $1))',
            f.entity)
        using f.key, f.workspace_id;
    end loop;
    update activity
    set due_at = null, version = version + 1
    where due_at < timestamptz '0001-01-01 00:00:00+00' or due_at >= timestamptz '10000-01-01 00:00:00+00';
end
$$;

drop function pg_temp.custodia_is_date(text);
/* [jooq ignore stop] */
