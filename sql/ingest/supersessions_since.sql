-- supersessions_since: the returns the loads after load_seq $1 replaced,
-- in the order they are reported (new file, row, key); a replacement by
-- another file of the same load with a different value is a conflict.
select contract_ref, strftime(period, '%Y-%m'), measure_code, old_value, new_value, old_file, new_file,
    old_load_seq > $1 and old_value <> new_value
from supersessions
where new_load_seq > $1
order by new_file, new_row, contract_ref, period, measure_code
