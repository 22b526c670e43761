-- template/contracts: the contract $1 (or every contract when $1 is ''),
-- its supplier, trust and term in months.
-- grain: one row per contract
select k.contract_ref, k.supplier_name, coalesce(o.trust_name, k.trust_code), k.start_month, k.end_month
from stg_contracts k
left join stg_organisations o on o.trust_code = k.trust_code
where $1 = '' or k.contract_ref = $1
order by k.contract_ref
