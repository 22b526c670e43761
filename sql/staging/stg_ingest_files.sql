-- stg_ingest_files: every file ingest has read, with its load order.
-- grain: one row per file (SHA-256)
with ingest_files as (select * from ingest_files),
final as (
    select file_sha256, source_file, format, load_seq, ingested_at, rows_loaded, rows_rejected, strict_failed
    from ingest_files
)
select * from final
