-- commitments: the data download, the whole report's rows only: the first
-- $max_rows of them (a top-N, not a sort of every row), with how many
-- there are (scope_rows).
-- grain: one row per commitment of the reporting month
select 'all' as scope, as_of, contract_ref, supplier_name, trust_code, coalesce(trust_name, trust_code) as trust_name, ics_code, region_code,
    model, mission, measure_code, measure_name, unit, target, expected_to_date, delivered_to_date, delivery_ratio, rag,
    last_month < $as_of as completed,
    (select count(*) from commitment_status
     where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)) as scope_rows
from commitment_status
where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
order by contract_ref, measure_code
limit $max_rows
