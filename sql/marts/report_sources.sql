-- report_sources: the files behind the data, for a report's "about"
-- section: the file as loaded (reports show its name only, never the
-- analyst's folders), its SHA-256,
-- the rows loaded from it and the rows rejected. Read from the loaded rows'
-- own provenance, so the model runs over an export as well.
-- grain: one row per source file
with returns as (select source_file, file_sha256 from returns),
contracts as (select source_file, file_sha256 from contracts),
commitments as (select source_file, file_sha256 from commitments),
organisations as (select source_file, file_sha256 from organisations),
rejections as (select source_file, file_sha256 from rejections_raw),

loaded as (
    select source_file, file_sha256 from returns
    union all select source_file, file_sha256 from contracts
    union all select source_file, file_sha256 from commitments
    union all select source_file, file_sha256 from organisations
),

counted as (
    select source_file, file_sha256, count(*) as rows_loaded, 0 as rows_rejected from loaded group by all
    union all
    select source_file, file_sha256, 0, count(*) from rejections group by all
),

final as (
    select
        source_file,
        file_sha256,
        sum(rows_loaded) as rows_loaded,
        sum(rows_rejected) as rows_rejected
    from counted
    group by all
)
select * from final
