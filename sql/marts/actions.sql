-- actions: what the hub agreed to do about an item of its log (an
-- off-track commitment, a quality flag, an overdue return, a return's
-- evidence) and where it stands: the latest entry of each item that
-- carries an action, a due date, or a status of 'action agreed' or
-- 'resolved' (with why, in notes). An action not resolved by its due date
-- is past due: an exception in its own right.
-- grain: one row per hub log item with an action or a resolution
-- clock: today
-- materialise: no (a view: follows each hub log load)
with latest as (select * from int_hub_log_latest),
settings as (select today from int_settings),
stg_contracts as (select contract_ref, supplier_name, trust_code from stg_contracts),
stg_organisations as (select trust_code, ics_code, region_code from stg_organisations),
final as (
    select
        l.item_key,
        l.item_type,
        l.contract_ref,
        k.supplier_name,
        k.trust_code,
        o.ics_code,
        o.region_code,
        l.period,
        l.measure_code,
        l.flag,
        l.status,
        l.owner,
        l.action_agreed,
        l.due_date,
        coalesce(l.status <> 'resolved' and l.due_date < s.today, false) as past_due,
        l.notes,
        l.log_month,
        l.loaded_by,
        l.source_file
    from latest l
    cross join settings s
    left join stg_contracts k on k.contract_ref = l.contract_ref
    left join stg_organisations o on o.trust_code = k.trust_code
    where l.action_agreed is not null or l.due_date is not null or l.status in ('action agreed', 'resolved')
)
select * from final
