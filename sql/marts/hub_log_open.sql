-- hub_log_open: this month's open items for the hub log workbook (svhub
-- template --hub-log, and each monthly run): overdue returns to chase (with
-- the chases so far), commitments off track (red), quality flags not
-- resolved, and returns whose evidence is not yet seen or reported missing
-- (those of the reporting month, and any whose evidence was requested
-- earlier). An item the hub resolved is left out. What was last logged for
-- an item (status, owner, action, dates, notes) is carried, so the log
-- follows on from month to month.
-- grain: one row per open item (item_key)
-- clock: today
-- materialise: no (a view: follows each hub log load)
with reporting as (select reporting_month from int_reporting_month),
latest as (select * from int_hub_log_latest),
stg_contracts as (select contract_ref, supplier_name from stg_contracts),
chase as (
    select
        1 as type_order, 'chase' as item_type,
        'chase|' || contract_ref || '|' || substr(cast(period as varchar), 1, 7) as item_key,
        contract_ref, supplier_name, period, cast(null as varchar) as measure_code,
        'no return for ' || substr(cast(period as varchar), 1, 7) || ', ' || days_overdue || ' days overdue; ' || chased
            || case when escalate then '; escalate (chased ' || chase_escalate_after || ' times or more)' else '' end as detail
    from chase_status
),
off_track as (
    select
        2, 'offtrack',
        'offtrack|' || contract_ref || '|' || measure_code,
        contract_ref, supplier_name, cast(null as date), measure_code,
        'delivered ' || coalesce(cast(round(delivered_to_date, 2) as varchar), 'nothing') || ' of ' || round(expected_to_date, 2)
            || ' expected by ' || substr(cast(as_of as varchar), 1, 7)
            || coalesce(' (' || unit || ')', '') || coalesce(', ' || round(100 * delivery_ratio) || '% of plan', '')
    from commitment_status_latest
    where rag = 'red' and last_month >= as_of
),
flag as (
    select
        3, 'flag',
        'flag|' || contract_ref || '|' || coalesce(measure_code, '-') || '|' || flag,
        contract_ref, supplier_name, cast(null as date), measure_code,
        flag || coalesce(': ' || detail, '')
    from commitment_flags_open
),
evidence as (
    select
        4, 'evidence',
        'evidence|' || e.contract_ref || '|' || substr(cast(e.period as varchar), 1, 7) || '|' || e.measure_code,
        e.contract_ref, k.supplier_name, e.period, e.measure_code,
        'return of ' || e.value || ' for ' || substr(cast(e.period as varchar), 1, 7) || '; evidence ' || e.evidence_status
            || coalesce('; supplier says: ' || left(e.supplier_evidence, 120), '')
    from evidence_status e
    cross join reporting r
    left join stg_contracts k on k.contract_ref = e.contract_ref
    where e.evidence_status = 'requested' or (e.evidence_status = 'not checked' and e.period = r.reporting_month)
),
items as (
    select * from chase
    union all select * from off_track
    union all select * from flag
    union all select * from evidence
),
final as (
    select
        i.type_order,
        i.item_type,
        i.item_key,
        i.contract_ref,
        i.supplier_name,
        i.period,
        i.measure_code,
        i.detail,
        r.reporting_month as log_month,
        l.status,
        l.owner,
        l.action_agreed,
        l.due_date,
        l.date_checked,
        l.evidence_check,
        l.notes
    from items i
    cross join reporting r
    left join latest l on l.item_key = i.item_key
    where coalesce(l.status, '') <> 'resolved'
)
select * from final
