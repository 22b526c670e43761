-- chases: every chase of an overdue return the hub recorded in its log
-- (status 'chased' with the date it was sent). One chase per item and
-- date: the same chase carried in the next month's log is not counted
-- twice.
-- grain: one row per overdue return (contract, period) per date chased
-- materialise: no (a view over the hub log)
with hub_log as (
    select *
    from hub_log
    where not superseded and item_type = 'chase' and status = 'chased' and date_checked is not null
),
stg_contracts as (select contract_ref, supplier_name from stg_contracts),
per_date as (
    select
        item_key,
        contract_ref,
        period,
        date_checked as chased_on,
        min(log_month) as log_month,
        min(owner) as chased_by,
        min(notes) as notes,
        min(source_file) as source_file
    from hub_log
    group by item_key, contract_ref, period, date_checked
),
final as (
    select p.item_key, p.contract_ref, k.supplier_name, p.period, p.chased_on, p.chased_by, p.notes, p.log_month, p.source_file
    from per_date p
    left join stg_contracts k on k.contract_ref = p.contract_ref
)
select * from final
