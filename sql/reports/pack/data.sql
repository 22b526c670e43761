-- data (the board pack's Data sheet): every commitment in the report's
-- scope in the reporting month, one row each, to filter on screen.
-- grain: one row per commitment
-- params: $as_of, $region, $ics, $trust, $supplier
select as_of, contract_ref, supplier_name, trust_code, coalesce(trust_name, trust_code) as trust_name, ics_code, region_code,
       model, mission, mission_name, measure_code, measure_name, unit, target, expected_to_date, delivered_to_date, delivery_ratio,
       upper(substr(rag, 1, 1)) || substr(rag, 2) as rag
from commitment_status
where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
order by contract_ref, measure_code
