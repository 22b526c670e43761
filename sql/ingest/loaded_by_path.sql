-- loaded_by_path: the loaded file at this path, as given or absolute.
select file_sha256, source_file from ingest_files where source_file = ? or source_file = ?
