-- int_hub_log_latest: where each hub log item stands now: its latest
-- current entry (the latest month it was logged, the correction of that
-- month's row if there was one).
-- grain: one row per hub log item
with hub_log as (select * from hub_log where not superseded),
ranked as (
    select
        *,
        row_number() over (partition by item_key order by log_month desc) as latest
    from hub_log
),
final as (
    select
        item_key, item_type, contract_ref, period, measure_code, flag, log_month,
        status, owner, action_agreed, due_date, date_checked, evidence_check, notes,
        loaded_by, loaded_at, source_file, sheet, row_number
    from ranked
    where latest = 1
)
select * from final
