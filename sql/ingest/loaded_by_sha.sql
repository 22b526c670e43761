-- loaded_by_sha: the loaded file with this content (the SHA-256 of the
-- file a withdraw names).
select file_sha256, source_file from ingest_files where file_sha256 = ?
