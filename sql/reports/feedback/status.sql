-- feedback/status: each commitment of each supplier in scope and its
-- status in the reporting month, off track first.
-- grain: one row per commitment
select supplier_name, contract_ref, coalesce(measure_name, measure_code) as measure, unit,
       target, expected_to_date, delivered_to_date, delivery_ratio, upper(substr(rag, 1, 1)) || substr(rag, 2) as rag
from commitment_status
where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
order by supplier_name, case rag when 'red' then 0 when 'amber' then 1 when 'green' then 2 else 3 end, contract_ref, measure_code
