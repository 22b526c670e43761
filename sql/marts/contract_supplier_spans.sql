-- contract_supplier_spans: stg_contract_suppliers kept as a table, so the
-- commitment_status view gives each month its supplier with a join to a
-- small stored table (the window that makes the spans runs at build time,
-- not in every report's query).
-- grain: one row per contract per run of months one supplier held it
with stg_contract_suppliers as (select * from stg_contract_suppliers),
final as (
    select contract_ref, supplier_name, supplier_id, from_month, to_month
    from stg_contract_suppliers
)
select * from final
