-- touched: the contracts a load touched (transform.Touched), as a
-- temporary table the merge's predicates read (touched_contract_ref.sql).
create or replace temp table svhub_touched as
select distinct unnest(cast(? as varchar[])) as contract_ref
