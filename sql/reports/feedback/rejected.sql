-- feedback/rejected: the rows of each supplier's files that did not load,
-- with the reason, for the suppliers with commitments in scope.
-- grain: one row per rejected cell
select supplier_name, regexp_extract(source_file, '[^/\\]*$') as source_file, sheet, row_number, column_name, cell, value, reason
from rejected_rows
where cast($as_of as date) is not null and ($supplier = '' or supplier_name = $supplier)
  and supplier_name in (
    select supplier_name from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier))
order by supplier_name, source_file, sheet, row_number, column_name
