-- recorded_rejections: every rejection held, in a fixed order (file, then
-- whole-file problems, then by row), for outputs written from the database.
select
    source_file, file_sha256, sheet, coalesce(row_number, 0), coalesce(column_name, ''), coalesce(cell, ''),
    coalesce(value, ''), reason, coalesce(hint, ''), coalesce(contract_ref, ''), coalesce(supplier_name, '')
from rejections_raw
order by source_file, file_sha256, row_number nulls first, sheet, cell, column_name, reason
