-- sources (the board pack's About sheet): every file loaded, with its
-- SHA-256, format, when it was loaded and its rows loaded and rejected, by
-- name: load order follows file times, which differ between runs. Read
-- from the load register (ingest_files): the format and load time are
-- recorded nowhere else.
-- grain: one row per file
select source_file, file_sha256, format, ingested_at, rows_loaded, rows_rejected
from ingest_files
order by source_file, file_sha256
