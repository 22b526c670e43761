-- commitment_status: delivery against each commitment, month by month (what
-- the figures mean: commitment_months). A view over two tables: the monthly
-- figures (commitment_months, a narrow row per commitment-month) and what
-- describes each commitment (commitment_details, one row each). Stored as
-- one 35-column table it cost most of every rebuild to write; a report's
-- query reads one month (as_of = ...), and the join then costs a few
-- milliseconds.
-- social_value_gbp = delivered × the proxy £ per unit (sum measures only).
-- supplier_name is the supplier holding the contract in that month
-- (contract_supplier_spans: a novation moves the months from its date on,
-- not the months before), so every rollup by supplier splits the same way.
-- grain: one row per commitment per month, from first_month to the earlier
-- of its last month and the reporting month (a commitment starting later has
-- one grey row at the reporting month)
-- materialise: no (a view: see above)
with commitment_months as (select * from commitment_months),
commitment_details as (select * from commitment_details),
suppliers as (select contract_ref, supplier_name, from_month, to_month from contract_supplier_spans),
final as (
    select
        m.as_of,
        d.contract_ref,
        coalesce(s.supplier_name, d.supplier_name) as supplier_name,
        d.trust_code,
        d.ics_code,
        d.region_code,
        d.measure_code,
        d.unit,
        d.target,
        m.expected_to_date,
        m.delivered_to_date,
        m.delivery_ratio,
        m.rag,
        case when d.aggregation = 'sum' then m.delivered_to_date * d.gbp_per_unit end as social_value_gbp,
        d.model,
        d.measure_model,
        d.trust_name,
        d.ics_name,
        d.region_name,
        d.measure_name,
        d.mission,
        d.mission_name,
        d.theme,
        d.outcome_code,
        d.outcome_name,
        d.aggregation,
        d.frequency,
        d.category,
        d.local_area,
        d.contract_value_gbp,
        d.first_month,
        d.last_month,
        m.months_due,
        m.as_of = d.last_month as is_final,
        m.not_started,
        -- the award criterion the measure reports against (NULL where none
        -- is recorded), whether its wording is svhub's (provisional), and
        -- whether its mission came through the 2020 -> 2025 crosswalk
        d.award_criterion,
        d.award_criterion_label,
        d.award_criterion_name,
        d.wording_status,
        d.mission_via,
        d.crosswalk_confidence
    from commitment_months m
    -- one row per commitment in commitment_details (its grain), so this
    -- adds columns only
    join commitment_details d on d.commitment_id = m.commitment_id
    -- a contract's spans do not overlap, so this adds a column only
    left join suppliers s on s.contract_ref = d.contract_ref and m.as_of >= s.from_month and m.as_of < s.to_month
)
select * from final
