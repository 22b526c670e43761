-- flags: every open quality flag, vague commitments first (flag_rank), in
-- every view, capped per view ($keep, list_keeps; a supplier's view keeps
-- every row).
-- grain: one row per scope and flag kept
with f as (from scoped(commitment_flags_open, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
listed as (
    select scope, contract_ref, supplier_name, coalesce(measure_code, '') as measure_code, flag, detail,
        coalesce(rule || ' (' || rule_source || ')', '') as rule_applied
    from f
)
select * exclude (scope_rank)
from (
    select *, count(*) over (partition by scope) as scope_rows,
        row_number() over (partition by scope order by flag_rank(flag), contract_ref, measure_code) as scope_rank
    from listed
) ranked
where scope_rank <= list_keeps(scope, scope_rows, $keep, $keep_all, true)
order by scope, scope_rank
