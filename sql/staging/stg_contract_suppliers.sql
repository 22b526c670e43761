-- stg_contract_suppliers: which supplier held each contract in which
-- months (a novation moves a contract to a new supplier from a date; the
-- months before stay the old supplier's). A supplier holds the months whose
-- last day falls on or after the date it holds the contract from (a change
-- dated within a month takes that month; of two changes in one month the
-- later wins it). A contract's first supplier holds every month before the
-- next one's, from_month 0001-01; the last holds to_month 9999-12
-- (exclusive bound). A contract with no recorded supplier (none should be:
-- migration 005 recorded every contract's) keeps the register's for every
-- month.
-- grain: one row per contract per run of months one supplier held it
with contract_suppliers as (select contract_ref, effective_from, supplier_name, supplier_id from contract_suppliers),
stg_contracts as (select contract_ref, supplier_name, supplier_id from stg_contracts),

in_month_order as (
    select
        contract_ref,
        supplier_name,
        supplier_id,
        cast(date_trunc('month', effective_from) as date) as change_month,
        row_number() over (partition by contract_ref, date_trunc('month', effective_from) order by effective_from desc) as latest_in_month
    from contract_suppliers
),

one_per_month as (
    select contract_ref, supplier_name, supplier_id, change_month
    from in_month_order
    where latest_in_month = 1
),

spans as (
    select
        contract_ref,
        supplier_name,
        supplier_id,
        case when row_number() over w = 1 then date '0001-01-01' else change_month end as from_month,
        coalesce(lead(change_month) over w, date '9999-12-01') as to_month
    from one_per_month
    window w as (partition by contract_ref order by change_month)
),

unrecorded as (
    select c.contract_ref, c.supplier_name, c.supplier_id, date '0001-01-01' as from_month, date '9999-12-01' as to_month
    from stg_contracts c
    where not exists (select 1 from contract_suppliers h where h.contract_ref = c.contract_ref)
),

final as (
    select * from spans
    union all
    select * from unrecorded
)
select * from final
