-- supplier_rejections: each supplier's rejected rows, cell by cell, for its
-- feedback page, in its supplier view only.
-- grain: one row per supplier view and rejected cell
with r as (from scoped(rejected_rows, $region, $ics, $trust, $supplier, $drill, $supplier_views))
select scope, regexp_extract(source_file, '[^/\\]*$') as file_name, sheet, row_number, coalesce(cell, column_name, '') as cell,
    coalesce(value, '') as value, reason
from r
where scope like 'supplier:%'
order by scope, file_name, sheet, row_number nulls first, cell, reason
