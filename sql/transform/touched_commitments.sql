-- touched_commitments: the commitments whose rows an incremental merge
-- replaces in commitment_months, and from which month (touched_from;
-- -infinity for every month: svhub_touched.touched_from, touched.sql). They are the touched contracts' commitments
-- as the marts hold them (commitment_details, before the merge replaces
-- them: one the register dropped) and as the data now gives them
-- (int_commitment_terms: one the register added).
-- A month's row looks back only (running sums, periods due at as_of), so
-- a contract whose returns alone changed keeps its rows before the
-- earliest month changed (svhub_touched.touched_since). A reporting month that
-- moved ($1, the earlier of the two; NULL when it did not) ends or starts
-- every commitment's rows there (a row per month up to the reporting
-- month; the grey row of one not started sits at it): every commitment's
-- rows from that month on are replaced, the touched contracts' from the
-- earlier of the two months. Rows before both are the same as before.
create or replace temp table svhub_touched_commitments as
with moved as (select cast(? as date) as reporting_month),
ids as (
    -- the stored side adds only what the register dropped (the touched
    -- contracts'): every other commitment is on both sides
    select commitment_id, contract_ref from main.commitment_details
    where contract_ref in (select touched_ref from svhub_touched)
    union
    select commitment_id, contract_ref from int_commitment_terms
    where contract_ref in (select touched_ref from svhub_touched) or (select reporting_month from moved) is not null
),
final as (
    -- one row per commitment (the merge joins on it): a number that
    -- changed hands between two touched contracts from the earlier month
    select
        i.commitment_id as touched_id,
        -- least ignores a NULL (the reporting month did not move)
        min(case when t.touched_ref is null then m.reporting_month else least(t.touched_from, m.reporting_month) end) as touched_from
    from ids i
    cross join moved m
    left join svhub_touched t on t.touched_ref = i.contract_ref
    group by i.commitment_id
)
select * from final
