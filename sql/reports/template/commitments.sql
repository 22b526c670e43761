-- template/commitments: each commitment of the contract $1 (or of every
-- contract), with its frequency as the marts read it (so the months a
-- template asks for are the months the hub counts as due) and its term in
-- months.
-- grain: one row per commitment
select c.contract_ref, c.measure_code, coalesce(m.measure_name, c.measure_code), coalesce(m.unit, c.unit, ''), c.target,
       c.frequency,
       cast(date_trunc('month', coalesce(c.period_from, k.start_date)) as date),
       cast(date_trunc('month', coalesce(c.period_to, k.end_date)) as date),
       coalesce(c.delivery_plan, '')
from stg_commitments c
join stg_contracts k on k.contract_ref = c.contract_ref
left join measures m on m.measure_code = c.measure_code
where $1 = '' or c.contract_ref = $1
order by c.contract_ref, c.measure_code
