-- ref_measures: the taxonomy's measures rows are checked against.
select measure_code, model, measure_name, unit, aggregation from tx_measures
