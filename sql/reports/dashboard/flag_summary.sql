-- flag_summary: each open quality flag's count in every view, the hub's
-- own failure modes first. vague_commitments is the Overview's "Vague
-- commitments": a commitment with at least one vagueness flag, however
-- many it has; the flags themselves are counted per flag (flagged).
-- grain: one row per scope and flag
with f as (from scoped(commitment_flags_open, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
v as (
    select scope, commitments_counted(contract_ref, measure_code) as vague_commitments
    from f where is_vague(flag) group by scope
)
select f.scope, f.flag, any_value(f.flag) as meaning, count(*) as flagged, count(distinct f.contract_ref) as contracts,
    coalesce(any_value(v.vague_commitments), 0) as vague_commitments
from f left join v on v.scope = f.scope
group by f.scope, f.flag
order by f.scope, flag_rank(flag)
