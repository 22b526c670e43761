-- hub_log: every hub log entry loaded (svhub template --hub-log, filled in
-- by the analyst and ingested), with who loaded it, when and from which
-- file. An entry is an item (hubkey: chase|contract|month,
-- offtrack|contract|measure, flag|contract|measure|flag,
-- evidence|contract|month|measure) in the month the log was for; a later
-- load of the same item and month supersedes the earlier entry (the
-- corrected log row wins), and both stay here.
-- grain: one row per loaded hub log row
with hub_log_entries as (select * from hub_log_entries),
ranked as (
    select
        *,
        row_number() over (partition by item_key, log_month order by load_seq desc, row_number desc) as newest
    from hub_log_entries
),
final as (
    select
        item_key, item_type, contract_ref, period, measure_code, flag, log_month,
        status, owner, action_agreed, due_date, date_checked, evidence_check, notes,
        newest > 1 as superseded,
        loaded_by, loaded_at, source_file, file_sha256, sheet, row_number, load_seq
    from ranked
)
select * from final
