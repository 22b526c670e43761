-- loaded_by_sha_prefix: the loaded files whose SHA-256 starts with this.
select file_sha256, source_file from ingest_files where starts_with(file_sha256, ?)
