-- ingested_files: the SHA-256 of every file ingested before, read once per
-- run (a query per file cost a millisecond each).
select file_sha256 from ingest_files
