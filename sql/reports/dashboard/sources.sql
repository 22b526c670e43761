-- sources: every file loaded, with its SHA-256 (the whole report's only).
-- grain: one row per file
select 'all' as scope, regexp_extract(source_file, '[^/\\]*$') as file_name, file_sha256, rows_loaded, rows_rejected
from report_sources
order by file_name, file_sha256
