-- ref_contracts: the contracts rows are checked against.
select contract_ref, model, start_date, end_date, supplier_name, trust_code, value_gbp from contracts
