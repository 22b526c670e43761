-- touched_contracts: the contracts whose rows the given files hold (a list
-- of SHA-256s), for the incremental merge of the marts (transform.Touched):
-- an ingest asks before it removes an earlier load's rows and after it
-- loads new ones. Returns and hub log entries name their contract;
-- register rows (contracts, commitments, the suppliers a novation adds)
-- touch their contract; an organisation row touches every contract of its
-- trust (names, ICS and region are read through the trust). Priorities
-- and rejections touch no contract: the marts that read them are rebuilt
-- whole at every merge.
-- since is the earliest month of the contract's returns the files hold,
-- when returns are all they hold of it (NULL: other rows too, so every
-- month): a month's figures look back only, so the merge keeps the months
-- before it (transform.Touched.Since).
with files as (select unnest(cast(? as varchar[])) as file_sha256),
touched as (
    select contract_ref, min(period) as since from returns where file_sha256 in (select file_sha256 from files) group by contract_ref
    union all
    select contract_ref, null from hub_log_entries where file_sha256 in (select file_sha256 from files)
    union all
    select contract_ref, null from contracts where file_sha256 in (select file_sha256 from files)
    union all
    select contract_ref, null from commitments where file_sha256 in (select file_sha256 from files)
    union all
    select contract_ref, null from contract_suppliers where file_sha256 in (select file_sha256 from files)
    union all
    select k.contract_ref, null
    from contracts k
    join organisations o on o.trust_code = k.trust_code
    where o.file_sha256 in (select file_sha256 from files)
),
final as (
    select
        contract_ref,
        -- min ignores NULLs: one NULL row means every month
        case when count(*) = count(since) then strftime(min(since), '%Y-%m-%d') end as since
    from touched
    group by contract_ref
    order by contract_ref
)
select * from final
