-- return_notes: what suppliers wrote as notes with their returns, so a
-- story can quote the supplier's own words (with return_evidence, the
-- evidence they wrote): the stories read these two marts, not
-- returns_clean, which ranks every return (at England it was most of the
-- dashboard's time). Notes are rare beside evidence (about 4% of returns).
-- grain: one row per current (not superseded) return with notes text
with returns_clean as (select * from returns_clean),
final as (
    select contract_ref, measure_code, period, notes
    from returns_clean
    where not superseded and nullif(trim(notes), '') is not null
)
select * from final
