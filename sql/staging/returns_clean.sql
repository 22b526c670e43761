-- returns_clean: every loaded return with its provenance; a later load of
-- the same contract, period and measure supersedes the earlier one (both are
-- kept so an analyst can see what changed and where it came from).
-- grain: one row per loaded return row
-- returns is read three times below, directly: an import CTE read more
-- than once would be materialised, a copy of every return
with commitments as (select contract_ref, measure_code from commitments),

reloaded as (
    -- keys loaded more than once: only their rows need ranking (a window
    -- over every return sorted all of them, with every column, for the few
    -- that a later load supersedes)
    select contract_ref, period, measure_code
    from returns
    group by contract_ref, period, measure_code
    having count(*) > 1
),

ranked as (
    select r.*, 1 as recency
    from returns r
    anti join reloaded d on d.contract_ref = r.contract_ref and d.period = r.period and d.measure_code = r.measure_code
    union all
    select
        r.*,
        row_number() over (
            partition by r.contract_ref, r.period, r.measure_code
            order by r.load_seq desc, r.row_number desc
        ) as recency
    from returns r
    -- one row per key in reloaded: this join only keeps rows
    join reloaded d on d.contract_ref = r.contract_ref and d.period = r.period and d.measure_code = r.measure_code
),

final as (
    select
        r.contract_ref,
        r.period,
        r.measure_code,
        r.value,
        r.source_file,
        r.sheet,
        r.row_number,
        r.recency > 1 as superseded,
        c.contract_ref is not null as committed,
        r.supplier_name,
        r.evidence,
        r.notes,
        r.location,
        r.cell,
        cast(r.extra as json) as extra,
        r.file_sha256,
        r.load_seq
    from ranked r
    left join commitments c on c.contract_ref = r.contract_ref and c.measure_code = r.measure_code
)
select * from final
