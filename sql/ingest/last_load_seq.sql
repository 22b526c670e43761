-- last_load_seq: the highest load sequence so far (0 before the first
-- load); a load numbers its files after it, and its supersessions are
-- those of loads after it.
select coalesce(max(load_seq), 0) from ingest_files
