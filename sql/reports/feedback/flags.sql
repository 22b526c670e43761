-- feedback/flags: the open quality flags on the commitments of each
-- supplier in scope.
-- grain: one row per commitment and flag
select supplier_name, contract_ref, coalesce(measure_code, '') as measure_code, flag
from commitment_flags_open
where cast($as_of as date) is not null and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
order by supplier_name, contract_ref, measure_code, flag
