-- evidence_status: where the hub stands on the evidence behind every
-- current return: 'not checked' (nothing logged), 'requested', 'seen' or
-- 'not provided', with who checked it and when: the latest hub log entry
-- for the return's evidence item that gives an evidence status. A return
-- is verified when its evidence was seen; only verified returns count in
-- verified delivery (verified_delivery).
-- grain: one row per current (not superseded) return
-- materialise: no (a view: the hub log is small, and a view follows each load)
with returns_clean as (
    select contract_ref, period, measure_code, value, evidence
    from returns_clean
    where not superseded
),
checks as (
    select *
    from hub_log
    where not superseded and item_type = 'evidence' and evidence_check is not null
),
latest_check as (
    select
        *,
        row_number() over (partition by contract_ref, period, measure_code order by log_month desc, load_seq desc, row_number desc) as newest
    from checks
),
final as (
    select
        r.contract_ref,
        r.period,
        r.measure_code,
        r.value,
        r.evidence as supplier_evidence,
        coalesce(c.evidence_check, 'not checked') as evidence_status,
        coalesce(c.evidence_check = 'seen', false) as verified,
        c.owner as checked_by,
        c.date_checked,
        c.notes as check_notes,
        c.log_month,
        c.source_file as log_file
    from returns_clean r
    left join latest_check c
        on c.newest = 1
        and c.contract_ref = r.contract_ref
        and c.period = r.period
        and c.measure_code = r.measure_code
)
select * from final
