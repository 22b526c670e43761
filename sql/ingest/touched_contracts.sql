-- touched_contracts: the contracts whose rows the given files hold (a list
-- of SHA-256s), for the incremental merge of the marts (transform.Touched):
-- an ingest asks before it removes an earlier load's rows and after it
-- loads new ones. Returns and hub log entries name their contract;
-- register rows (contracts, commitments, the suppliers a novation adds)
-- touch their contract; an organisation row touches every contract of its
-- trust (names, ICS and region are read through the trust). Priorities
-- and rejections touch no contract: the marts that read them are rebuilt
-- whole at every merge.
with files as (select unnest(cast(? as varchar[])) as file_sha256),
touched as (
    select contract_ref from returns where file_sha256 in (select file_sha256 from files)
    union
    select contract_ref from hub_log_entries where file_sha256 in (select file_sha256 from files)
    union
    select contract_ref from contracts where file_sha256 in (select file_sha256 from files)
    union
    select contract_ref from commitments where file_sha256 in (select file_sha256 from files)
    union
    select contract_ref from contract_suppliers where file_sha256 in (select file_sha256 from files)
    union
    select k.contract_ref
    from contracts k
    join organisations o on o.trust_code = k.trust_code
    where o.file_sha256 in (select file_sha256 from files)
),
final as (
    select contract_ref from touched order by contract_ref
)
select * from final
