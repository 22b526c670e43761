-- commitment_flags_open: the quality flags the hub has not resolved. A
-- flag whose latest hub log entry is 'resolved' (the reason is in the
-- actions view) is not raised again month after month; the rest are as
-- commitment_flags gives them.
-- grain: one row per commitment (or contract) per open flag
-- clock: today
-- materialise: no (a view: follows each hub log load)
with commitment_flags as (select * from commitment_flags),
resolved as (
    select contract_ref, measure_code, flag
    from int_hub_log_latest
    where item_type = 'flag' and status = 'resolved'
),
final as (
    select f.*
    from commitment_flags f
    where not exists (
        select 1 from resolved r
        where r.contract_ref = f.contract_ref and r.flag = f.flag and r.measure_code is not distinct from f.measure_code
    )
)
select * from final
