-- touched: the contracts a load touched (transform.Touched), as a
-- temporary table the merge's predicates read (touched_contract_ref.sql):
-- touched_since is the earliest month of a contract's returns the load changed
-- (Touched.Since), NULL when it changed rows other than returns (every
-- month). The columns are named apart from the marts' (touched_*), so
-- a predicate's subquery reads the mart's contract_ref. The two lists are the same length: unnest pairs them.
create or replace temp table svhub_touched as
select
    unnest(cast(? as varchar[])) as touched_ref,
    cast(nullif(unnest(cast(? as varchar[])), '') as date) as touched_since
