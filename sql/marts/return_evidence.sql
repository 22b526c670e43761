-- return_evidence: what suppliers wrote as evidence with their returns, so
-- a highlight can quote the supplier's own words.
-- grain: one row per current (not superseded) return with evidence text
with returns_clean as (select * from returns_clean),
final as (
    select contract_ref, measure_code, period, evidence
    from returns_clean
    where not superseded and nullif(trim(evidence), '') is not null
)
select * from final
