-- recorded_files: every file loaded, in load order, with its row counts
-- (rows_read is blank for loads before schema 5: rows loaded + rejected).
select source_file, file_sha256, rows_loaded, rows_rejected, coalesce(rows_read, rows_loaded + rows_rejected)
from ingest_files
order by load_seq, source_file
