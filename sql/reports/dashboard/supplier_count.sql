-- supplier_count: how many suppliers have contracts in the report's scope
-- (whether each can have a drill-down view).
-- grain: one row
select count(distinct supplier_name) from contract_summary
where in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
