-- loaded_by_name: the loaded files with this name (the second value: the
-- name after a path separator).
select file_sha256, source_file from ingest_files where source_file = ? or ends_with(source_file, ?)
