-- findings: every open quality flag (or one contract's: $1, any case; ''
-- for all), as `svhub lint` prints them, worst first within a contract.
-- grain: one row per open flag
select
    contract_ref,
    coalesce(supplier_name, '') as supplier_name,
    coalesce(trust_code, '') as trust_code,
    flag,
    coalesce(measure_code, '') as measure_code,
    coalesce(severity, 9) as severity,
    coalesce(category, '') as category,
    coalesce(detail, '') as detail,
    coalesce(explanation, '') as explanation,
    coalesce(ask_supplier, '') as ask_supplier,
    coalesce(rule, '') as rule,
    coalesce(rule_source, '') as rule_source
from commitment_flags_open
where $1 = '' or upper(contract_ref) = upper($1)
order by contract_ref, severity, measure_code nulls first, flag
