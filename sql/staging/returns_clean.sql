-- returns_clean: every loaded return with its provenance; a later load of
-- the same contract, period and measure supersedes the earlier one (both are
-- kept so an analyst can see what changed and where it came from).
-- grain: one row per loaded return row
with returns as (select * from returns),
commitments as (select contract_ref, measure_code from commitments),

ranked as (
    select
        r.*,
        row_number() over (
            partition by r.contract_ref, r.period, r.measure_code
            order by r.load_seq desc, r.row_number desc
        ) as recency
    from returns r
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
