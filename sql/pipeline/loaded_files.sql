-- loaded_files: every file a load kept (not refused by --strict), in load
-- order, with its path as loaded and its rows: the run compares them with
-- the inbox to list the files that have left it.
select source_file, file_sha256, rows_loaded
from ingest_files
where not strict_failed
order by load_seq
