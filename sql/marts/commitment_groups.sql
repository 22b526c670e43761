-- commitment_groups: the group each commitment falls in under every RAG
-- breakdown the dashboard draws (kind: mission, theme, outcome,
-- award_criterion, ics, trust, place, category), with the label and code
-- the dashboard shows for the group. What a commitment is, not how it is
-- doing, so the same in every month: rag_breakdowns counts each month's
-- RAG statuses into these groups. Only 2020-model commitments have a theme
-- and a 2020 outcome; only those whose measure names an award criterion
-- are under award_criterion.
-- grain: one row per commitment (contract_ref, measure_code) per kind
-- materialise: no (read once per rebuild, by rag_breakdowns_latest)
with details as (select * from commitment_details),
categories as (select contract_ref, category from contract_summary),
criteria as (select model, award_criterion, wording_status from award_criteria),
outcomes as (select distinct model, outcome_code, outcome_name from measures),

final as (
    select d.contract_ref, d.measure_code, 'mission' as kind,
        coalesce(d.mission_name, 'Not in the taxonomy') as label, coalesce(d.mission, '') as code
    from details d
    union all
    select d.contract_ref, d.measure_code, 'theme', coalesce(d.theme, 'Not in the taxonomy'), '2020'
    from details d
    where d.model = '2020'
    union all
    select d.contract_ref, d.measure_code, 'outcome', coalesce(o.outcome_name, 'Outcome ' || d.outcome_code), coalesce(d.outcome_code, '')
    from details d
    left join outcomes o on o.model = d.model and o.outcome_code = d.outcome_code
    where d.model = '2020'
    union all
    select d.contract_ref, d.measure_code, 'award_criterion',
        d.award_criterion_label || ' ' || d.award_criterion_name || case when a.wording_status = 'provisional' then ' (svhub wording)' else '' end,
        d.measure_model || ' ' || d.award_criterion
    from details d
    left join criteria a on a.model = d.measure_model and a.award_criterion = d.award_criterion
    where d.award_criterion is not null
    union all
    select d.contract_ref, d.measure_code, 'ics', coalesce(d.ics_name, d.ics_code), d.ics_code
    from details d
    union all
    select d.contract_ref, d.measure_code, 'trust', coalesce(d.trust_name, d.trust_code), d.trust_code
    from details d
    union all
    select d.contract_ref, d.measure_code, 'place', coalesce(d.local_area, 'No place given'), coalesce(d.local_area, '')
    from details d
    union all
    select d.contract_ref, d.measure_code, 'category',
        coalesce(upper(left(k.category, 1)) || substr(k.category, 2), 'No category given'), coalesce(k.category, '')
    from details d
    left join categories k on k.contract_ref = d.contract_ref
)
select * from final
