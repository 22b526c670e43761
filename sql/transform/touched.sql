-- touched: the contracts a load touched (transform.Touched), as a
-- temporary table the merge's predicates read (touched_contract_ref.sql).
-- touched_since is the earliest month of a contract's returns the load
-- changed (Touched.Since), NULL when it changed rows other than returns
-- (every month). touched_from is the same with every month as -infinity,
-- so a predicate compares a row's month with it alone (period >=
-- touched_from): a condition DuckDB checks inside the hash join on the
-- contract, where an `or` beside the key cost far more at England. The
-- columns are named apart from the marts' (touched_*), so a predicate's
-- subquery reads the mart's contract_ref. The two lists are the same
-- length: unnest pairs them.
create or replace temp table svhub_touched as
with given as (
    select
        unnest(cast(? as varchar[])) as touched_ref,
        cast(nullif(unnest(cast(? as varchar[])), '') as date) as touched_since
)
select touched_ref, touched_since, coalesce(touched_since, cast('-infinity' as date)) as touched_from
from given
