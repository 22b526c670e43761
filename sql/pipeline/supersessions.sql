-- supersessions: per file of this run (the SHA-256s bound as a list), the
-- earlier returns its rows replaced. Each superseded row's direct successor
-- is the next load of the same contract, period and measure.
with chain as (
    select
        superseded,
        lag(file_sha256) over (
            partition by contract_ref, period, measure_code
            order by load_seq desc, row_number desc
        ) as replaced_by
    from returns_clean
)

select replaced_by, count(*)
from chain
where superseded and list_contains(?, replaced_by)
group by replaced_by
