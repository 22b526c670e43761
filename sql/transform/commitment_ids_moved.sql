-- commitment_ids_moved: how many commitments would change commitment_id
-- other than those of the contracts whose every month the merge replaces
-- (svhub_touched.touched_since NULL: their rows go whatever their numbers).
-- int_commitment_terms numbers every commitment in key order, so a
-- commitment added or dropped ahead of others in that order renumbers
-- theirs; their rows kept in commitment_months and commitment_details
-- would then no longer join, and the merge must rebuild every mart whole.
-- It reads int_commitment_terms before any mart is rebuilt or merged
-- (three columns of it: DuckDB reads no other). A number that changes
-- hands between contracts replaced whole is rebuilt by the merge itself.
with stored as (select commitment_id, contract_ref, measure_code from main.commitment_details),
now as (select commitment_id, contract_ref, measure_code from int_commitment_terms),
replaced as (select touched_ref as contract_ref from svhub_touched where touched_since is null),
final as (
    select count(*) as moved
    from stored s
    full join now n on n.commitment_id = s.commitment_id
    where (s.contract_ref is distinct from n.contract_ref or s.measure_code is distinct from n.measure_code)
        and (s.contract_ref not in (select contract_ref from replaced) or n.contract_ref not in (select contract_ref from replaced))
)
select * from final
